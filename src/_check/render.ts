import type { CheckResult, Finding, Severity } from './check';
import { RuleId } from './rule-ids';
import type { InputError } from './source';
import { compareVersions, ExtensionVersion, NEWEST_KNOWN_EXTENSION_VERSION, NEWEST_KNOWN_VERSION } from '../_rules/extension-version';

/** The command (package.json `bin`), as every format and the messages name it. */
export const COMMAND = 'cdk8s-gardener-registry-cache';

/**
 * The check command's text and JSON output (render-sarif.ts, render-github.ts
 * and render-junit.ts, loaded only for their format, write the others). Text:
 * one line per finding, gcc-style,
 * `FILE:LINE:COLUMN: error: Shoot <namespace>/<name>: <path> (value: …): <detail>. Fix: <fix> [<rule id>]`
 * (`warning:` and `note:` likewise), then a summary line. JSON: the same as
 * one document. None ever holds a Secret's value: findings carry only what
 * the rules put into them, and input errors never quote the input beyond the
 * YAML parser's own message.
 */

/** A message about the run as a whole, not about a place in a file (`--fail-if-no-shoots`, a newer extension version). */
export interface RunMessage {
  readonly severity: Severity;
  readonly rule: RuleId;
  readonly detail: string;
  readonly fix: string;
}

export interface Report {
  readonly extensionVersion: string;
  readonly files: readonly string[];
  readonly result: CheckResult;
  readonly inputErrors: readonly InputError[];
  /** Messages about the run as a whole (default none). */
  readonly run?: readonly RunMessage[];
}

/** How an object is named in output: `<namespace>/<name>`, `<name>` without a namespace, `(no name)` without a name. */
export function objectDisplayName(namespace: string, name: string): string {
  const shown = name === '' ? '(no name)' : name;
  return namespace === '' ? shown : `${namespace}/${shown}`;
}

/** The object a finding is about, as output names it: `Shoot garden-dev/crazy-botany`. */
export function objectName(f: Finding): string {
  return `${f.kind} ${objectDisplayName(f.namespace, f.name)}`;
}

/** What is wrong at a finding's field: `<path> (value: …): <detail>`. */
export function fieldProblem(f: Finding): string {
  const value = f.value === undefined ? '' : ` (value: ${f.value})`;
  return `${f.path}${value}: ${f.detail}`;
}

/** A finding's message without its position and severity: what every format shows. */
export function findingMessage(f: Finding): string {
  return `${objectName(f)}: ${fieldProblem(f)}. Fix: ${f.fix}`;
}

/** One finding as the line users read. */
export function renderFinding(f: Finding): string {
  return `${f.file}:${f.position.line}:${f.position.column}: ${f.severity}: ${findingMessage(f)} [${f.rule}]`;
}

/** The rule id of an input error. */
export function inputErrorRule(e: InputError): RuleId {
  return e.syntax === true ? 'yaml-syntax' : 'input-error';
}

/** One input error as the line users read. */
export function renderInputError(e: InputError): string {
  const at = e.position === undefined ? '' : `:${e.position.line}:${e.position.column}`;
  return `${e.file}${at}: error: ${e.detail} [${inputErrorRule(e)}]`;
}

/** One message about the run as the line users read, after `command: ` when there is a command. */
export function renderRunMessage(m: RunMessage, command?: string): string {
  return `${command === undefined ? '' : `${command}: `}${m.severity}: ${m.detail}. Fix: ${m.fix} [${m.rule}]`;
}

/**
 * The note for an extension version newer than the newest this package knows (its input is checked with the rules
 * of that one), or undefined: for the check command, its KRM function and the validation plugin alike. `setting`
 * names where the version was given (`--extension-version`, `extensionVersion`); `self` how the message names
 * this package (`this package` after the command's own name).
 */
export function newerVersionNote(version: ExtensionVersion, setting: string, self: string): RunMessage | undefined {
  if (compareVersions(version, NEWEST_KNOWN_VERSION) <= 0) {
    return undefined;
  }
  const newest = NEWEST_KNOWN_EXTENSION_VERSION;
  return {
    severity: 'note',
    rule: 'extension-version',
    detail: `${setting} ${version.text} is newer than the newest version ${self} knows (${newest}): `
      + `the input was checked with the rules of ${newest}, and fields added since then are reported as unknown`,
    fix: `update ${COMMAND} to a release that knows ${version.text}, or check against ${newest}`,
  };
}

/** `1 Shoot`, `2 Shoots`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function counts(report: Report): { errors: number; warnings: number; notes: number } {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const f of [...report.result.findings, ...report.run ?? []]) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else notes++;
  }
  return { errors, warnings, notes };
}

/** What was checked: `1 Shoot and 2 referenced Secrets`. */
export function checkedObjects(result: Pick<CheckResult, 'shoots' | 'secrets'>): string {
  return `${plural(result.shoots, 'Shoot')} and ${plural(result.secrets, 'referenced Secret')}`;
}

/** The summary line. */
export function summaryLine(report: Report): string {
  const c = counts(report);
  const found = c.errors + c.warnings + c.notes + report.inputErrors.length === 0 ? 'no problems'
    : [plural(c.errors, 'error'), plural(c.warnings, 'warning'), plural(c.notes, 'note')].join(', ');
  const checked = `${checkedObjects(report.result)} checked in ${plural(report.files.length, 'file')}`;
  const unread = report.inputErrors.length === 0 ? '' : `; ${plural(report.inputErrors.length, 'input error')} (not checked)`;
  return `${found}: ${checked}${unread} (registry extensions ${report.extensionVersion})`;
}

/** The text report: findings on stdout, input errors on stderr. */
export function renderText(report: Report, command: string): { stdout: string; stderr: string } {
  const lines = report.result.findings.map(renderFinding);
  lines.push(...(report.run ?? []).map(m => renderRunMessage(m, command)));
  lines.push(summaryLine(report));
  const stderr = report.inputErrors.map(e => `${renderInputError(e)}\n`).join('');
  return { stdout: `${lines.join('\n')}\n`, stderr };
}

/** The JSON report: one document. */
export function renderJson(report: Report): string {
  const c = counts(report);
  return `${JSON.stringify({
    extensionVersion: report.extensionVersion,
    files: report.files,
    problems: report.result.findings.map(f => ({
      severity: f.severity,
      rule: f.rule,
      file: f.file,
      line: f.position.line,
      column: f.position.column,
      kind: f.kind,
      namespace: f.namespace,
      name: f.name,
      path: f.path,
      ...(f.value === undefined ? {} : { value: shownValue(f.value) }),
      detail: f.detail,
      fix: f.fix,
    })),
    inputErrors: report.inputErrors.map(e => ({
      rule: inputErrorRule(e),
      file: e.file,
      ...(e.position === undefined ? {} : { line: e.position.line, column: e.position.column }),
      detail: e.detail,
    })),
    messages: (report.run ?? []).map(m => ({ severity: m.severity, rule: m.rule, detail: m.detail, fix: m.fix })),
    summary: {
      errors: c.errors,
      warnings: c.warnings,
      notes: c.notes,
      inputErrors: report.inputErrors.length,
      shoots: report.result.shoots,
      secrets: report.result.secrets,
      files: report.files.length,
    },
  }, undefined, 2)}\n`;
}

/**
 * A finding's value as data: the rules show values quoted as JSON (a string
 * as `"50GB"`, a number as `0`, an object as compact JSON), so that is parsed
 * back; a value the rules shortened (`"…"... (300 characters)`) stays the
 * text shown.
 */
export function shownValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
