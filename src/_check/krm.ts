import type { Document } from 'yaml';
import { checkDocuments, Finding } from './check';
import { Io } from './main';
import { checkedObjects, COMMAND, fieldProblem, findingMessage, newerVersionNote, plural } from './render';
import { InputError, parseText, SourceDocument } from './source';
import { checkExtensionVersion, NEWEST_KNOWN_EXTENSION_VERSION } from '../_rules/extension-version';
import { isObject } from '../_rules/json';

/**
 * `cdk8s-gardener-registry-cache krm`: the check as a KRM function (the
 * kubernetes-sigs/kustomize "Functions Spec", config.kubernetes.io/v1). It
 * reads a `ResourceList` on standard input, checks every Shoot and referenced
 * Secret among its `items` with the check command's rules, and writes the
 * same `ResourceList` back with `results` (severity, message, resourceRef,
 * field and file). kustomize runs it as an exec validator
 * (`kustomize build --enable-alpha-plugins --enable-exec`), kpt as an exec
 * function (`kpt fn eval --exec`). The items are written back unchanged: a
 * validator must not modify them.
 *
 * Errors and warnings also go to standard error as one line each (kustomize
 * shows a failing function's standard error, not its results). Exit codes:
 * 0 no errors, 1 errors, 2 an input that is not a ResourceList or a usage error.
 */

export const KRM_USAGE = `Usage: ${COMMAND} krm [--extension-version vX.Y.Z] < resource-list.yaml

The check as a KRM function: reads a ResourceList (config.kubernetes.io/v1) on standard
input, checks every Shoot and referenced Secret among its items, and writes the ResourceList
back with results (severity, message, resourceRef, field, file). Errors and warnings are also
printed to standard error. For kustomize (an exec validator) and kpt (fn eval --exec).

The extension version (default ${NEWEST_KNOWN_EXTENSION_VERSION}) is --extension-version, or extensionVersion
in the functionConfig's data (a ConfigMap, e.g. kpt's "-- extensionVersion=v0.24.0") or spec.

Exit codes: 0 no errors (warnings and notes allowed), 1 errors, 2 usage error or input
that is not a ResourceList.
`;

const RESOURCE_LIST_API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1alpha1'];

/** The annotations a KRM orchestrator puts on an item to say where it came from. */
const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];
const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** One entry of a ResourceList's `results` (the Functions Spec's Result). */
interface KrmResult {
  message: string;
  severity: 'error' | 'warning' | 'info';
  resourceRef?: { apiVersion?: string; kind: string; name: string; namespace?: string };
  field?: { path: string };
  file?: { path: string; index?: number };
  /** The finding's rule id, as every other format gives it (docs/check.md, "Rule ids"). */
  tags?: { rule: string };
}

/** Where an item came from: its file (and document index), from the orchestrator's annotations. */
function fileOf(item: Record<string, unknown>): { path: string; index?: number } | undefined {
  const md = isObject(item.metadata) ? item.metadata : {};
  const annotations = isObject(md.annotations) ? md.annotations : {};
  const first = (keys: readonly string[]): string | undefined => {
    for (const k of keys) {
      const v = annotations[k];
      if (typeof v === 'string' && v !== '') {
        return v;
      }
    }
    return undefined;
  };
  let path = first(PATH_ANNOTATIONS);
  if (path === undefined) {
    // kustomize's buildMetadata: [originAnnotations] writes `path: <file>` (and a repo) into one annotation.
    const origin = annotations[ORIGIN_ANNOTATION];
    const m = typeof origin === 'string' ? /^path:\s*['"]?([^'"\n]+?)['"]?\s*$/m.exec(origin) : null;
    path = m ? m[1] : undefined;
  }
  if (path === undefined) {
    return undefined;
  }
  const index = Number(first(INDEX_ANNOTATIONS));
  return Number.isInteger(index) ? { path, index } : { path };
}

function severityOf(f: Finding): KrmResult['severity'] {
  return f.severity === 'note' ? 'info' : f.severity;
}

interface KrmArgs {
  readonly extensionVersion?: string;
}

function parseArgs(argv: readonly string[]): KrmArgs | 'help' | string {
  let extensionVersion: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      return 'help';
    }
    if (arg === '--extension-version' && i + 1 < argv.length) {
      extensionVersion = argv[++i];
    } else if (arg.startsWith('--extension-version=')) {
      extensionVersion = arg.slice('--extension-version='.length);
    } else {
      return `unknown argument ${JSON.stringify(arg)}`;
    }
  }
  return { extensionVersion };
}

/** extensionVersion from the functionConfig: a ConfigMap's data, or a spec. */
function versionFromFunctionConfig(config: unknown): string | undefined {
  if (!isObject(config)) {
    return undefined;
  }
  for (const key of ['data', 'spec']) {
    const section = config[key];
    if (isObject(section) && typeof section.extensionVersion === 'string') {
      return section.extensionVersion;
    }
  }
  return undefined;
}

/** Runs the KRM function; returns the exit code. */
export function krm(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv);
  if (args === 'help') {
    io.stdout(KRM_USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    io.stderr(`${COMMAND} krm: ${args}\n\n${KRM_USAGE}`);
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml') as typeof import('yaml');
  let doc: Document.Parsed;
  try {
    doc = yaml.parseDocument(io.readStdin(), { uniqueKeys: false });
  } catch {
    io.stderr(`${COMMAND} krm: standard input cannot be read. Fix: run it as a KRM function (kustomize, kpt), which writes a ResourceList to its standard input\n`);
    return 2;
  }
  const list = doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!isObject(list) || list.kind !== 'ResourceList' || !RESOURCE_LIST_API_VERSIONS.includes(list.apiVersion as string)
    || !(list.items === undefined || list.items === null || Array.isArray(list.items))) {
    io.stderr(`${COMMAND} krm: standard input is not a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: [...]). `
      + 'Fix: run it as a KRM function (kustomize, kpt), which writes a ResourceList to its standard input; for YAML files use the check command\n');
    return 2;
  }
  const items = (Array.isArray(list.items) ? list.items : []) as unknown[];

  const versionText = args.extensionVersion ?? versionFromFunctionConfig(list.functionConfig) ?? NEWEST_KNOWN_EXTENSION_VERSION;
  const version = checkExtensionVersion(versionText, 'extensionVersion');
  if (version.version === undefined) {
    const e = version.errors[0];
    io.stderr(`${COMMAND} krm: extensionVersion ${e.value}: ${e.detail}. Fix: ${e.fix}\n`);
    return 2;
  }

  // Each item is read as its own document through the check command's reader (so that it is taken exactly as a
  // file's document is), under a name that leads back to the item.
  const documents: SourceDocument[] = [];
  const errors: InputError[] = [];
  const lookAlikes: Finding[] = [];
  items.forEach((item, i) => {
    if (isObject(item)) {
      parseText(String(i), yaml.stringify(item, { aliasDuplicateObjects: false }), documents, errors, { lookAlikes });
    }
  });
  const checked = checkDocuments(documents, { version: version.version });
  const findings = [...lookAlikes, ...checked.findings];

  const results: KrmResult[] = [];
  const lines: string[] = [];
  const newer = newerVersionNote(version.version, 'extensionVersion', 'this function');
  if (newer !== undefined) {
    results.push({ message: `${newer.detail}. Fix: ${newer.fix}`, severity: 'info', tags: { rule: newer.rule } });
  }
  for (const f of findings) {
    const item = items[Number(f.file)] as Record<string, unknown>;
    const file = fileOf(item);
    const md = isObject(item.metadata) ? item.metadata : {};
    results.push({
      // The object is the result's resourceRef.
      message: `${fieldProblem(f)}. Fix: ${f.fix}`,
      severity: severityOf(f),
      resourceRef: {
        ...(typeof item.apiVersion === 'string' ? { apiVersion: item.apiVersion } : {}),
        kind: f.kind,
        name: typeof md.name === 'string' ? md.name : f.name,
        ...(f.namespace === '' ? {} : { namespace: f.namespace }),
      },
      field: { path: f.path },
      ...(file === undefined ? {} : { file }),
      tags: { rule: f.rule },
    });
    if (f.severity !== 'note') {
      lines.push(`${file === undefined ? '' : `${file.path}: `}${f.severity}: ${findingMessage(f)}`);
    }
  }
  for (const e of errors) {
    const item = items[Number(e.file)] as Record<string, unknown>;
    const file = fileOf(item);
    results.push({ message: e.detail, severity: 'error', ...(file === undefined ? {} : { file }) });
    lines.push(`${file === undefined ? `item ${e.file}` : file.path}: error: ${e.detail}`);
  }

  const errorCount = results.filter(r => r.severity === 'error').length;
  if (results.length > 0) {
    // Kept with any results already there (an earlier function's).
    const before = Array.isArray(list.results) ? list.results : [];
    doc.set('results', [...before, ...results]);
  }
  io.stdout(doc.toString({ lineWidth: 0 }));
  if (lines.length > 0) {
    const warnings = results.filter(r => r.severity === 'warning').length;
    lines.push(`${COMMAND} krm: ${plural(errorCount, 'error')}, ${plural(warnings, 'warning')}: `
      + `${checkedObjects(checked)} checked (registry extensions ${version.version.text})`);
    io.stderr(`${lines.join('\n')}\n`);
  }
  return errorCount > 0 ? 1 : 0;
}
