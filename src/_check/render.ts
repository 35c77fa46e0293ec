import type { CheckResult, Finding } from './check';
import type { InputError } from './source';

/**
 * The check command's two output formats. Text: one line per finding,
 * `FILE:LINE:COLUMN: Shoot <namespace>/<name>: <path> (value: …): <detail>. Fix: <fix>`
 * (warnings and notes say so after the position), then a summary line. JSON:
 * the same as one document. Neither ever holds a Secret's value: findings
 * carry only what the rules put into them, and input errors never quote the
 * input.
 */

export interface Report {
  readonly extensionVersion: string;
  readonly files: readonly string[];
  readonly result: CheckResult;
  readonly inputErrors: readonly InputError[];
}

function objectName(f: Finding): string {
  return `${f.kind} ${f.namespace === '' ? f.name : `${f.namespace}/${f.name}`}`;
}

/** One finding as the line users read. */
export function renderFinding(f: Finding): string {
  const severity = f.severity === 'error' ? '' : `${f.severity}: `;
  const value = f.value === undefined ? '' : ` (value: ${f.value})`;
  return `${f.file}:${f.position.line}:${f.position.column}: ${severity}${objectName(f)}: ${f.path}${value}: ${f.detail}. Fix: ${f.fix}`;
}

/** One input error as the line users read. */
export function renderInputError(e: InputError): string {
  const at = e.position === undefined ? '' : `:${e.position.line}:${e.position.column}`;
  return `${e.file}${at}: error: ${e.detail}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function counts(report: Report): { errors: number; warnings: number; notes: number } {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const f of report.result.findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else notes++;
  }
  return { errors, warnings, notes };
}

/** The summary line. */
export function summaryLine(report: Report): string {
  const c = counts(report);
  const found = c.errors + c.warnings + c.notes === 0 ? 'no problems'
    : [plural(c.errors, 'error'), plural(c.warnings, 'warning'), plural(c.notes, 'note')].join(', ');
  const checked = `${plural(report.result.shoots, 'Shoot')} and ${plural(report.result.secrets, 'referenced Secret')} checked in ${plural(report.files.length, 'file')}`;
  const unread = report.inputErrors.length === 0 ? '' : `; ${plural(report.inputErrors.length, 'input error')} (not checked)`;
  return `${found}: ${checked}${unread} (registry extensions ${report.extensionVersion})`;
}

/** The text report: findings on stdout, input errors on stderr. */
export function renderText(report: Report): { stdout: string; stderr: string } {
  const lines = report.result.findings.map(renderFinding);
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
      file: f.file,
      line: f.position.line,
      column: f.position.column,
      kind: f.kind,
      namespace: f.namespace,
      name: f.name,
      path: f.path,
      ...(f.value === undefined ? {} : { value: f.value }),
      detail: f.detail,
      fix: f.fix,
    })),
    inputErrors: report.inputErrors.map(e => ({
      file: e.file,
      ...(e.position === undefined ? {} : { line: e.position.line, column: e.position.column }),
      detail: e.detail,
    })),
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
