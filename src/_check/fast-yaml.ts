import type { CollectionTag, ScalarTag } from 'yaml';
import { MAX_DEPTH } from '../_depth';

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

/** A position in the stream, 1-based. */
export interface FastPosition {
  readonly line: number;
  readonly column: number;
}

/** Where a mapping's key and its value start (no value position for an empty value). */
export interface FastEntry {
  readonly key: FastPosition;
  readonly value?: FastPosition;
}

/**
 * Where the nodes of a document start, recorded on request (for a document
 * with findings): the same positions as the `yaml` package's source ranges
 * (a test compares them). Keyed by the document's own objects and arrays.
 */
export interface FastPositions {
  readonly root?: FastPosition;
  readonly maps: WeakMap<object, Map<string, FastEntry>>;
  readonly seqs: WeakMap<object, FastPosition[]>;
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

/**
 * The tests of the `yaml` package's YAML 1.1 scalar tags (null, bool, int,
 * float, timestamp), in its order: a plain scalar that none of them matches
 * is a string, without loading the package (a test keeps this list equal to
 * the package's). The common forms are resolved here; the others (octal,
 * hex, sexagesimal, exponents, `.inf`, underscores, timestamps) by the
 * package's own tags.
 */
export const YAML_11_SCALAR_TESTS: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

/** The first characters of every plain scalar that a YAML 1.1 tag other than str matches (`E0` is a float). */
const NOT_ALWAYS_STRING = /^[~YyNnTtFfOoEe+\-.0-9]|^$/;
const NULL = YAML_11_SCALAR_TESTS[0];
const TRUE = YAML_11_SCALAR_TESTS[1];
const FALSE = YAML_11_SCALAR_TESTS[2];
/** Decimal integers and fractions the way JSON writes them: Number() reads them as the package does. */
const SIMPLE_NUMBER = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;

/** The value of a plain scalar, as the `yaml` package resolves it; `key` when it must resolve to a string. */
function plainValue(text: string, key: boolean): unknown {
  if (key && text === '<<') {
    throw GIVE_UP; // a merge key
  }
  if (!NOT_ALWAYS_STRING.test(text) || !YAML_11_SCALAR_TESTS.some(t => t.test(text))) {
    return text;
  }
  if (key) {
    throw GIVE_UP; // a key that is not a string (`1:`, `on:`, `~:`)
  }
  if (NULL.test(text)) {
    return null;
  }
  if (TRUE.test(text)) {
    return true;
  }
  if (FALSE.test(text)) {
    return false;
  }
  if (SIMPLE_NUMBER.test(text) && !/^-?0[0-9]/.test(text)) {
    return Number(text);
  }
  return packageValue(text);
}

/** A plain scalar of a rarer form, resolved by the `yaml` package's own YAML 1.1 tags (loaded on first use). */
function packageValue(text: string): unknown {
  const r = scalarResolver();
  const tag = (r.tags.find(t => (t as ScalarTag).test!.test(text)) ?? r.string) as ScalarTag;
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

/**
 * A one-line flow collection (`{ a: b, c: [1, 2] }`) starting at `start`;
 * with `rec`, the positions of its nodes (`s[i]` is at column `column + i` of `line`).
 */
function flow(s: string, start: number, rec?: FastPositions, line = 0, column = 0, outer = 0): { value: unknown; end: number } {
  let i = start;
  let depth = outer;
  const at = (): FastPosition => ({ line, column: column + i });
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
    if ((s[i] === '{' || s[i] === '[') && depth >= MAX_DEPTH) {
      throw GIVE_UP; // deeper than any Shoot: the yaml package reads (and limits) it
    }
    if (s[i] === '{') {
      i++;
      depth++;
      const map: Record<string, unknown> = {};
      const entries = rec === undefined ? undefined : new Map<string, FastEntry>();
      space();
      while (s[i] !== '}') {
        space();
        const keyAt = at();
        const key = scalar(true) as string;
        space();
        if (s[i] !== ':' || key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key)) {
          throw GIVE_UP;
        }
        i++;
        space();
        entries?.set(key, { key: keyAt, value: at() });
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
      depth--;
      if (entries !== undefined) {
        rec!.maps.set(map, entries);
      }
      return map;
    }
    if (s[i] === '[') {
      i++;
      depth++;
      const seq: unknown[] = [];
      const items: FastPosition[] | undefined = rec === undefined ? undefined : [];
      space();
      while (s[i] !== ']') {
        items?.push(at());
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
      depth--;
      if (items !== undefined) {
        rec!.seqs.set(seq, items);
      }
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
  /** How many collections enclose the current line (at most MAX_DEPTH). */
  private depth = 0;

  constructor(
    private readonly lines: Line[], private readonly raw: string[], private readonly rawIndex: number[], private readonly rawEnd: number,
    private readonly rec?: FastPositions,
  ) {}

  /** The position of column `column` (1-based) of the current line. */
  private at(column: number): FastPosition {
    return { line: this.rawIndex[this.pos] + 1, column };
  }

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
    return this.inline(line.text, parent, line.indent + 1);
  }

  private seq(indent: number): unknown[] {
    this.enter();
    const out: unknown[] = [];
    const items: FastPosition[] | undefined = this.rec === undefined ? undefined : [];
    for (let line = this.peek(); line !== undefined && line.indent === indent && isSeqItem(line.text); line = this.peek()) {
      const rest = line.text.slice(1);
      const spaces = rest.length - rest.replace(/^ +/, '').length;
      const content = rest.slice(spaces);
      const column = indent + 2 + spaces;
      if (content === '' || content.startsWith('#')) {
        const empty = this.rec === undefined ? undefined : this.at(indent + 2);
        this.next();
        const child = this.peek();
        items?.push(child !== undefined && child.indent > indent ? { line: this.rawIndex[this.pos] + 1, column: child.indent + 1 } : empty!);
        out.push(this.block(indent));
      } else if (mapKey(content) !== undefined) {
        // `- key: value`: a mapping whose keys start at this column.
        items?.push(this.at(column));
        line.indent = column - 1;
        line.text = content;
        out.push(this.map(line.indent));
      } else if (isSeqItem(content)) {
        throw GIVE_UP;
      } else {
        items?.push(this.at(column));
        out.push(this.inline(content, indent, column));
      }
    }
    if (items !== undefined) {
      this.rec!.seqs.set(out, items);
    }
    const after = this.peek();
    if (after !== undefined && after.indent > indent) {
      throw GIVE_UP;
    }
    this.depth--;
    return out;
  }

  private map(indent: number): Record<string, unknown> {
    this.enter();
    const out: Record<string, unknown> = {};
    const entries = this.rec === undefined ? undefined : new Map<string, FastEntry>();
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      if (isSeqItem(line.text)) {
        break;
      }
      const key = mapKey(line.text);
      if (key === undefined || key.key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key.key)) {
        throw GIVE_UP;
      }
      const keyAt = this.rec === undefined ? undefined : this.at(indent + 1);
      const rest = line.text.slice(key.end).replace(/^ +/, '');
      if (rest === '' || rest.startsWith('#')) {
        this.next();
        const child = this.peek();
        const compact = child !== undefined && child.indent === indent && isSeqItem(child.text);
        if (keyAt !== undefined) {
          const block = compact || (child !== undefined && child.indent > indent);
          entries!.set(key.key, { key: keyAt, value: block ? this.at(child!.indent + 1) : undefined });
        }
        // `key:` then `- item` at the key's column is kubectl's style.
        out[key.key] = compact ? this.seq(indent) : this.block(indent);
      } else {
        const column = indent + 1 + line.text.length - rest.length;
        if (keyAt !== undefined) {
          entries!.set(key.key, { key: keyAt, value: this.at(column) });
        }
        out[key.key] = this.inline(rest, indent, column);
      }
    }
    if (entries !== undefined) {
      this.rec!.maps.set(out, entries);
    }
    const after = this.peek();
    if (after !== undefined && after.indent > indent) {
      throw GIVE_UP;
    }
    this.depth--;
    return out;
  }

  /** One more collection level; beyond MAX_DEPTH the yaml package reads (and limits) the document. */
  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      throw GIVE_UP;
    }
  }

  /** A value that starts on the current line (after `key:` or `- `) at `column`; consumes its lines. */
  private inline(text: string, parent: number, column: number): unknown {
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
      const f = flow(text, 0, this.rec, this.rawIndex[this.pos] + 1, column, this.depth);
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

function readDocument(raw: string[], start: number, end: number, rec?: FastPositions): FastDocument {
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
  if (rec !== undefined) {
    (rec as { root?: FastPosition }).root = { line: rawIndex[0] + 1, column: lines[0].indent + 1 };
  }
  try {
    const reader = new Reader(lines, raw, rawIndex, end, rec);
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

/**
 * Reads a document the fast reader understood again, recording where each
 * node starts: for the positions of its findings.
 */
export function fastPositions(stream: FastStream, doc: FastDocument): { value: unknown; positions: FastPositions } | undefined {
  const positions: FastPositions = { maps: new WeakMap(), seqs: new WeakMap() };
  const again = readDocument(stream.lines, doc.startLine, doc.endLine, positions);
  return again.understood ? { value: again.value, positions } : undefined;
}
