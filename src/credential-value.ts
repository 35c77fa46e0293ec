import { IConstruct } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { quote } from './_errors';
import { decodeUtf8, formatBytes, readRegularFile } from './_files';
import { hasLoneSurrogate } from './_rules/text';

const CREDENTIAL_VALUE = brandSymbol('CredentialValue');

/**
 * Options for `CredentialValue.fromFile`.
 */
export interface CredentialFileOptions {
  /**
   * Keep a trailing newline at the end of the file as part of the value.
   *
   * Editors and `echo` without `-n` end files with a newline; in a username it
   * makes the extension reject the Secret, in a password it reaches the
   * registry verbatim. So by default one trailing "\n" (or "\r\n") is removed.
   *
   * @default false
   */
  readonly keepTrailingNewline?: boolean;
}

/** What reading a credential gave: the value, or why there is none. */
interface ReadResult {
  readonly value?: string;
  readonly problem?: string;
  readonly fix?: string;
}

/**
 * What each CredentialValue read, per app (the root construct it was read
 * for), outside the object, so that printing the object (`console.log`,
 * `util.inspect`) can never show a value.
 */
const readValues = new WeakMap<CredentialValue, WeakMap<IConstruct, ReadResult>>();

/** The largest credential file `fromFile` reads: far more than a password, a token or a service-account key. */
export const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024;

/** A value as read: refused when it holds a lone surrogate, which the Secret's UTF-8 could not carry. */
function checked(value: string, source: string): ReadResult {
  if (hasLoneSurrogate(value)) {
    return {
      problem: `the value of ${source} holds a lone surrogate (half of a UTF-16 pair), which has no UTF-8 form: the Secret would get U+FFFD in its place`,
      fix: 'give the value as valid Unicode text',
    };
  }
  return { value };
}

/**
 * A credential value (an upstream registry username or password).
 *
 * Values from the environment or a file are read when the app is synthesized
 * (once per app), so they never need to be in your code. The value itself never appears in an
 * error, a warning, a construct id or an annotation: only in the `data` of
 * the Secret it is meant for, base64-encoded.
 *
 * @see https://gardener.cloud/docs/extensions/others/gardener-extension-registry-cache/upstream-credentials/
 */
export class CredentialValue {
  /**
   * Whether `x` is a `CredentialValue`, also one made by another copy of this library.
   *
   * @param x any value
   */
  public static isCredentialValue(x: any): x is CredentialValue {
    return hasBrand(x, CREDENTIAL_VALUE);
  }

  /**
   * A value written in your code.
   *
   * Unsafe: it ends up in your source repository and, base64-encoded (which
   * is no protection), in the synthesized YAML. Use it for demos and tests;
   * prefer `fromEnv`, `fromFile`, or a Secret managed outside the app.
   *
   * @param value the plain-text value
   */
  public static unsafePlainText(value: string): CredentialValue {
    return new CredentialValue('a plain-text value', () => {
      if (typeof value !== 'string') {
        return { problem: 'the plain-text value is not a string', fix: 'pass a string to CredentialValue.unsafePlainText' };
      }
      return checked(value, 'the plain-text value');
    });
  }

  /**
   * A value read from an environment variable when the app is synthesized.
   *
   * @param variableName the name of the environment variable, e.g. `REGISTRY_PASSWORD`
   */
  public static fromEnv(variableName: string): CredentialValue {
    const name = quote(variableName);
    return new CredentialValue(`environment variable ${name}`, () => {
      if (typeof variableName !== 'string' || variableName.length === 0) {
        return { problem: 'the environment variable name is empty or not a string', fix: 'pass the variable name to CredentialValue.fromEnv' };
      }
      // Own properties only: `__proto__` or `toString` are no variables.
      const value: unknown = Object.prototype.hasOwnProperty.call(process.env, variableName) ? process.env[variableName] : undefined;
      if (typeof value !== 'string') {
        return { problem: `environment variable ${name} is not set`, fix: `set ${name} in the environment that runs \`cdk8s synth\`` };
      }
      return checked(value, `environment variable ${name}`);
    });
  }

  /**
   * A value read from a file when the app is synthesized.
   *
   * The file must be a regular file (not a named pipe or a device) of at most
   * 64 KiB, in UTF-8; its bytes go into the Secret exactly as they are, except
   * that one trailing newline is removed unless `keepTrailingNewline` is set.
   *
   * @param path the file's path, relative to the working directory of the synth
   * @param options how to read the file
   */
  public static fromFile(path: string, options: CredentialFileOptions = {}): CredentialValue {
    const shown = quote(path);
    const keepTrailingNewline = typeof options === 'object' && options !== null && options.keepTrailingNewline === true;
    return new CredentialValue(`file ${shown}`, () => {
      if (typeof path !== 'string' || path.length === 0) {
        return { problem: 'the file path is empty or not a string', fix: 'pass the path of the file to CredentialValue.fromFile' };
      }
      const read = readRegularFile(path, MAX_CREDENTIAL_FILE_BYTES);
      if ('problem' in read) {
        return {
          problem: `file ${shown} ${read.problem}`,
          fix: read.code === 'ENOENT'
            ? 'create the file or correct the path (relative paths start at the working directory of the synth)'
            : `give a readable regular file of at most ${formatBytes(MAX_CREDENTIAL_FILE_BYTES)} holding the value (the limit is far above any password, `
              + 'token or service-account key, and keeps a wrong path from being read whole)',
        };
      }
      // Strict UTF-8, byte order mark kept: the Secret gets the file's bytes exactly, or an error.
      let content = decodeUtf8(read.bytes, true);
      if (content === undefined) {
        return {
          problem: `file ${shown} is not valid UTF-8 text; the library does not replace its bytes, and the extension writes the value into the registry's configuration as text`,
          fix: 'save the file as UTF-8 (e.g. `iconv -t UTF-8`), or check that it is the right file',
        };
      }
      if (!keepTrailingNewline) {
        content = content.replace(/\r?\n$/, '');
      }
      return { value: content };
    });
  }

  private constructor(
    /** Where the value comes from, safe to print. */
    private readonly source: string,
    private readonly read: () => ReadResult,
  ) {
  }

  /**
   * Where the value comes from, e.g. `environment variable "REGISTRY_PASSWORD"`.
   * Never the value itself.
   */
  public get description(): string {
    return this.source;
  }

  /** Never prints the value. */
  public toString(): string {
    return `CredentialValue(${this.source})`;
  }

  /** Never serializes the value. */
  public toJSON(): string {
    return this.toString();
  }

  /**
   * Reads the value once per app (the root of `scope`), at synth: another
   * app in the same process reads it again.
   * @internal
   */
  public _read(scope: IConstruct): ReadResult {
    const root = scope.node.root;
    let perApp = readValues.get(this);
    if (perApp === undefined) {
      perApp = new WeakMap();
      readValues.set(this, perApp);
    }
    let result = perApp.get(root);
    if (result === undefined) {
      result = this.read();
      perApp.set(root, result);
    }
    return result;
  }
}

brandClass(CredentialValue, CREDENTIAL_VALUE);
