import * as fs from 'fs';
import type { Document, Node as YamlNode, Pair } from 'yaml';
import type { Finding } from './check';
import { MAX_DEPTH, pathTooDeep, shownPath } from '../_depth';
import { quote } from '../_errors';
import { listItems } from '../_list';
import { isObject } from '../_rules/json';
import { listYamlFiles } from '../_yaml-files';
import { FastPosition, FastPositions, fastDocuments, fastPositions } from './fast-yaml';

/**
 * The check command's reader: YAML files, folders and standard input, parsed
 * into plain objects (the Gardener-shaped data the rules take), so that a
 * field path found by a rule maps back to a line and column. The fast reader
 * (fast-yaml.ts) takes the documents it understands, with positions equal to
 * the `yaml` package's source ranges; the `yaml` package reads the others
 * (and is only loaded then). A syntax error is shown with the `yaml`
 * package's own message, less the few parts of some messages that quote the
 * source (which may be a Secret's data): `yamlMessage`.
 */

let yamlModule: typeof import('yaml') | undefined;

/** The `yaml` package, loaded on first use: documents the fast reader understands never need it. */
function yamlPackage(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return yamlModule ??= require('yaml') as typeof import('yaml');
}

/** A position in a file, 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One YAML document of an input that holds a Shoot or a Secret. */
export interface SourceDocument {
  /** The file as named in output (`<stdin>` for standard input). */
  readonly file: string;
  /** The document's object (`toJS`), last key winning for a key given twice. */
  readonly object: Record<string, unknown>;
  /** Where keys appear twice in this document: the later occurrence. */
  readonly duplicateKeys: readonly DuplicateKey[];
  /** The position of a field path of the object (`spec.extensions[0].providerConfig`), or of its nearest existing parent. */
  positionOf(path: string, preferKey?: boolean): Position;
}

/** A key that appears twice in one mapping. */
export interface DuplicateKey {
  /** The field path of the key, e.g. `spec.extensions[0].providerConfig.caches[0].upstream`. */
  readonly path: string;
  readonly key: string;
  readonly position: Position;
}

/** A file or document that could not be read or parsed (exit code 2). */
export interface InputError {
  readonly file: string;
  readonly position?: Position;
  readonly detail: string;
  /** A YAML syntax error (rule yaml-syntax); otherwise rule input-error. */
  readonly syntax?: boolean;
}

/** A file whose reading failed with an exception of the command's own (a bug, not a problem of the input). */
export interface ReadFailure {
  readonly file: string;
  readonly error: unknown;
}

/** What reading the inputs gave. */
export interface Inputs {
  /** The Shoot and Secret documents, in input order. */
  readonly documents: SourceDocument[];
  /** The files read, in order. */
  readonly files: string[];
  readonly errors: InputError[];
  /** Documents that look like a Shoot but are none Gardener serves (`kind: shoot`): warnings. */
  readonly lookAlikes: Finding[];
  readonly failures: ReadFailure[];
}

export const STDIN = '<stdin>';

/** Whether a document (by its top-level `apiVersion` and `kind`) is one the command checks. */
export function isShootOrSecret(apiVersion: unknown, kind: unknown): boolean {
  return (kind === 'Shoot' && apiVersion === 'core.gardener.cloud/v1beta1') || (kind === 'Secret' && apiVersion === 'v1');
}

const SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';

/**
 * The warning for a document that is not a Shoot Gardener serves but was
 * meant as one (`kind: shoot`, `kind: Shoots`, `kind: Shoot` with another
 * apiVersion), or undefined. Such a document is not checked; without the
 * warning the command would say "no problems: 0 Shoots".
 */
export function lookAlikeOf(object: Record<string, unknown>): Pick<Finding, 'path' | 'value' | 'detail' | 'fix'> | undefined {
  const { apiVersion, kind } = object;
  if (typeof kind === 'string' && kind !== 'Shoot' && /^shoots?$/i.test(kind.trim())) {
    return {
      path: 'kind',
      value: quote(kind),
      detail: 'Gardener serves Shoots as kind "Shoot" (exactly so: singular, capital S), so this document was not checked',
      fix: `write kind: Shoot (with apiVersion: ${SHOOT_API_VERSION}); if the document is not meant as a Shoot, nothing`,
    };
  }
  if (kind === 'Shoot' && apiVersion !== SHOOT_API_VERSION) {
    return {
      path: 'apiVersion',
      value: quote(apiVersion),
      detail: `Gardener serves Shoots as ${SHOOT_API_VERSION} only, so this document was not checked`,
      fix: `write apiVersion: ${SHOOT_API_VERSION}`,
    };
  }
  return undefined;
}

/**
 * Reads every input: `-` is standard input (read once), a folder is read
 * recursively (`*.yaml`, `*.yml`, sorted, names starting with '.' skipped),
 * anything else is a file.
 */
export function readInputs(inputs: readonly string[], readStdin: () => string): Inputs {
  const documents: SourceDocument[] = [];
  const files: string[] = [];
  const errors: InputError[] = [];
  const lookAlikes: Finding[] = [];
  const failures: ReadFailure[] = [];
  /** Parses one file; an exception of the command's own fails that file only, and the others are still read. */
  const parse = (file: string, text: string): void => {
    try {
      parseText(file, text, documents, errors, { lookAlikes });
    } catch (error) {
      failures.push({ file, error });
    }
  };
  let stdinRead = false;
  for (const input of inputs) {
    if (input === '-') {
      if (!stdinRead) {
        stdinRead = true;
        files.push(STDIN);
        let text: string;
        try {
          text = readStdin();
        } catch (e) {
          errors.push({ file: STDIN, detail: `cannot be read (${codeOf(e)})` });
          continue;
        }
        parse(STDIN, text);
      }
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (e) {
      errors.push({ file: input, detail: codeOf(e) === 'ENOENT' ? 'does not exist' : `cannot be read (${codeOf(e)})` });
      continue;
    }
    let list: string[] = [input];
    if (stat.isDirectory()) {
      const found = listYamlFiles(input);
      for (const problem of found.errors) {
        errors.push({ file: problem.path, detail: `cannot be read (${problem.code})` });
      }
      list = found.files;
      if (list.length === 0 && found.errors.length === 0) {
        errors.push({ file: input, detail: 'is a folder without .yaml or .yml files' });
      }
    }
    for (const file of list) {
      files.push(file);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf-8');
      } catch (e) {
        errors.push({ file, detail: `cannot be read (${codeOf(e)})` });
        continue;
      }
      parse(file, text);
    }
  }
  return { documents, files, errors, lookAlikes, failures };
}

/** How to parse (for tests: the fast reader and the `yaml` package compared). */
export interface ParseOptions {
  /** Use the fast reader where it can (default true). */
  readonly fast?: boolean;
  /** Which documents to keep (default: Shoots and Secrets). */
  readonly keep?: (object: Record<string, unknown>) => boolean;
  /** Where to add a warning for each document not kept that looks like a Shoot (default: nowhere). */
  readonly lookAlikes?: Finding[];
}

/**
 * Parses one file's text; keeps the documents that hold a Shoot or a
 * Secret. The fast reader takes the documents it understands; the `yaml`
 * package reads the others, and any document whose positions are needed.
 */
export function parseText(
  file: string, text: string, documents: SourceDocument[], errors: InputError[], options: ParseOptions = {},
): void {
  const keep = options.keep ?? ((o: Record<string, unknown>) => isShootOrSecret(o.apiVersion, o.kind));
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const fast = options.fast === false ? undefined : fastDocuments(source);
  const lookAlikes = options.lookAlikes;
  if (fast === undefined) {
    parseWithYaml(file, source, 0, documents, errors, keep, lookAlikes);
    return;
  }
  for (const doc of fast.documents) {
    if (!doc.understood) {
      parseWithYaml(file, fast.slice(doc.startLine, doc.endLine), doc.startLine, documents, errors, keep, lookAlikes);
      continue;
    }
    const object = doc.value;
    // A document that is a timestamp scalar is not a mapping, as the yaml package's path below decides.
    if (!isObject(object) || object instanceof Date) {
      continue;
    }
    const items = listItems(object);
    if (items === undefined && !keep(object)) {
      if (lookAlikes !== undefined) {
        addLookAlike(lookAlikes, file, object, path => {
          const again = fastPositions(fast, doc)!;
          return locate(fastTree(again.value, again.positions), path, false);
        });
      }
      continue;
    }
    let positions: FastPositions | undefined;
    let value: unknown;
    const positionOf = (path: string, preferKey?: boolean): Position => {
      // Read again, recording positions, only for a document with findings.
      if (positions === undefined) {
        const again = fastPositions(fast, doc)!;
        positions = again.positions;
        value = again.value;
      }
      return locate(fastTree(value, positions), path, preferKey === true);
    };
    take({ file, object, duplicateKeys: [], positionOf }, items, documents, keep, lookAlikes);
  }
}

/**
 * Keeps a document (when it is a Shoot or a Secret), or each item of a List
 * that is one, as a document of its own: its field paths are the item's, its
 * positions those of `items[<i>]` in the List.
 */
function take(
  doc: SourceDocument, items: readonly unknown[] | undefined, documents: SourceDocument[],
  keep: (object: Record<string, unknown>) => boolean, lookAlikes: Finding[] | undefined,
): void {
  if (items === undefined) {
    documents.push(doc);
    return;
  }
  items.forEach((item, i) => {
    if (!isObject(item)) {
      return;
    }
    const at = `items[${i}]`;
    const positionOf = (path: string, preferKey?: boolean): Position => doc.positionOf(path === '' ? at : `${at}.${path}`, preferKey);
    if (!keep(item)) {
      if (lookAlikes !== undefined) {
        addLookAlike(lookAlikes, doc.file, item, path => positionOf(path));
      }
      return;
    }
    const prefix = `${at}.`;
    const duplicateKeys = doc.duplicateKeys.filter(d => d.path.startsWith(prefix)).map(d => ({ ...d, path: d.path.slice(prefix.length) }));
    documents.push({ file: doc.file, object: item, duplicateKeys, positionOf });
  });
}

/** Parses text (the lines from `lineOffset` on) with the `yaml` package. */
function parseWithYaml(
  file: string, text: string, lineOffset: number, documents: SourceDocument[], errors: InputError[],
  keep: (object: Record<string, unknown>) => boolean, lookAlikes: Finding[] | undefined,
): void {
  const yaml = yamlPackage();
  const lineCounter = new yaml.LineCounter();
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col };
  };
  let docs: Document.Parsed[];
  try {
    docs = yaml.parseAllDocuments(text, { version: '1.1', lineCounter, prettyErrors: false, logLevel: 'error' }) as Document.Parsed[];
  } catch (e) {
    errors.push({ file, detail: `is not valid YAML (${e instanceof Error ? e.name : 'error'})` });
    return;
  }
  if (!Array.isArray(docs)) {
    docs = [docs]; // an empty stream
  }
  for (const doc of docs) {
    const syntax = doc.errors.filter(e => e.code !== 'DUPLICATE_KEY');
    if (syntax.length > 0) {
      const e = syntax[0];
      // Nesting deep enough to exhaust the parser's stack is the input-error rule (a document nested absurdly deep).
      errors.push({
        file,
        position: at(errorOffset(text, e.code, e.pos)),
        detail: `is not valid YAML: ${yamlMessage(e.code, e.message)}`,
        syntax: e.code !== 'RESOURCE_EXHAUSTION',
      });
      continue;
    }
    const contents = doc.contents;
    // Decide on apiVersion and kind before converting the whole document.
    if (!yaml.isMap(contents)) {
      continue;
    }
    const head = { apiVersion: contents.get('apiVersion'), kind: contents.get('kind') };
    const kind: unknown = head.kind;
    const list = typeof kind === 'string' && kind.endsWith('List');
    if (!list && !keep(head)) {
      if (lookAlikes !== undefined) {
        const md = contents.get('metadata');
        const metadata = yaml.isMap(md) ? { name: md.get('name'), namespace: md.get('namespace') } : undefined;
        addLookAlike(lookAlikes, file, { ...head, metadata }, path => locate(yamlTree(contents, at), path, false));
      }
      continue;
    }
    let object: unknown;
    try {
      object = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      errors.push({ file, position: at(contents.range[0]), detail: `cannot be read as data (${e instanceof Error ? e.name : 'error'})` });
      continue;
    }
    const items = listItems(object);
    if (!isObject(object) || (items === undefined && !keep(object))) {
      continue;
    }
    // Bounds every walk that follows (strict decoding, rules, redaction, JSON output); the fast reader's documents are bounded by it.
    const deep = pathTooDeep(object);
    if (deep !== undefined) {
      errors.push({
        file,
        position: locate(yamlTree(contents, at), deep, false),
        detail: `${shownPath(deep)} is nested more than ${MAX_DEPTH} levels deep, which no Shoot or Secret is, so the document was not checked. Fix: correct the file (was it generated by a tool gone wrong?)`,
      });
      continue;
    }
    const duplicates = doc.errors.filter(e => e.code === 'DUPLICATE_KEY');
    take({
      file,
      object,
      duplicateKeys: duplicates.length === 0 ? [] : duplicateKeysOf(contents, duplicates.map(e => e.pos[0]), at),
      positionOf: (path, preferKey) => locate(yamlTree(contents, at), path, preferKey === true),
    }, items, documents, keep, lookAlikes);
  }
}

function addLookAlike(
  out: Finding[], file: string, object: Record<string, unknown>, positionOf: (path: string) => Position,
): void {
  const look = lookAlikeOf(object);
  if (look === undefined) {
    return;
  }
  const md = isObject(object.metadata) ? object.metadata : {};
  out.push({
    severity: 'warning',
    rule: 'shoot-look-alike',
    file,
    position: positionOf(look.path),
    kind: 'Shoot',
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
    name: typeof md.name === 'string' ? md.name : '',
    ...look,
  });
}

/** The duplicate keys at the given offsets, with their field paths. */
function duplicateKeysOf(root: YamlNode, offsets: number[], at: (offset: number) => Position): DuplicateKey[] {
  const yaml = yamlPackage();
  const wanted = new Set(offsets);
  const out: DuplicateKey[] = [];
  const walk = (node: unknown, path: string): void => {
    if (yaml.isMap(node)) {
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const key = keyText(pair.key);
        const child = path === '' ? key : `${path}.${key}`;
        const range = yaml.isNode(pair.key) ? pair.key.range : undefined;
        if (range && wanted.has(range[0])) {
          out.push({ path: child, key, position: at(range[0]) });
        }
        walk(pair.value, child);
      }
    } else if (yaml.isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    }
  };
  walk(root, '');
  return out;
}

function keyText(key: unknown): string {
  if (yamlPackage().isScalar(key)) {
    return String(key.value);
  }
  return String(key);
}

/** A document's nodes, for `locate`: from the `yaml` package's syntax tree or the fast reader's positions. */
interface PositionTree<N> {
  readonly root: N;
  kindOf(node: N): 'map' | 'seq' | 'empty' | 'scalar';
  entries(node: N): Array<{ readonly key: string; readonly at: Position; readonly child: N }>;
  items(node: N): N[];
  at(node: N): Position | undefined;
}

/**
 * The position of a field path in a document: the value of the deepest node
 * the path reaches (for a path that goes further than the document, the
 * nearest parent that exists). With `preferKey`, or when the value is a
 * mapping, a list or empty, the key. Keys with dots (`data.bundle.crt`)
 * match whole, the longest first.
 */
function locate<N>(tree: PositionTree<N>, path: string, preferKey: boolean): Position {
  let node = tree.root;
  let keyAt: Position | undefined;
  let rest = path;
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
    }
    const index = /^\[(\d+)\]/.exec(rest);
    if (index) {
      const items = tree.kindOf(node) === 'seq' ? tree.items(node) : [];
      if (Number(index[1]) >= items.length) {
        break;
      }
      node = items[Number(index[1])];
      keyAt = undefined;
      rest = rest.slice(index[0].length);
      continue;
    }
    if (tree.kindOf(node) !== 'map') {
      break;
    }
    let best: { key: string; at: Position; child: N } | undefined;
    for (const e of tree.entries(node)) {
      // `>=`: of a key given twice, the last occurrence, whose value the object holds.
      if ((rest === e.key || rest.startsWith(`${e.key}.`) || rest.startsWith(`${e.key}[`)) && e.key.length >= (best?.key.length ?? -1)) {
        best = e;
      }
    }
    if (best === undefined) {
      break;
    }
    keyAt = best.at;
    node = best.child;
    rest = rest.slice(best.key.length);
  }
  const kind = tree.kindOf(node);
  const useKey = keyAt !== undefined && (preferKey || kind !== 'scalar' || rest.length > 0);
  return (useKey ? keyAt : tree.at(node)) ?? tree.at(tree.root) ?? { line: 1, column: 1 };
}

/** The `yaml` package's syntax tree as a PositionTree. */
function yamlTree(root: YamlNode, at: (offset: number) => Position): PositionTree<unknown> {
  const yaml = yamlPackage();
  return {
    root,
    kindOf: n => (yaml.isMap(n) ? 'map' : yaml.isSeq(n) ? 'seq'
      : !yaml.isNode(n) || (yaml.isScalar(n) && n.value === null && n.range?.[0] === n.range?.[1]) ? 'empty' : 'scalar'),
    entries: n => (n as { items: Pair<unknown, unknown>[] }).items.map(pair => ({
      key: keyText(pair.key),
      at: at(yaml.isNode(pair.key) && pair.key.range ? pair.key.range[0] : 0),
      child: pair.value,
    })),
    items: n => (n as { items: unknown[] }).items,
    at: n => (yaml.isNode(n) && n.range ? at(n.range[0]) : undefined),
  };
}

/** A node of a document the fast reader understood: its value, and where it starts (none when empty). */
interface FastNode {
  readonly value: unknown;
  readonly at?: FastPosition;
}

/** The fast reader's positions as a PositionTree. */
function fastTree(value: unknown, positions: FastPositions): PositionTree<FastNode> {
  return {
    root: { value, at: positions.root },
    kindOf: n => (Array.isArray(n.value) ? 'seq' : isObject(n.value) && !(n.value instanceof Date) ? 'map' : n.at === undefined ? 'empty' : 'scalar'),
    entries: n => {
      const map = n.value as Record<string, unknown>;
      const entries = positions.maps.get(map);
      return entries === undefined ? [] : [...entries].map(([key, e]) => ({ key, at: e.key, child: { value: map[key], at: e.value } }));
    },
    items: n => {
      const list = n.value as unknown[];
      const at = positions.seqs.get(list) ?? [];
      return list.map((v, i) => ({ value: v, at: at[i] }));
    },
    at: n => n.at,
  };
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

/**
 * The `yaml` package's message of a syntax error (`prettyErrors: false`: no
 * source excerpt), less what some messages quote of the source: the token of
 * "Unexpected ... token in YAML stream: "…"", an escape sequence, the extra
 * characters of a block scalar header, a tag. Neither a value nor part of one
 * is shown, since the document may be a Secret.
 */
export function yamlMessage(code: string, message: string): string {
  const m = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
  if (code === 'RESOURCE_EXHAUSTION') {
    return `resource exhaustion (${m})`;
  }
  if (code === 'BAD_DQ_ESCAPE') {
    return 'Invalid escape sequence in a double-quoted string';
  }
  const quoted = /^([^"]*?): (?:"|\S)[\s\S]*$/.exec(m);
  if (quoted && /in YAML stream$|^Block scalar header includes extra characters$|^Unresolved tag$|^Not a valid tag$|^Could not resolve tag$/.test(quoted[1])) {
    return quoted[1];
  }
  if (m.includes(': "')) {
    // A message not known to quote the source, quoting something all the same: up to the quote.
    return m.slice(0, m.indexOf(': "'));
  }
  return m;
}

/**
 * Where a syntax error is: the start of its range, past the indentation that
 * may precede it (the `-` of a sequence item, not column 1); for a key that
 * goes on over lines, where it ends (the `:` on the later line that made it a
 * key, e.g. ` y: 1` under a sequence item).
 */
function errorOffset(text: string, code: string, pos: readonly [number, number]): number {
  return code === 'MULTILINE_IMPLICIT_KEY' ? pos[1] : skipBlanks(text, pos[0]);
}

/** An offset moved past the spaces and tabs that follow it on its line: the position of what the error is about. */
function skipBlanks(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) {
    i++;
  }
  return i < text.length && text[i] !== '\n' && text[i] !== '\r' ? i : offset;
}
