import type { Finding } from './check';
import { COMMAND, findingMessage, inputErrorRule, Report } from './render';
import { RuleId, RULES } from './rule-ids';
import type { InputError } from './source';

/**
 * `--format sarif`: SARIF 2.1.0, as GitHub code scanning
 * (`github/codeql-action/upload-sarif`) and other SARIF viewers read it. One
 * run; the tool's rules are every rule id (rule-ids.ts) with its help text;
 * one result per finding and input error, with the file and region; the
 * messages about the run as a whole are the invocation's notifications.
 * Loaded only for this format.
 */

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const HELP_URI = 'https://github.com/cdk8s-gardener-registry-cache/cdk8s-gardener-registry-cache/blob/main/docs/check.md#rule-ids';
const INFORMATION_URI = 'https://github.com/cdk8s-gardener-registry-cache/cdk8s-gardener-registry-cache';

/** SARIF's level for a severity (`note` is SARIF's too). */
type Level = 'error' | 'warning' | 'note';

/** A file name as a SARIF artifact URI: relative, with forward slashes, percent-encoded. */
export function artifactUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function renderSarif(report: Report, toolVersion: string): string {
  const ids = Object.keys(RULES) as RuleId[];
  const index = new Map<RuleId, number>(ids.map((id, i) => [id, i]));
  const region = (line: number, column: number) => ({ startLine: line, startColumn: column });
  const result = (rule: RuleId, level: Level, text: string, file: string, at?: { line: number; column: number }) => ({
    ruleId: rule,
    ruleIndex: index.get(rule)!,
    level,
    message: { text },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: artifactUri(file) },
        ...(at === undefined ? {} : { region: region(at.line, at.column) }),
      },
    }],
  });
  const results = [
    ...report.inputErrors.map((e: InputError) => result(inputErrorRule(e), 'error', e.detail, e.file, e.position)),
    ...report.result.findings.map((f: Finding) => result(f.rule, f.severity, findingMessage(f), f.file, f.position)),
  ];
  const run = report.run ?? [];
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: COMMAND,
          version: toolVersion,
          informationUri: INFORMATION_URI,
          rules: ids.map(id => ({
            id,
            name: id.replace(/(?:^|-)([a-z])/g, (_, c: string) => c.toUpperCase()),
            shortDescription: { text: RULES[id] },
            fullDescription: { text: RULES[id] },
            help: { text: RULES[id] },
            helpUri: HELP_URI,
            defaultConfiguration: { level: defaultLevel(id) },
          })),
        },
      },
      invocations: [{
        executionSuccessful: report.inputErrors.length === 0,
        toolExecutionNotifications: run.map(m => ({
          level: m.severity,
          message: { text: `${m.detail}. Fix: ${m.fix}` },
          associatedRule: { id: m.rule, index: index.get(m.rule)! },
        })),
      }],
      artifacts: report.files.map(file => ({ location: { uri: artifactUri(file) } })),
      results,
    }],
  };
  return `${JSON.stringify(log, undefined, 2)}\n`;
}

function defaultLevel(id: RuleId): Level {
  switch (id) {
    case 'secret-not-in-input':
      return 'note';
    case 'unauthenticated-cache':
    case 'shoot-look-alike':
      return 'warning';
    default:
      return 'error';
  }
}
