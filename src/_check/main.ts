import * as fs from 'fs';
import * as path from 'path';
import type * as PreviousManifests from '../_previous-manifests';
import { checkDocuments } from './check';
import { COMMAND, newerVersionNote, renderJson, renderText, Report, RunMessage } from './render';
import type * as RenderGithub from './render-github';
import type * as RenderJunit from './render-junit';
import type * as RenderSarif from './render-sarif';
import { InputError, readInputs } from './source';
import { checkExtensionVersion, NEWEST_KNOWN_EXTENSION_VERSION } from '../_rules/extension-version';

/**
 * `cdk8s-gardener-registry-cache check`: the library's rules over any Shoot
 * manifests (hand-written, rendered by kustomize or Helm, synthesized by
 * cdk8s). A thin reader around the pure rules; loads neither cdk8s nor
 * cdk8s-plus, so that it starts fast enough for a pre-commit hook.
 *
 * Exit codes: 0 no problems (warnings and notes allowed), 1 problems found,
 * 2 usage errors and inputs that cannot be read or parsed.
 */

export const USAGE = `Usage: ${COMMAND} check [--extension-version vX.Y.Z] [--previous PATH] [--format FORMAT] [--fail-if-no-shoots] PATH... | -
       ${COMMAND} krm            (the check as a KRM function: a ResourceList on standard input; krm --help)
       ${COMMAND} --version

Checks the registry-cache and registry-mirror configuration of every Gardener Shoot
(core.gardener.cloud/v1beta1) in the given YAML files and folders (*.yaml, *.yml,
recursively), or in standard input (-), and each Secret they reference that is in
the input, with the rules of the cdk8s-gardener-registry-cache constructs.

Options:
  --extension-version vX.Y.Z  the version of the registry extensions on the landscape
                              (default ${NEWEST_KNOWN_EXTENSION_VERSION}): fields it does not know are errors
  --previous PATH             the manifests deployed before (file or folder): also check
                              that the new ones can replace them (immutable fields, Secret data)
  --format FORMAT             text (default): one line per problem (file:line:column: error: ...)
                              and a summary; json: one JSON document; sarif: SARIF 2.1.0 (code
                              scanning); github: GitHub Actions workflow commands; junit: JUnit
                              XML (GitLab, Jenkins)
  --fail-if-no-shoots         fail (exit code 1) when the input holds no Shoot
  --debug                     when the command itself fails, print the stack trace
                              (also with CDK8S_GARDENER_REGISTRY_CACHE_DEBUG=1)
  -h, --help                  show this help
  --version                   print the package version

Exit codes: 0 no problems, 1 problems found, 2 usage error or unreadable input.
`;

/** Where the command writes and reads. */
export interface Io {
  /** The environment (default: none set). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
}

/** Where to report a failure of the command itself. */
export const ISSUES_URL = 'https://github.com/cdk8s-gardener-registry-cache/cdk8s-gardener-registry-cache/issues';

export const DEBUG_ENV = 'CDK8S_GARDENER_REGISTRY_CACHE_DEBUG';

const FORMATS = ['text', 'json', 'sarif', 'github', 'junit'] as const;
type Format = typeof FORMATS[number];

interface Args {
  readonly paths: string[];
  readonly extensionVersion: string;
  readonly previous?: string;
  readonly format: Format;
  readonly failIfNoShoots: boolean;
  readonly debug: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args | 'help' | 'version' {
  if (argv[0] === '--version') {
    return 'version';
  }
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') {
    if (argv.length === 0) {
      throw new UsageError('missing command: give "check" (or "krm", the KRM function)');
    }
    return 'help';
  }
  if (argv[0] !== 'check') {
    throw new UsageError(`unknown command ${JSON.stringify(argv[0])}: the commands are "check" and "krm" (the KRM function)`);
  }
  const paths: string[] = [];
  let extensionVersion = NEWEST_KNOWN_EXTENSION_VERSION;
  let previous: string | undefined;
  let format: Format = 'text';
  let failIfNoShoots = false;
  let debug = false;
  let options = true;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (!options || arg === '-' || !arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    if (arg === '--') {
      options = false;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      return 'help';
    }
    if (arg === '--version') {
      return 'version';
    }
    if (arg === '--debug') {
      debug = true;
      continue;
    }
    if (arg === '--fail-if-no-shoots') {
      failIfNoShoots = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq >= 0) {
        return arg.slice(eq + 1);
      }
      if (i + 1 >= argv.length) {
        throw new UsageError(`${name} needs a value`);
      }
      return argv[++i];
    };
    switch (name) {
      case '--extension-version':
        extensionVersion = value();
        break;
      case '--previous':
        previous = value();
        break;
      case '--format': {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) {
          throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(f)})`);
        }
        format = f as Format;
        break;
      }
      default:
        throw new UsageError(`unknown option ${JSON.stringify(name)}`);
    }
  }
  if (paths.length === 0) {
    throw new UsageError('no input: give YAML files or folders, or - for standard input');
  }
  return { paths, extensionVersion, previous, format, failIfNoShoots, debug };
}

/**
 * The one line for an exception of the command's own: it is the command that
 * failed, not the input. Only the exception's class is shown (its message may
 * quote the input, which may be a Secret's data); the stack only on request.
 */
function reportFailure(io: Io, where: string, error: unknown, debug: boolean): void {
  const name = error instanceof Error ? error.name : typeof error;
  io.stderr(`${COMMAND}: internal error (${name}) while ${where}: the command failed, not the input. `
    + `Fix: report it at ${ISSUES_URL} with this line and the package version; `
    + `${debug ? 'the stack trace follows' : `run again with --debug (or ${DEBUG_ENV}=1) for the stack trace`}\n`);
  if (debug) {
    io.stderr(`${error instanceof Error ? error.stack : String(error)}\n`);
  }
}

/** Runs the command; returns the exit code (never throws: a failure of its own is exit code 2). */
export function main(argv: readonly string[], io: Io): number {
  const state = { where: 'reading the arguments', debug: io.env?.[DEBUG_ENV] === '1' || argv.includes('--debug') };
  try {
    return run(argv, io, state);
  } catch (error) {
    reportFailure(io, state.where, error, state.debug);
    return 2;
  }
}

/** The files' names for a message: the first three, and how many more. */
function filesNamed(files: readonly string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more files`;
}

function run(argv: readonly string[], io: Io, state: { where: string; debug: boolean }): number {
  let args: Args | 'help' | 'version';
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${COMMAND}: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (args === 'version') {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  state.debug ||= args.debug;
  const debug = state.debug;
  state.where = `reading ${filesNamed(args.paths)}`;
  const version = checkExtensionVersion(args.extensionVersion, '--extension-version');
  if (version.version === undefined) {
    const e = version.errors[0];
    io.stderr(`${COMMAND}: --extension-version ${e.value}: ${e.detail}. Fix: ${e.fix}\n`);
    return 2;
  }

  const inputs = readInputs(args.paths, io.readStdin);
  const inputErrors: InputError[] = [...inputs.errors];
  let previous: unknown[] | undefined;
  if (args.previous !== undefined) {
    // Loaded only with --previous.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const read = (require('../_previous-manifests') as typeof PreviousManifests).readPreviousManifests(args.previous, { failWhenMissing: true });
    previous = read.objects;
    for (const e of read.errors) {
      inputErrors.push({ file: args.previous, detail: `--previous: ${e.value === undefined ? '' : `${e.value} `}${e.detail}` });
    }
  }

  for (const failure of inputs.failures) {
    reportFailure(io, `reading ${failure.file} (the other files were checked)`, failure.error, debug);
  }
  state.where = `checking ${filesNamed(inputs.files)}`;
  const checked = checkDocuments(inputs.documents, { version: version.version, previous });
  const result = inputs.lookAlikes.length === 0 ? checked : { ...checked, findings: [...inputs.lookAlikes, ...checked.findings] };
  state.where = `writing the report of ${filesNamed(inputs.files)}`;
  const messages: RunMessage[] = [];
  const newer = newerVersionNote(version.version, '--extension-version', 'this package');
  if (newer !== undefined) {
    messages.push(newer);
  }
  const noShoots = args.failIfNoShoots && result.shoots === 0;
  if (noShoots) {
    messages.push({
      severity: 'error',
      rule: 'no-shoots',
      detail: 'the input holds no Shoot (core.gardener.cloud/v1beta1), and --fail-if-no-shoots was given',
      fix: 'check the paths given (a List of Shoots, as `kubectl get shoots -o yaml` prints, is read too), or leave out --fail-if-no-shoots',
    });
  }
  const report: Report = { extensionVersion: version.version.text, files: inputs.files, result, inputErrors, run: messages };
  // Each format beyond text and JSON is loaded only when chosen.
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (args.format) {
    case 'json':
      io.stdout(renderJson(report));
      break;
    case 'sarif':
      io.stdout((require('./render-sarif') as typeof RenderSarif).renderSarif(report, packageVersion()));
      break;
    case 'github':
      io.stdout((require('./render-github') as typeof RenderGithub).renderGithub(report));
      break;
    case 'junit':
      io.stdout((require('./render-junit') as typeof RenderJunit).renderJunit(report));
      break;
    default: {
      const text = renderText(report, COMMAND);
      if (text.stderr !== '') {
        io.stderr(text.stderr);
      }
      io.stdout(text.stdout);
    }
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (inputErrors.length > 0 || inputs.failures.length > 0) {
    return 2;
  }
  return noShoots || result.findings.some(f => f.severity === 'error') ? 1 : 0;
}

/** The package's version, from its package.json (two folders up from lib/_check/). */
export function packageVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf-8')) as { version: string }).version;
}
