import { landscape } from '../bench/scenario';
import { assertIdentical, baseline, floor, LAYOUTS, library, libraryUpstreamsProp } from '../bench/ways';

// The benchmark's smoke test: N = 100, one repetition, outputs only (never a time).
describe('benchmark (smoke, 100 Shoots)', () => {
  const data = landscape(100);

  test.each(LAYOUTS)('library, hand-written ApiObjects and direct YAML give the same bytes (%s)', layout => {
    const expected = floor(data, layout);
    expect(expected).toContain('kind: Shoot');
    expect(expected.split('\n---\n')).toHaveLength(100 + 10 * 3);
    assertIdentical('library vs floor', library(data, layout), expected);
    assertIdentical('library (upstreams prop) vs floor', libraryUpstreamsProp(data, layout), expected);
    assertIdentical('baseline vs floor', baseline(data, layout), expected);
  });

  test('a difference is reported with the first differing line', () => {
    expect(() => assertIdentical('a vs b', 'x\ny\n', 'x\nz\n')).toThrow(/OUTPUTS DIFFER: a vs b .* line 2/);
  });
});
