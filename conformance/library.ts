/**
 * The library's side of the differential run: the check command itself,
 * in process (`check --format json -`, with `--previous` on an update), over
 * the same Shoot and Secrets the judge reads.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Case, checkInput } from './cases';
import { main } from '../src/_check/main';

export interface LibraryFinding {
  readonly severity: string;
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  readonly detail: string;
}

export interface LibraryVerdict {
  readonly exitCode: number;
  /** The errors (warnings and notes do not reject). */
  readonly errors: LibraryFinding[];
  readonly inputErrors: string[];
}

const previousFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-')), 'previous.yaml');

export function checkCase(c: Case): LibraryVerdict {
  const args = ['check', '--format', 'json', '--extension-version', c.extensionVersion];
  if (c.oldShoot !== null && c.oldShoot !== undefined) {
    fs.writeFileSync(previousFile, `${JSON.stringify(c.oldShoot)}\n`); // stored state: no key twice (caseLine)
    args.push('--previous', previousFile);
  }
  args.push('-');
  let stdout = '';
  let stderr = '';
  const exitCode = main(args, {
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
    readStdin: () => checkInput([c.shoot, ...c.secrets]),
  });
  if (stdout === '') {
    return { exitCode, errors: [], inputErrors: [stderr.trim()] };
  }
  const report = JSON.parse(stdout) as { problems: LibraryFinding[]; inputErrors: Array<{ detail: string }> };
  return {
    exitCode,
    errors: report.problems.filter(p => p.severity === 'error'),
    inputErrors: report.inputErrors.map(e => e.detail),
  };
}
