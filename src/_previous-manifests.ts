import * as fs from 'fs';
import * as path from 'path';
import { MAX_DEPTH, pathTooDeep, shownPath } from './_depth';
import { FieldError, quote } from './_errors';
import { decodeUtf8, errorCode, formatBytes, readRegularFile } from './_files';
import { listItems } from './_list';
import { listYamlFiles } from './_yaml-files';

/**
 * The most YAML the previous manifests may hold, all files together: room for
 * tens of thousands of Shoots, and a bound on memory and time for a path that
 * points at something else.
 */
export const MAX_PREVIOUS_MANIFESTS_BYTES = 128 * 1024 * 1024;

/** What reading the previous manifests gave. */
export interface PreviousManifests {
  /** The objects found, in file and document order; `kind: List` objects are flattened. */
  readonly objects: unknown[];
  /** The YAML files read, in order (empty for a first deployment). */
  readonly files: string[];
  /** True when there was nothing to read: the path does not exist. */
  readonly missing: boolean;
  /** Problems reading or parsing; they never quote file content. */
  readonly errors: FieldError[];
}

export interface ReadOptions {
  /** Report a missing path instead of treating it as a first deployment. */
  readonly failWhenMissing: boolean;
  /** The output directory of `cdk8s synth`, when the CLI runs us (`CDK8S_OUTDIR`). */
  readonly cliOutdir?: string;
}

let yamlModule: typeof import('yaml') | undefined;

/**
 * The YAML parser, loaded on first use so that apps without an
 * UpdateSafetyCheck do not pay for it. We parse ourselves instead of calling
 * cdk8s' `Yaml.load`, because `Yaml.load` ignores syntax errors (a truncated
 * file would silently lose objects), fetches URLs, and spawns a process per file.
 */
function yaml(): typeof import('yaml') {
  if (yamlModule === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    yamlModule = require('yaml') as typeof import('yaml');
  }
  return yamlModule;
}

const FIELD = 'previousManifests';

/**
 * Reads a YAML file, or every `.yaml`/`.yml` file under a directory
 * (recursively, in sorted order, skipping names that start with a dot),
 * as multi-document YAML. A missing path is a first deployment.
 */
export function readPreviousManifests(location: string, options: ReadOptions): PreviousManifests {
  const errors: FieldError[] = [];
  const shown = quote(location);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(location);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') {
      return { objects: [], files: [], missing: false, errors: [{ path: FIELD, value: shown, detail: `cannot be read (${errorCode(e) ?? 'unknown error'})`, fix: 'give a readable YAML file or directory' }] };
    }
    if (options.cliOutdir !== undefined && isWithin(location, options.cliOutdir)) {
      errors.push({
        path: FIELD,
        value: shown,
        detail: `does not exist, and it is in the output directory of this synth (CDK8S_OUTDIR ${quote(options.cliOutdir)}): \`cdk8s synth\` deletes that directory before it runs the app, so the previous manifests can never be read from there`,
        fix: 'point previousManifests at a copy made before synth (e.g. `cp -r dist .previous` or `git show HEAD:dist/app.k8s.yaml > previous.k8s.yaml`), or run app.synth() from your own script',
      });
    } else if (options.failWhenMissing) {
      errors.push({
        path: FIELD,
        value: shown,
        detail: 'does not exist',
        fix: 'give the path of the manifests deployed before (e.g. the last committed synth output), or leave failWhenMissing off for a first deployment',
      });
    }
    return { objects: [], files: [], missing: true, errors };
  }

  const files = stat.isDirectory() ? yamlFilesUnder(location, errors) : [location];
  if (stat.isDirectory() && files.length === 0 && options.failWhenMissing && errors.length === 0) {
    errors.push({
      path: FIELD,
      value: shown,
      detail: 'is a directory without .yaml or .yml files',
      fix: 'give the directory of the manifests deployed before, or leave failWhenMissing off for a first deployment',
    });
  }
  const objects: unknown[] = [];
  const budget = { left: MAX_PREVIOUS_MANIFESTS_BYTES };
  for (const file of files) {
    objects.push(...parseFile(file, errors, budget));
  }
  return { objects, files, missing: false, errors };
}

function yamlFilesUnder(dir: string, errors: FieldError[]): string[] {
  const found = listYamlFiles(dir);
  for (const e of found.errors) {
    errors.push({ path: FIELD, value: quote(e.path), detail: `cannot be read (${e.code})`, fix: 'make the directory readable' });
  }
  return found.files;
}

/**
 * The objects of one multi-document YAML file. Errors name the file, the
 * line and column and the parser's error code, never the text there (it may
 * be a Secret's data).
 */
function parseFile(file: string, errors: FieldError[], budget: { left: number }): unknown[] {
  // Only regular files, within what is left of the limit: a named pipe or /dev/zero never hangs the synth.
  const read = readRegularFile(file, budget.left);
  if ('problem' in read) {
    errors.push(read.tooLarge ? {
      path: FIELD,
      value: quote(file),
      detail: `makes the previous manifests larger than ${formatBytes(MAX_PREVIOUS_MANIFESTS_BYTES)} of YAML, the limit for all files together`,
      fix: 'point previousManifests at the deployed manifests only',
    } : { path: FIELD, value: quote(file), detail: read.problem, fix: 'give a readable regular YAML file (or a directory of them)' });
    return [];
  }
  budget.left -= read.bytes.length;
  const text = decodeUtf8(read.bytes, false);
  if (text === undefined) {
    errors.push({ path: FIELD, value: quote(file), detail: 'is not valid UTF-8 text, which YAML manifests are', fix: 'give the manifests as they were synthesized or applied, or remove that file' });
    return [];
  }
  const objects: unknown[] = [];
  let index = 0;
  for (const doc of yaml().parseAllDocuments(text, { version: '1.1' })) {
    index++;
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const at = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : `document ${index}`;
      errors.push({
        path: FIELD,
        value: quote(file),
        detail: `is not valid YAML (${e.code ?? 'syntax error'} at ${at})`,
        fix: 'give the manifests as they were synthesized or applied (multi-document YAML), and repair or remove that file',
      });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (e) {
      errors.push({ path: FIELD, value: quote(file), detail: `document ${index} cannot be read as data (${e instanceof Error ? e.name : 'error'})`, fix: 'repair or remove that file' });
      continue;
    }
    // Bounds the update rules' walks of what was deployed, as the check command's reader bounds the new manifests.
    const deep = pathTooDeep(value);
    if (deep !== undefined) {
      errors.push({
        path: FIELD,
        value: quote(file),
        detail: `document ${index} is nested more than ${MAX_DEPTH} levels deep (at ${shownPath(deep)}), which no Kubernetes manifest is`,
        fix: 'repair or remove that file',
      });
      continue;
    }
    const items = listItems(value);
    if (items !== undefined) {
      objects.push(...items); // `kubectl get -o yaml` output, or a typed list (ShootList)
    } else if (value !== null && value !== undefined) {
      objects.push(value);
    }
  }
  return objects;
}

function isWithin(location: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(location));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
