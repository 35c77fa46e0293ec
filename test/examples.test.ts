import { synthYaml, testApp } from './_synth';
import { EXAMPLES } from '../examples';

/**
 * Every example the README's first command synthesizes, synthesized here too
 * (validations included), as a full-manifest snapshot: a change to the output
 * shows up as a snapshot diff to read, never silently.
 */
describe.each(EXAMPLES.map(e => [e.name, e] as const))('example %s', (_name, example) => {
  const synth = () => {
    const app = testApp();
    example.build(app);
    return synthYaml(app);
  };

  test('synthesizes the manifests of the snapshot', () => {
    expect(synth()).toMatchSnapshot();
  });

  test('synthesizes byte-identical YAML every time', () => {
    expect(synth()).toEqual(synth());
  });
});
