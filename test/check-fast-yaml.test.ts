import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { landscape } from '../bench/scenario';
import { WAYS } from '../bench/ways';
import { fastDocuments, YAML_11_SCALAR_TESTS } from '../src/_check/fast-yaml';
import { InputError, parseText, SourceDocument } from '../src/_check/source';

/**
 * The check command's fast YAML reader must give exactly what the `yaml`
 * package gives (YAML 1.1, `toJS`) for every document it says it
 * understood, and give up on everything else. Checked against the `yaml`
 * package itself: on every YAML file of the repository, on a table of
 * tricky cases, and on generated documents.
 */

/** The non-empty documents, as the yaml package reads them. */
function reference(text: string): unknown[] {
  return YAML.parseAllDocuments(text, { version: '1.1', logLevel: 'error' })
    .map(d => {
      if (d.errors.length > 0) {
        return 'ERROR';
      }
      try {
        return d.toJS({ maxAliasCount: 1000 });
      } catch {
        return 'ERROR'; // e.g. a merge key with a scalar
      }
    })
    .filter(v => v !== null && v !== undefined);
}

/** The fast reader's documents: a value where understood, the yaml package's otherwise. */
function fast(text: string): { values: unknown[]; understood: number; total: number } {
  const stream = fastDocuments(text);
  if (stream === undefined) {
    return { values: reference(text), understood: 0, total: 0 };
  }
  const values: unknown[] = [];
  let understood = 0;
  for (const d of stream.documents) {
    if (d.understood) {
      understood++;
      values.push(d.value);
    } else {
      values.push(...reference(stream.slice(d.startLine, d.endLine)));
    }
  }
  return { values: values.filter(v => v !== null && v !== undefined), understood, total: stream.documents.length };
}

function expectSame(text: string): { understood: number; total: number } {
  const r = fast(text);
  expect(r.values).toEqual(reference(text));
  return r;
}

/** Every field path of a value, and a few that go further than it. */
function paths(value: unknown, prefix = ''): string[] {
  const out = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...paths(v, `${prefix}[${i}]`)));
    out.push(`${prefix}[${value.length}]`);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      out.push(...paths(v, prefix === '' ? k : `${prefix}.${k}`));
    }
  }
  out.push(prefix === '' ? 'missing.field' : `${prefix}.missing`);
  return out;
}

/** The positions of every path, as the fast reader and the yaml package give them, for the documents both read. */
function expectSamePositions(text: string): number {
  const read = (useFast: boolean) => {
    const docs: SourceDocument[] = [];
    const errors: InputError[] = [];
    parseText('f.yaml', text, docs, errors, { fast: useFast, keep: () => true });
    return docs;
  };
  const quick = read(true);
  const slow = read(false);
  expect(quick.map(d => d.object)).toEqual(slow.map(d => d.object));
  let compared = 0;
  quick.forEach((d, i) => {
    for (const p of paths(d.object)) {
      for (const preferKey of [false, true]) {
        expect([p, preferKey, d.positionOf(p, preferKey)]).toEqual([p, preferKey, slow[i].positionOf(p, preferKey)]);
        compared++;
      }
    }
  });
  return compared;
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      return e.name === 'node_modules' || e.name.startsWith('.') ? [] : yamlFiles(full);
    }
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

describe('the fast YAML reader', () => {
  test.each(['test', 'examples'].flatMap(d => yamlFiles(path.join(__dirname, '..', d))).map(f => [path.relative(path.join(__dirname, '..'), f)]))(
    'reads %s as the yaml package does', file => {
      const text = fs.readFileSync(file, 'utf-8');
      if (file.includes('broken')) {
        return; // syntax errors: the yaml package's business, tested with the command
      }
      expectSame(text);
      expectSamePositions(text);
    });

  test('understands the benchmark\'s landscape (cdk8s\'s YAML), so the benchmark measures this reader', () => {
    const r = expectSame(WAYS.floor(landscape(20), 'one-chart'));
    expect(r.understood).toBe(r.total);
    expect(r.total).toBeGreaterThan(20);
  });

  test('understands the manifests Kubernetes tools write (so the test above compares something)', () => {
    for (const file of ['test/fixtures/check/clean/garden-dev/shoots/crazy-botany.yaml', 'test/fixtures/check/problems/secrets.yaml', 'examples/include-existing-shoot/local-dev.yaml']) {
      const r = expectSame(fs.readFileSync(file, 'utf-8'));
      expect(r.understood).toBe(r.total);
    }
  });

  test.each([
    ['block mapping and sequence', 'a: 1\nb:\n  - x\n  - k: 2\n    z: [1, 2]\nc: {d: e, "f": \'g\'}\n', true],
    ['kubectl\'s sequences at the key\'s column', 'a:\n- x\n- k: 1\n  z: 2\nb: c\n', true],
    ['comments everywhere', '# head\na: 1 # one\n# between\nb:   # empty\n  c: d#not-a-comment\n', true],
    ['YAML 1.1 scalars', 'a: yes\nb: Off\nc: 0777\nd: 0x1F\ne: 1_000\nf: 1:30\ng: .inf\nh: ~\ni: 2001-12-14\nj: 1e3\nk: -0.5\nl: y\nm: NULL\n', true],
    ['strings that look like other things', 'a: "yes"\nb: \'0777\'\nc: https://x:1/y\nd: a:b\ne: "it\'s"\nf: \'it\'\'s\'\ng: "tab\\there"\nh: "\\u00e9"\n', true],
    ['literal block scalars', 'a: |\n  line 1\n\n  line 2\nb: |-\n  x\n   indented\nc: |+\n  keep\n\n\nd: end\n', true],
    ['a literal block scalar in a sequence, a comment-looking line inside', 'a:\n  - |\n    # not a comment\n    pem\n  - b\n', true],
    ['empty values', 'a:\nb: {}\nc: []\nd: ""\ne:\n  f:\n', true],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - c\r\n', true],
    ['several documents', '---\na: 1\n---\n# only a comment\n---\nb: 2\n--- # comment\nc: 3\n', true],
    ['a scalar and a list as documents', 'just text\n---\n- 1\n- 2\n', true],
    ['quoted keys', '"a b": 1\n\'c\': 2\n"": 3\n', true],
    ['anchors and aliases', 'a: &x 1\nb: *x\n', false],
    ['tags', 'a: !!str 1\n', false],
    ['folded block scalar', 'a: >\n  x\n  y\n', false],
    ['multi-line plain scalar', 'a: x\n  y\n', false],
    ['multi-line quoted scalar', 'a: "x\n  y"\n', false],
    ['duplicate keys', 'a: 1\na: 2\n', false],
    ['a merge key', 'a: {x: 1}\n<<: {y: 2}\n', false],
    ['a non-string key', '1: a\non: b\n', false],
    ['tabs', 'a:\n\tb: 1\n', false],
    ['a YAML-only escape', 'a: "\\x41"\n', false],
    ['a complex key', '? a\n: b\n', false],
    ['a document end marker', 'a: 1\n...\n', false],
    ['a directive', '%YAML 1.1\n---\na: 1\n', false],
    ['flow mapping over two lines', 'a: {b: 1,\n  c: 2}\n', false],
    ['a value that is a mapping on the same line', 'a: b: c\n', false],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n', false],
    ['a literal with an indentation indicator', 'a: |2\n    x\n', false],
    ['a YAML 1.1 line break inside a value (JavaScript would trim it)', 'a: \u2028\nb: x\u0085y\n', false],
    ['a tab in a value', 'a: x\ty\n', false],
    ['__proto__', '__proto__: {a: 1}\n', false],
  ])('%s', (_name, text, understood) => {
    const r = expectSame(text);
    if (understood) {
      expect(r.understood).toBe(r.total);
    } else {
      expect(r.understood).toBeLessThan(r.total || 1);
    }
  });

  // Documents the yaml package writes in every style it has, with awkward keys and values.
  const awkward = fc.constantFrom(
    '', ' ', 'a', 'yes', 'No', 'on', 'y', 'null', '~', 'true', '0777', '0x1F', '1_000', '1:30', '1e3', '.5', '.inf', '2001-12-14', '2001-12-14 21:59:43.10 -5',
    'a #b', 'a#b', 'a: b', 'a:b', '- a', '-a', '? a', '[a]', '{a}', 'a, b', '*a', '&a', '!a', '%a', '@a', '`a`', '|', '>', '#', 'it\'s', '"q"',
    'x\ny', 'x\n', '\ttab', 'é', '\u2028', 'https://registry-1.docker.io', '10Gi', '168h', '-', '---', '...', 'a ', ' a', '\\', 'a\\nb',
    '\n', '\n\n', ' \n', '\n ', '<<', 'E0', 'e1', ' #', '- ', '\r', 'x\r\ny', '__proto__',
  );
  const key = fc.oneof(awkward, fc.string({ maxLength: 8 }));
  const leaf = fc.oneof(awkward, fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
  const value = fc.letrec(tie => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  })).node;
  const options = fc.record({
    indent: fc.constantFrom(1, 2, 4),
    indentSeq: fc.boolean(),
    collectionStyle: fc.constantFrom('any', 'block', 'flow') as fc.Arbitrary<'any' | 'block' | 'flow'>,
    defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED') as fc.Arbitrary<'PLAIN'>,
    defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE') as fc.Arbitrary<null>,
    lineWidth: fc.constantFrom(0, 20, 80),
    version: fc.constantFrom('1.1', '1.2') as fc.Arbitrary<'1.1'>,
  });

  test('keeps the yaml package\'s list of YAML 1.1 scalar tests', () => {
    const doc = new YAML.Document(null, { version: '1.1' });
    const testOf = (t: unknown) => (t as { test?: RegExp }).test;
    const tests = doc.schema.tags.filter(t => t.default === true && testOf(t) !== undefined).map(t => String(testOf(t)));
    expect(YAML_11_SCALAR_TESTS.map(String)).toEqual(tests);
  });

  test('a document that is a timestamp is no mapping, read fast or by the yaml package (found by fast-check, seed 896375116)', () => {
    const text = '2001-12-14\n---\n""\n';
    const docs: SourceDocument[] = [];
    parseText('f.yaml', text, docs, [], { fast: true, keep: () => true });
    expect(docs).toEqual([]);
    expectSamePositions(text);
  });

  test('gives the positions the yaml package\'s source ranges give, for every field path', () => {
    let compared = 0;
    fc.assert(fc.property(fc.array(fc.tuple(value, options), { minLength: 1, maxLength: 3 }), docs => {
      compared += expectSamePositions(docs.map(([v, o]) => YAML.stringify(v, o)).join('---\n'));
    }), { numRuns: 300 });
    expect(compared).toBeGreaterThan(1000);
  });

  test('reads what the yaml package writes as the yaml package does', () => {
    let understood = 0;
    fc.assert(fc.property(fc.array(fc.tuple(value, options), { minLength: 1, maxLength: 3 }), fc.boolean(), (docs, crlf) => {
      const text = docs.map(([v, o]) => YAML.stringify(v, o)).join('---\n');
      understood += expectSame(crlf ? text.replace(/\n/g, '\r\n') : text).understood;
    }), { numRuns: 1000 });
    expect(understood).toBeGreaterThan(100);
  });

  test('resolves numbers, booleans and nulls as the yaml package does', () => {
    const numberish = fc.oneof(
      fc.stringMatching(/^[-+]?[0-9]{1,22}(\.[0-9]{0,20})?([eE][-+]?[0-9]{1,3})?$/),
      fc.double().map(String), fc.integer().map(String), fc.bigInt().map(String),
      fc.constantFrom('-0', '0.0', '-0.0', '00', '09', '0.', '.0', '1.', '+1', '1_0', '0o7', 'NaN', 'Infinity', '~', 'Null', 'NULL', 'nULL', 'yes', 'Yes', 'YeS', 'on', 'OFF', 'y', 'N'),
    );
    fc.assert(fc.property(numberish, s => {
      expectSame(`a: ${s}\nb: [${s}]\n`);
    }), { numRuns: 1000 });
  });

  test('resolves a plain scalar with the yaml package\'s YAML 1.1 tags, whatever its first character', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter(s => /^[^\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/[\s:#]/.test(s)), s => {
      expectSame(`a: ${s}\n`);
    }), { numRuns: 500 });
  });
});
