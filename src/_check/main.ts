import type * as PreviousManifests from '../_previous-manifests';
import { checkDocuments } from './check';
import { renderJson, renderText, Report } from './render';
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

export const COMMAND = 'cdk8s-gardener-registry-cache';

export const USAGE = `Usage: ${COMMAND} check [--extension-version vX.Y.Z] [--previous PATH] [--format text|json] PATH... | -

Checks the registry-cache and registry-mirror configuration of every Gardener Shoot
(core.gardener.cloud/v1beta1) in the given YAML files and folders (*.yaml, *.yml,
recursively), or in standard input (-), and each Secret they reference that is in
the input, with the rules of the cdk8s-gardener-registry-cache constructs.

Options:
  --extension-version vX.Y.Z  the version of the registry extensions on the landscape
                              (default ${NEWEST_KNOWN_EXTENSION_VERSION}): fields it does not know are errors
  --previous PATH             the manifests deployed before (file or folder): also check
                              that the new ones can replace them (immutable fields, Secret data)
  --format text|json          text (default): one line per problem and a summary;
                              json: one JSON document on standard output
  -h, --help                  show this help

Exit codes: 0 no problems, 1 problems found, 2 usage error or unreadable input.
`;

/** Where the command writes and reads. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
}

interface Args {
  readonly paths: string[];
  readonly extensionVersion: string;
  readonly previous?: string;
  readonly format: 'text' | 'json';
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args | 'help' {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') {
    if (argv.length === 0) {
      throw new UsageError('missing command: the only command is "check"');
    }
    return 'help';
  }
  if (argv[0] !== 'check') {
    throw new UsageError(`unknown command ${JSON.stringify(argv[0])}: the only command is "check"`);
  }
  const paths: string[] = [];
  let extensionVersion = NEWEST_KNOWN_EXTENSION_VERSION;
  let previous: string | undefined;
  let format: 'text' | 'json' = 'text';
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
        if (f !== 'text' && f !== 'json') {
          throw new UsageError(`--format must be text or json (got ${JSON.stringify(f)})`);
        }
        format = f;
        break;
      }
      default:
        throw new UsageError(`unknown option ${JSON.stringify(name)}`);
    }
  }
  if (paths.length === 0) {
    throw new UsageError('no input: give YAML files or folders, or - for standard input');
  }
  return { paths, extensionVersion, previous, format };
}

/** Runs the command; returns the exit code. */
export function main(argv: readonly string[], io: Io): number {
  let args: Args | 'help';
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

  const result = checkDocuments(inputs.documents, { version: version.version, previous });
  const report: Report = { extensionVersion: version.version.text, files: inputs.files, result, inputErrors };
  if (args.format === 'json') {
    io.stdout(renderJson(report));
  } else {
    const text = renderText(report);
    if (text.stderr !== '') {
      io.stderr(text.stderr);
    }
    io.stdout(text.stdout);
  }
  if (inputErrors.length > 0) {
    return 2;
  }
  return result.findings.some(f => f.severity === 'error') ? 1 : 0;
}
