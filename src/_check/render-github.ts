import { COMMAND, findingMessage, inputErrorRule, renderRunMessage, Report, summaryLine } from './render';

/**
 * `--format github`: GitHub Actions workflow commands, one per finding and
 * input error (`::error file=F,line=L,col=C,title=RULE::MESSAGE`; warnings
 * as `::warning`, notes as `::notice`), which Actions shows as annotations on
 * the pull request's files; then the summary as a plain line of the log.
 * Loaded only for this format.
 */

/** A command's message: `%`, CR and LF escaped, as the Actions runner (and @actions/core) reads them back. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: the message's escapes, and `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Command = 'error' | 'warning' | 'notice';

function command(name: Command, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}

const COMMANDS = { error: 'error', warning: 'warning', note: 'notice' } as const;

export function renderGithub(report: Report): string {
  const lines: string[] = [];
  for (const e of report.inputErrors) {
    lines.push(command('error', { file: e.file, line: e.position?.line, col: e.position?.column, title: inputErrorRule(e) }, e.detail));
  }
  for (const f of report.result.findings) {
    lines.push(command(COMMANDS[f.severity], { file: f.file, line: f.position.line, col: f.position.column, title: f.rule }, findingMessage(f)));
  }
  for (const m of report.run ?? []) {
    lines.push(command(COMMANDS[m.severity], { title: m.rule }, renderRunMessage(m, COMMAND)));
  }
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
