import type { CheckedObject, Finding } from './check';
import { COMMAND, objectDisplayName, inputErrorRule, renderFinding, renderInputError, renderRunMessage, Report, summaryLine } from './render';

/**
 * `--format junit`: JUnit XML as GitLab (`artifacts:reports:junit`) and
 * Jenkins (the JUnit plugin) read it. One `testsuite` per file; one
 * `testcase` per checked Shoot or referenced Secret, with a `failure` when it
 * has errors (all of them in the failure's text, the first in its message)
 * and its warnings and notes in `system-out`; an input error is a failing
 * testcase of its file; the messages about the run as a whole are testcases
 * of a suite of their own. Loaded only for this format.
 */

/**
 * Text as XML character data (or, with `attribute`, an attribute value): the
 * five entities, and characters XML 1.0 cannot hold replaced by U+FFFD.
 */
export function escapeXml(text: string, attribute = false): string {
  const escaped = escapeText(text);
  // Parsers normalize white space in attribute values: line breaks stay as character references.
  return attribute ? escaped.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped;
}

function escapeText(text: string): string {
  return text
    // Control characters but tab, LF and CR, lone surrogates, U+FFFE and U+FFFF are not XML 1.0 characters.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (text: string): string => escapeXml(text, true);

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly file?: string;
  readonly failures: readonly string[];
  readonly firstFailure?: string;
  readonly type?: string;
  readonly out: readonly string[];
}

function testcase(c: Case): string {
  const attrs = `name="${attr(c.name)}" classname="${attr(c.classname)}"${c.file === undefined ? '' : ` file="${attr(c.file)}"`}`;
  const body: string[] = [];
  if (c.failures.length > 0) {
    body.push(`      <failure message="${attr(c.firstFailure ?? c.failures[0])}" type="${attr(c.type ?? 'error')}">${escapeXml(c.failures.join('\n'))}</failure>`);
  }
  if (c.out.length > 0) {
    body.push(`      <system-out>${escapeXml(c.out.join('\n'))}</system-out>`);
  }
  return body.length === 0 ? `    <testcase ${attrs}/>` : `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>`;
}

function testsuite(name: string, cases: readonly Case[]): string {
  const failures = cases.filter(c => c.failures.length > 0).length;
  const head = `  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0"`;
  return cases.length === 0 ? `${head}/>` : `${head}>\n${cases.map(testcase).join('\n')}\n  </testsuite>`;
}

export function renderJunit(report: Report): string {
  const byObject = new Map<string, Finding[]>();
  const keyOf = (o: Pick<CheckedObject, 'file' | 'kind' | 'namespace' | 'name'>) => JSON.stringify([o.file, o.kind, o.namespace, o.name]);
  for (const f of report.result.findings) {
    const key = keyOf(f);
    const list = byObject.get(key);
    if (list === undefined) {
      byObject.set(key, [f]);
    } else {
      list.push(f);
    }
  }
  const suites = new Map<string, Case[]>(report.files.map(f => [f, []]));
  const add = (file: string, c: Case) => {
    const list = suites.get(file);
    if (list === undefined) {
      suites.set(file, [c]);
    } else {
      list.push(c);
    }
  };
  for (const e of report.inputErrors) {
    add(e.file, { name: 'read', classname: e.file, file: e.file, failures: [renderInputError(e)], type: inputErrorRule(e), out: [] });
  }
  const seen = new Set<string>();
  const objects: Array<Pick<CheckedObject, 'file' | 'kind' | 'namespace' | 'name'>> = [...report.result.checked];
  // Findings about objects that are not checked as such (a document that looks like a Shoot) get a testcase too.
  for (const f of report.result.findings) {
    objects.push(f);
  }
  for (const o of objects) {
    const key = keyOf(o);
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const findings = byObject.get(key) ?? [];
    const errors = findings.filter(f => f.severity === 'error');
    add(o.file, {
      name: `${o.kind} ${objectDisplayName(o.namespace, o.name)}`,
      classname: o.file,
      file: o.file,
      failures: errors.map(renderFinding),
      firstFailure: errors.length === 0 ? undefined : `${errors[0].path}: ${errors[0].detail}`,
      type: errors[0]?.rule,
      out: findings.filter(f => f.severity !== 'error').map(renderFinding),
    });
  }
  const xml = [...suites].map(([file, cases]) => testsuite(file, cases));
  const run = report.run ?? [];
  if (run.length > 0) {
    xml.push(testsuite(COMMAND, run.map(m => ({
      name: m.rule,
      classname: COMMAND,
      failures: m.severity === 'error' ? [renderRunMessage(m, COMMAND)] : [],
      type: m.rule,
      out: m.severity === 'error' ? [] : [renderRunMessage(m, COMMAND)],
    }))));
  }
  const cases = [...suites.values()].reduce((n, c) => n + c.length, 0) + run.length;
  const failed = [...suites.values()].reduce((n, c) => n + c.filter(x => x.failures.length > 0).length, 0)
    + run.filter(m => m.severity === 'error').length;
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<testsuites name="${attr(`${COMMAND} check: ${summaryLine(report)}`)}" tests="${cases}" failures="${failed}" errors="0">\n`
    + `${xml.join('\n')}\n</testsuites>\n`;
}
