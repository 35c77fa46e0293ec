import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as YAML from 'yaml';
import { fastDocuments } from '../src/_check/fast-yaml';
import { main } from '../src/_check/main';
import { listYamlFiles } from '../src/_yaml-files';

/**
 * Real manifests, mutated line by line (issue 28): the fast YAML reader gives
 * the `yaml` package's value for every document it understands, understands
 * no document the `yaml` package reports an error for, and the command's
 * in-process entry never throws or fails on its own on any of them.
 *
 * The manifests: the check fixtures, the examples' YAML and, when the Go
 * module cache holds it (test:judge builds from Gardener's modules),
 * Gardener's example Shoot (example/90-shoot.yaml). The mutations come from a
 * seeded generator, so a failure is reproducible from the mutation printed.
 */

const ROOT = path.join(__dirname, '..');

function gardenerExampleShoot(): string[] {
  const cache = process.env.GOMODCACHE ?? path.join(process.env.GOPATH ?? path.join(os.homedir(), 'go'), 'pkg', 'mod');
  const dir = path.join(cache, 'github.com', 'gardener');
  let versions: string[];
  try {
    versions = fs.readdirSync(dir).filter(d => d.startsWith('gardener@')).sort();
  } catch {
    return [];
  }
  return versions.slice(-1).map(v => path.join(dir, v, 'example', '90-shoot.yaml')).filter(f => fs.existsSync(f));
}

const SOURCES = [
  ...listYamlFiles(path.join(ROOT, 'test', 'fixtures', 'check')).files,
  ...listYamlFiles(path.join(ROOT, 'examples')).files,
  ...gardenerExampleShoot(),
].map(file => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf-8') }));

/** A small seeded generator (Park and Miller's minimal standard), so that every run makes the same mutations. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 16807) % 2147483647;
    return (a - 1) / 2147483646;
  };
}

/** YAML indicators and scalars that YAML 1.1 resolves to something else than a string. */
const INSERTS = ['- ', ': ', '? ', '&a ', '*a', '!!str ', '| ', '> ', '{', '}', '[', ']', ',', '# ', '\'', '"', '%', '@', '`', '<<: ', '---', '...', '\t', '\\'];
const SCALARS = ['yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', '0x1F', '0o17', '017', '0b101', '1_000', '1:20', '190:20:30', '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '=', '<<', '1e3', '+12', '0.', '"a\\x41"', '\'it\'\'s\'', '[]', '{}'];

function mutate(text: string, next: () => number): { text: string; what: string } {
  const lines = text.split('\n');
  const i = Math.floor(next() * lines.length);
  const line = lines[i];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const at = Math.floor(next() * (line.length + 1));
  const kind = Math.floor(next() * 6);
  let what: string;
  switch (kind) {
    case 0: { // indentation
      const delta = pick([-2, -1, 1, 2]);
      lines[i] = delta > 0 ? ' '.repeat(delta) + line : line.replace(new RegExp(`^ {0,${-delta}}`), '');
      what = `line ${i + 1}: indentation ${delta > 0 ? '+' : ''}${delta}`;
      break;
    }
    case 1: { // an indicator
      const s = pick(INSERTS);
      lines[i] = line.slice(0, at) + s + line.slice(at);
      what = `line ${i + 1}: ${JSON.stringify(s)} inserted at column ${at + 1}`;
      break;
    }
    case 2: { // a scalar YAML 1.1 resolves, as a value
      const s = pick(SCALARS);
      const colon = line.indexOf(': ');
      lines[i] = colon >= 0 ? `${line.slice(0, colon + 2)}${s}` : `${line.replace(/[^ -].*$/, '')}${s}`;
      what = `line ${i + 1}: value ${JSON.stringify(s)}`;
      break;
    }
    case 3: { // a scalar as a key
      const s = pick(SCALARS);
      lines[i] = line.replace(/^( *(?:- )?)[^:]*:/, `$1${s}:`);
      what = `line ${i + 1}: key ${JSON.stringify(s)}`;
      break;
    }
    case 4:
      lines.splice(i, 1);
      what = `line ${i + 1} deleted`;
      break;
    default:
      lines.splice(i, 0, line);
      what = `line ${i + 1} repeated`;
  }
  return { text: lines.join('\n'), what };
}

/** The yaml package's value of one document's text, or 'ERROR'. */
function reference(text: string): unknown[] {
  return YAML.parseAllDocuments(text, { version: '1.1', logLevel: 'error' }).map(d => {
    if (d.errors.length > 0) {
      return 'ERROR';
    }
    try {
      return d.toJS({ maxAliasCount: 1000 });
    } catch {
      return 'ERROR';
    }
  });
}

const MUTATIONS = 3000;

test(`${MUTATIONS} mutations of real manifests: the fast reader agrees with the yaml package, and the command never throws`, () => {
  const next = random(28);
  const disagreements: string[] = [];
  const failures: string[] = [];
  let understood = 0;
  for (let n = 0; n < MUTATIONS; n++) {
    const source = SOURCES[n % SOURCES.length];
    // One to three mutations on top of each other.
    let text = source.text;
    const whats: string[] = [];
    for (let k = 1 + Math.floor(next() * 3); k > 0; k--) {
      const m = mutate(text, next);
      text = m.text;
      whats.push(m.what);
    }
    const where = `${source.file}: ${whats.join('; ')}`;

    const stream = fastDocuments(text);
    for (const doc of stream?.documents ?? []) {
      if (!doc.understood) {
        continue;
      }
      understood++;
      const expected = reference(stream!.slice(doc.startLine, doc.endLine)).filter(v => v !== null && v !== undefined);
      const actual = [doc.value].filter(v => v !== null && v !== undefined);
      if (!isDeepStrictEqual(actual, expected)) {
        disagreements.push(`${where}: document at line ${doc.startLine + 1}: fast ${JSON.stringify(actual).slice(0, 200)}, yaml ${JSON.stringify(expected).slice(0, 200)}`);
      }
    }

    let stderr = '';
    let status: number | undefined;
    try {
      status = main(['check', '-'], {
        stdout: () => undefined,
        stderr: t => {
          stderr += t;
        },
        readStdin: () => text,
      });
    } catch (e) {
      failures.push(`${where}: threw ${e instanceof Error ? e.name : String(e)}`);
      continue;
    }
    if (![0, 1, 2].includes(status) || stderr.includes('internal error')) {
      failures.push(`${where}: status ${status}, ${stderr.split('\n')[0]}`);
    }
  }
  expect(disagreements.slice(0, 10)).toEqual([]);
  expect(failures.slice(0, 10)).toEqual([]);
  // The mutations leave most documents readable by the fast reader: the comparison is not vacuous.
  expect(understood).toBeGreaterThan(MUTATIONS / 2);
});
