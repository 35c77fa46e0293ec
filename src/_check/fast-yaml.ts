import type { CollectionTag, ScalarTag } from 'yaml';

/**
 * A fast reader for the plain block YAML that Kubernetes tools write
 * (kubectl, kustomize, Helm, cdk8s): block mappings and sequences, one-line
 * plain and quoted scalars, one-line flow collections, literal block scalars
 * and comments. It gives the same values as the `yaml` package's
 * `parseAllDocuments(text, { version: '1.1' })` and `toJS()` (plain scalars
 * are resolved by that package's own YAML 1.1 tags), and it gives up on a
 * document as soon as it meets anything else (anchors, tags, folded or
 * multi-line scalars, complex or duplicate keys, syntax errors, ...): that
 * document is then read by the `yaml` package, which also gives every file
 * position. It exists because the `yaml` package reads some 2 MB/s, and a
 * GitOps repository with 10,000 Shoots is 20 MB.
 */

/** One document of a stream: its lines, and its value when this reader understood it. */
export interface FastDocument {
  /** 0-based index of the document's first line (after its `---`). */
  readonly startLine: number;
  /** 0-based index after its last line. */
  readonly endLine: number;
  /** Whether `value` holds the document's value; if not, the `yaml` package must read it. */
  readonly understood: boolean;
  readonly value?: unknown;
}

interface Line {
  /** Columns of leading spaces. */
  indent: number;
  /** The line from its first non-space character. */
  text: string;
}

/** Thrown to give up on a document; caught per document. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/** Plain scalar resolution: the `yaml` package's own YAML 1.1 tags, in its order. */
export interface ScalarResolver {
  readonly tags: ReadonlyArray<ScalarTag | CollectionTag>;
  readonly string: ScalarTag;
  readonly options: object;
}

let resolver: ScalarResolver | undefined;

function scalarResolver(): ScalarResolver {
  if (resolver === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require('yaml') as typeof import('yaml');
    const doc = new yaml.Document(null, { version: '1.1' });
    const tags = doc.schema.tags.filter(t => t.default === true && (t as ScalarTag).test !== undefined);
    const string = doc.schema.tags.find(t => t.tag === 'tag:yaml.org,2002:str') as ScalarTag;
    resolver = { tags, string, options: doc.options };
  }
  return resolver;
}

/** The first characters of every plain scalar that a YAML 1.1 tag other than str matches (`E0` is a float). */
const NOT_ALWAYS_STRING = /^[~YyNnTtFfOoEe+\-.0-9]|^$/;

/** The value of a plain scalar, as the `yaml` package resolves it; `key` when it must resolve to a string. */
function plainValue(text: string, key: boolean): unknown {
  if (key && text === '<<') {
    throw GIVE_UP; // a merge key
  }
  if (!NOT_ALWAYS_STRING.test(text)) {
    return text;
  }
  const r = scalarResolver();
  const tag = (r.tags.find(t => (t as ScalarTag).test!.test(text)) ?? r.string) as ScalarTag;
  if (key && tag !== r.string) {
    throw GIVE_UP; // a key that is not a string (`1:`, `on:`, `~:`)
  }
  let failed = false;
  const res = tag.resolve(text, () => {
    failed = true;
  }, r.options as never) as unknown;
  if (failed) {
    throw GIVE_UP;
  }
  // A tag may return a Scalar node (e.g. a float keeping its digits): its value is what toJS gives.
  return typeof res === 'object' && res !== null && 'value' in res && !(res instanceof Date) ? (res as { value: unknown }).value : res;
}

const JSON_ESCAPE = /\\(?!["\\/bfnrtu])/;

/** A double-quoted scalar whose escapes JSON also has; the end index after the closing quote. */
function doubleQuoted(s: string, start: number): { value: string; end: number } {
  let i = start + 1;
  while (i < s.length && s[i] !== '"') {
    i += s[i] === '\\' ? 2 : 1;
  }
  if (i >= s.length) {
    throw GIVE_UP; // continues on the next line
  }
  const raw = s.slice(start, i + 1);
  if (JSON_ESCAPE.test(raw)) {
    throw GIVE_UP; // a YAML-only escape
  }
  try {
    return { value: JSON.parse(raw) as string, end: i + 1 };
  } catch {
    throw GIVE_UP; // e.g. a raw tab or control character
  }
}

/** A single-quoted scalar (`''` is a quote); the end index after the closing quote. */
function singleQuoted(s: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const q = s.indexOf('\'', i);
    if (q < 0) {
      throw GIVE_UP;
    }
    value += s.slice(i, q);
    if (s[q + 1] === '\'') {
      value += '\'';
      i = q + 2;
    } else {
      return { value, end: q + 1 };
    }
  }
}

/** The rest of a line after a value: nothing, or a comment. */
function expectEnd(s: string, i: number): void {
  const rest = s.slice(i);
  if (rest.length > 0 && !/^[ ]+(#.*)?$/.test(rest)) {
    throw GIVE_UP;
  }
}

const PLAIN_START = /^[^\s\-?:,[\]{}#&*!|>'"%@`]|^[-?:][^\s,[\]{}]/;

/** A one-line plain scalar in block context: up to a comment. */
function blockPlain(s: string): string {
  if (!PLAIN_START.test(s) || s.includes('\t')) {
    throw GIVE_UP;
  }
  const hash = s.indexOf(' #');
  const text = (hash < 0 ? s : s.slice(0, hash)).replace(/ +$/, '');
  if (text.includes(': ') || text.endsWith(':')) {
    throw GIVE_UP; // a mapping where a scalar should be
  }
  return text;
}

/** A one-line flow collection (`{ a: b, c: [1, 2] }`) starting at `start`. */
function flow(s: string, start: number): { value: unknown; end: number } {
  let i = start;
  const space = (): void => {
    while (s[i] === ' ') i++;
  };
  const scalar = (key: boolean): unknown => {
    space();
    const c = s[i];
    if (c === '"' || c === '\'') {
      const q = c === '"' ? doubleQuoted(s, i) : singleQuoted(s, i);
      i = q.end;
      return q.value;
    }
    const from = i;
    while (i < s.length && !',[]{}'.includes(s[i]) && !(s[i] === ':' && (s[i + 1] === ' ' || ',[]{}'.includes(s[i + 1] ?? ' '))) && !(s[i] === '#' && s[i - 1] === ' ')) {
      i++;
    }
    const text = s.slice(from, i).replace(/ +$/, '');
    if (text === '' || !PLAIN_START.test(text) || text.includes('\t')) {
      throw GIVE_UP;
    }
    return plainValue(text, key);
  };
  const node = (): unknown => {
    space();
    if (s[i] === '{') {
      i++;
      const map: Record<string, unknown> = {};
      space();
      while (s[i] !== '}') {
        const key = scalar(true) as string;
        space();
        if (s[i] !== ':' || key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key)) {
          throw GIVE_UP;
        }
        i++;
        map[key] = node();
        space();
        if (s[i] === ',') {
          i++;
          space();
        } else if (s[i] !== '}') {
          throw GIVE_UP;
        }
      }
      i++;
      return map;
    }
    if (s[i] === '[') {
      i++;
      const seq: unknown[] = [];
      space();
      while (s[i] !== ']') {
        if (s[i] === '[' || s[i] === '{') {
          seq.push(node());
        } else {
          seq.push(scalar(false));
          space();
          if (s[i] === ':') {
            throw GIVE_UP; // a single-pair mapping
          }
        }
        space();
        if (s[i] === ',') {
          i++;
          space();
        } else if (s[i] !== ']') {
          throw GIVE_UP;
        }
      }
      i++;
      return seq;
    }
    return scalar(false);
  };
  const value = node();
  return { value, end: i };
}

/** A document's meaningful lines and a cursor over them. */
class Reader {
  private pos = 0;

  constructor(private readonly lines: Line[], private readonly raw: string[], private readonly rawIndex: number[], private readonly rawEnd: number) {}

  peek(): Line | undefined {
    return this.lines[this.pos];
  }

  next(): void {
    this.pos++;
  }

  /** A node whose lines are indented more than `parent` (-1 for the document). */
  block(parent: number): unknown {
    const line = this.peek();
    if (line === undefined || line.indent <= parent) {
      return null;
    }
    if (isSeqItem(line.text)) {
      return this.seq(line.indent);
    }
    if (mapKey(line.text) !== undefined) {
      return this.map(line.indent);
    }
    // A scalar on a line of its own.
    const value = this.inline(line.text, parent);
    return value;
  }

  private seq(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.peek(); line !== undefined && line.indent === indent && isSeqItem(line.text); line = this.peek()) {
      const rest = line.text.slice(1);
      const spaces = rest.length - rest.replace(/^ +/, '').length;
      const content = rest.slice(spaces);
      if (content === '' || content.startsWith('#')) {
        this.next();
        out.push(this.block(indent));
      } else if (mapKey(content) !== undefined) {
        // `- key: value`: a mapping whose keys start at this column.
        line.indent = indent + 1 + spaces;
        line.text = content;
        out.push(this.map(line.indent));
      } else if (isSeqItem(content)) {
        throw GIVE_UP;
      } else {
        out.push(this.inline(content, indent));
      }
    }
    const after = this.peek();
    if (after !== undefined && after.indent > indent) {
      throw GIVE_UP;
    }
    return out;
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      if (isSeqItem(line.text)) {
        break;
      }
      const key = mapKey(line.text);
      if (key === undefined || key.key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key.key)) {
        throw GIVE_UP;
      }
      const rest = line.text.slice(key.end).replace(/^ +/, '');
      if (rest === '' || rest.startsWith('#')) {
        this.next();
        const child = this.peek();
        if (child !== undefined && child.indent === indent && isSeqItem(child.text)) {
          out[key.key] = this.seq(indent); // `key:` then `- item` at the key's column (kubectl's style)
        } else {
          out[key.key] = this.block(indent);
        }
      } else {
        out[key.key] = this.inline(rest, indent);
      }
    }
    const after = this.peek();
    if (after !== undefined && after.indent > indent) {
      throw GIVE_UP;
    }
    return out;
  }

  /** A value that starts on the current line (after `key:` or `- `); consumes its lines. */
  private inline(text: string, parent: number): unknown {
    const c = text[0];
    let value: unknown;
    if (c === '|') {
      return this.literal(text, parent);
    }
    if (c === '"' || c === '\'') {
      const q = c === '"' ? doubleQuoted(text, 0) : singleQuoted(text, 0);
      expectEnd(text, q.end);
      value = q.value;
    } else if (c === '{' || c === '[') {
      const f = flow(text, 0);
      expectEnd(text, f.end);
      value = f.value;
    } else {
      value = plainValue(blockPlain(text), false);
    }
    this.next();
    const after = this.peek();
    if (after !== undefined && after.indent > parent) {
      throw GIVE_UP; // more lines belong to this value: a multi-line scalar, or an error
    }
    return value;
  }

  /** A literal block scalar (`|`, `|-`, `|+`), its content lines indented more than `parent`. */
  private literal(header: string, parent: number): string {
    const m = /^\|([-+]?)(?:[ ]+#.*)?[ ]*$/.exec(header);
    if (!m) {
      throw GIVE_UP; // an indentation indicator, or something after the header
    }
    // The content comes from the raw lines: comments and blank lines inside belong to it.
    let r = this.rawIndex[this.pos] + 1;
    const content: string[] = [];
    let indent = -1;
    for (; r < this.rawEnd; r++) {
      const line = this.raw[r];
      const spaces = line.length - line.replace(/^ +/, '').length;
      if (/^ *$/.test(line)) {
        if (indent >= 0 && spaces > indent) {
          content.push(line.slice(indent));
        } else {
          if (indent < 0 && spaces > parent + 1 && line.length > 0) {
            throw GIVE_UP; // leading blank lines with more spaces than the content: yaml decides
          }
          content.push('');
        }
        continue;
      }
      if (spaces <= parent) {
        break;
      }
      if (indent < 0) {
        indent = spaces;
      } else if (spaces < indent) {
        throw GIVE_UP;
      }
      content.push(line.slice(indent));
    }
    // Skip the meaningful lines the scalar used.
    this.next();
    while (this.pos < this.lines.length && this.rawIndex[this.pos] < r) {
      this.pos++;
    }
    let end = content.length;
    while (end > 0 && content[end - 1] === '') end--;
    const body = content.slice(0, end).join('\n');
    if (m[1] === '-') {
      return body;
    }
    if (m[1] === '+') {
      return end === 0 ? content.map(() => '\n').join('') : `${body}\n${content.slice(end).map(() => '\n').join('')}`;
    }
    return end === 0 ? '' : `${body}\n`;
  }
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** The key of a `key: value` line (plain or quoted) and where its `:` ends; undefined for other lines. */
function mapKey(text: string): { key: string; end: number } | undefined {
  const c = text[0];
  if (c === '"' || c === '\'') {
    let q: { value: string; end: number };
    try {
      q = c === '"' ? doubleQuoted(text, 0) : singleQuoted(text, 0);
    } catch {
      return undefined;
    }
    if (text[q.end] !== ':' || (q.end + 1 < text.length && text[q.end + 1] !== ' ')) {
      return undefined;
    }
    return { key: q.value, end: q.end + 1 };
  }
  let colon = text.indexOf(': ');
  if (colon < 0 && text.endsWith(':')) {
    colon = text.length - 1;
  }
  if (colon <= 0) {
    return undefined;
  }
  const raw = text.slice(0, colon);
  if (raw.includes(' #') || !PLAIN_START.test(raw) || raw.includes('\t') || /^[[{]/.test(raw)) {
    return undefined;
  }
  const key = raw.replace(/ +$/, '');
  return { key: plainValue(key, true) as string, end: colon + 1 };
}

/** A stream split into lines and documents. */
export interface FastStream {
  /** The stream's lines (without line breaks). */
  readonly lines: string[];
  readonly documents: FastDocument[];
  /** The text of lines `start` to `end` (exclusive), line breaks included. */
  slice(start: number, end: number): string;
}

/**
 * Splits a stream into documents at `---` lines and reads each one it can.
 * `undefined` when the stream has directives, document end markers or
 * content on a `---` line: the `yaml` package reads the whole stream then.
 */
export function fastDocuments(text: string): FastStream | undefined {
  const raw = text.split('\n');
  /** Offset of each line in the text. */
  const starts: number[] = new Array(raw.length + 1);
  let offset = 0;
  for (let i = 0; i < raw.length; i++) {
    starts[i] = offset;
    offset += raw[i].length + 1;
    if (raw[i].endsWith('\r')) {
      raw[i] = raw[i].slice(0, -1);
    }
  }
  starts[raw.length] = text.length;
  if (raw.length > 1 && raw[raw.length - 1] === '') {
    raw.pop(); // after the last line break: not a line
  }
  const docs: FastDocument[] = [];
  let start = 0;
  let markerRest = '';
  const finish = (end: number): void => {
    docs.push(readDocument(raw, start, end));
  };
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i];
    if (line.startsWith('%') || line === '...' || line.startsWith('... ')) {
      return undefined;
    }
    if (line === '---' || line.startsWith('--- ') || line.startsWith('---\t')) {
      if (i > start || markerRest !== '' || docs.length > 0) {
        finish(i);
      }
      start = i + 1;
      markerRest = line.slice(3).replace(/^[ \t]+|[ \t]+$/g, '');
      if (markerRest !== '' && !markerRest.startsWith('#')) {
        return undefined; // content on the marker line
      }
    }
  }
  finish(raw.length);
  return { lines: raw, documents: docs, slice: (from, to) => text.slice(starts[from], starts[to]) };
}

/**
 * Characters this reader leaves to the `yaml` package: tabs and other
 * control characters, and what YAML 1.1 counts as line breaks besides `\n`
 * (which JavaScript's string functions would treat differently).
 */
const UNUSUAL = /[\t\r\v\f\u0085\u2028\u2029\ufeff]/;

function readDocument(raw: string[], start: number, end: number): FastDocument {
  const lines: Line[] = [];
  const rawIndex: number[] = [];
  for (let r = start; r < end; r++) {
    const line = raw[r];
    if (UNUSUAL.test(line)) {
      return { startLine: start, endLine: end, understood: false };
    }
    const text = line.replace(/^ +/, '');
    if (text === '' || text.startsWith('#')) {
      continue;
    }
    lines.push({ indent: line.length - text.length, text: text.replace(/[ ]+$/, '') });
    rawIndex.push(r);
  }
  if (lines.length === 0) {
    return { startLine: start, endLine: end, understood: true, value: null };
  }
  try {
    const reader = new Reader(lines, raw, rawIndex, end);
    const value = reader.block(-1);
    if (reader.peek() !== undefined) {
      throw GIVE_UP;
    }
    return { startLine: start, endLine: end, understood: true, value };
  } catch (e) {
    if (e instanceof GiveUp) {
      return { startLine: start, endLine: end, understood: false };
    }
    throw e;
  }
}
