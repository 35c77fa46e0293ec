import { containsGoSpace, goTrimSpace, hasLoneSurrogate, isGoSpace } from '../../src/_rules/text';

/** Go's unicode.IsSpace, as the reference lists it (§2.6): written out, not computed. */
const GO_SPACES = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];

describe('Go white space', () => {
  test('isGoSpace is exactly unicode.IsSpace over the whole BMP', () => {
    const found: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (isGoSpace(c)) {
        found.push(c);
      }
    }
    expect(found).toEqual(GO_SPACES);
  });

  test.each([
    ['\ufeffa\u200b', '\ufeffa\u200b'],
    ['\u0085 a \u3000', 'a'],
    ['\u2028', ''],
    ['a\u00a0b', 'a\u00a0b'],
  ])('goTrimSpace(%j) is %j', (s, trimmed) => {
    expect(goTrimSpace(s)).toBe(trimmed);
  });

  test('containsGoSpace differs from JavaScript\'s \\s where Go does', () => {
    expect(containsGoSpace('a\u0085')).toBe(true);
    expect(/\s/.test('a\u0085')).toBe(false);
    expect(containsGoSpace('a\ufeff')).toBe(false);
    expect(/\s/.test('a\ufeff')).toBe(true);
  });
});

describe('hasLoneSurrogate', () => {
  test.each([
    ['\ud800', true], ['a\udc00', true], ['\udc00\ud800', true], ['\ud83d\ude00', false], ['plain', false], ['', false],
  ])('%j: %j', (s, lone) => {
    expect(hasLoneSurrogate(s)).toBe(lone);
  });
});
