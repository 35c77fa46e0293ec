import { parseAllDocuments } from 'yaml';
import { docSection, runDocProgram } from './_docs';
import { CA_V1 } from './fixtures/pem';

/**
 * The README's "Registry mirror" example is code too: it runs here (its CA
 * file is the examples' demo CA), and what it writes is what the README shows.
 */
const section = docSection('README.md', '## Registry mirror');
const tsBlock = /```ts\n([\s\S]*?)```/.exec(section)![1];
const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)![1];

function run(): any[] {
  const written = runDocProgram(tsBlock, { files: { 'private-mirror-ca.crt': CA_V1 } });
  expect(Object.keys(written)).toEqual(['garden-dev.k8s.yaml']);
  return parseAllDocuments(written['garden-dev.k8s.yaml']).map(d => d.toJSON());
}

describe('the README\'s registry mirror example', () => {
  const written = run();
  const shown = parseAllDocuments(yamlBlock).map(d => d.toJSON());

  test('writes the objects it shows, in that order, the Secret holding the PEM', () => {
    expect(written.map(o => o.kind)).toEqual(shown.map(o => o.kind));
    expect({ ...written[0], data: undefined }).toEqual({ ...shown[0], data: undefined });
    expect(written[0].data).toEqual({ 'bundle.crt': Buffer.from(CA_V1).toString('base64') });
    expect(written[1]).toEqual(shown[1]);
  });
});
