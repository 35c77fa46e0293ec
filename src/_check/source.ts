import * as fs from 'fs';
import type { Document, Node as YamlNode, Pair } from 'yaml';
import { isObject } from '../_rules/json';
import { listYamlFiles } from '../_yaml-files';
import { fastDocuments } from './fast-yaml';

/**
 * The check command's reader: YAML files, folders and standard input, parsed
 * into plain objects (the Gardener-shaped data the rules take) while keeping
 * each document's syntax tree, so that a field path found by a rule maps back
 * to a line and column. Parser messages are never shown: they quote the
 * source, which may be a Secret's data. Only `yaml` and `fs` are loaded.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('yaml') as typeof import('yaml');

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
}

/** What reading the inputs gave. */
export interface Inputs {
  /** The Shoot and Secret documents, in input order. */
  readonly documents: SourceDocument[];
  /** The files read, in order. */
  readonly files: string[];
  readonly errors: InputError[];
}

export const STDIN = '<stdin>';

/** Whether a document (by its top-level `apiVersion` and `kind`) is one the command checks. */
export function isShootOrSecret(apiVersion: unknown, kind: unknown): boolean {
  return (kind === 'Shoot' && apiVersion === 'core.gardener.cloud/v1beta1') || (kind === 'Secret' && apiVersion === 'v1');
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
        parseText(STDIN, text, documents, errors);
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
      parseText(file, text, documents, errors);
    }
  }
  return { documents, files, errors };
}

/**
 * Parses one file's text; keeps the documents that hold a Shoot or a
 * Secret. The fast reader takes the documents it understands; the `yaml`
 * package reads the others, and any document whose positions are needed.
 */
export function parseText(file: string, text: string, documents: SourceDocument[], errors: InputError[]): void {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const fast = fastDocuments(source);
  if (fast === undefined) {
    parseWithYaml(file, source, 0, documents, errors);
    return;
  }
  for (const doc of fast.documents) {
    if (!doc.understood) {
      parseWithYaml(file, fast.slice(doc.startLine, doc.endLine), doc.startLine, documents, errors);
      continue;
    }
    const object = doc.value;
    if (!isObject(object) || !isShootOrSecret(object.apiVersion, object.kind)) {
      continue;
    }
    let positions: ((path: string, preferKey: boolean) => Position) | undefined;
    documents.push({
      file,
      object,
      duplicateKeys: [],
      positionOf: (path, preferKey) => {
        // Positions come from the yaml package's source ranges: parsed on first use.
        positions ??= positionsOf(fast.slice(doc.startLine, doc.endLine), doc.startLine);
        return positions(path, preferKey === true);
      },
    });
  }
}

/** The position finder of a document the fast reader understood, from the `yaml` package's parse of its lines. */
function positionsOf(text: string, lineOffset: number): (path: string, preferKey: boolean) => Position {
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { version: '1.1', lineCounter, prettyErrors: false });
  const contents = doc.contents;
  return (path, preferKey) => {
    const p = lineCounter.linePos(contents === null ? 0 : offsetOf(contents, path, preferKey));
    return { line: p.line + lineOffset, column: p.col };
  };
}

/** Parses text (the lines from `lineOffset` on) with the `yaml` package. */
function parseWithYaml(file: string, text: string, lineOffset: number, documents: SourceDocument[], errors: InputError[]): void {
  const lineCounter = new yaml.LineCounter();
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col };
  };
  let docs: Document.Parsed[];
  try {
    docs = yaml.parseAllDocuments(text, { version: '1.1', lineCounter, prettyErrors: false }) as Document.Parsed[];
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
      errors.push({ file, position: at(e.pos[0]), detail: `is not valid YAML: ${e.code.toLowerCase().replace(/_/g, ' ')}` });
      continue;
    }
    const contents = doc.contents;
    if (!yaml.isMap(contents)) {
      continue;
    }
    if (!isShootOrSecret(contents.get('apiVersion'), contents.get('kind'))) {
      continue;
    }
    let object: unknown;
    try {
      object = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      errors.push({ file, position: at(contents.range[0]), detail: `cannot be read as data (${e instanceof Error ? e.name : 'error'})` });
      continue;
    }
    if (!isObject(object)) {
      continue;
    }
    const duplicates = doc.errors.filter(e => e.code === 'DUPLICATE_KEY');
    documents.push({
      file,
      object,
      duplicateKeys: duplicates.length === 0 ? [] : duplicateKeysOf(contents, duplicates.map(e => e.pos[0]), at),
      positionOf: (path, preferKey) => at(offsetOf(contents, path, preferKey === true)),
    });
  }
}

/** The duplicate keys at the given offsets, with their field paths. */
function duplicateKeysOf(root: YamlNode, offsets: number[], at: (offset: number) => Position): DuplicateKey[] {
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
  if (yaml.isScalar(key)) {
    return String(key.value);
  }
  return String(key);
}

/**
 * The offset of a field path in a document: the value of the deepest node
 * the path reaches (for a path that goes further than the document, the
 * nearest parent that exists). With `preferKey`, or when the value is a
 * mapping or a list, the key. Keys with dots (`data.bundle.crt`) match
 * whole, the longest first.
 */
function offsetOf(root: YamlNode, path: string, preferKey: boolean): number {
  let node: unknown = root;
  let keyNode: YamlNode | undefined;
  let rest = path;
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
    }
    const index = /^\[(\d+)\]/.exec(rest);
    if (index) {
      if (!yaml.isSeq(node) || Number(index[1]) >= node.items.length) {
        break;
      }
      node = node.items[Number(index[1])];
      keyNode = undefined;
      rest = rest.slice(index[0].length);
      continue;
    }
    if (!yaml.isMap(node)) {
      break;
    }
    let best: Pair<unknown, unknown> | undefined;
    let bestLength = -1;
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const k = keyText(pair.key);
      if ((rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`)) && k.length > bestLength) {
        best = pair;
        bestLength = k.length;
      }
    }
    if (best === undefined) {
      break;
    }
    keyNode = yaml.isNode(best.key) ? best.key : undefined;
    node = best.value;
    rest = rest.slice(bestLength);
  }
  const valueNode = yaml.isNode(node) ? node : undefined;
  const useKey = keyNode !== undefined && (preferKey || valueNode === undefined || yaml.isCollection(valueNode) || rest.length > 0);
  const chosen = useKey ? keyNode : valueNode;
  return chosen?.range?.[0] ?? root.range?.[0] ?? 0;
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'unknown error';
}
