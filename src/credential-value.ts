import * as fs from 'fs';
import { addBrand, brandSymbol, hasBrand } from './_brand';

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
 * What each CredentialValue read, outside the object, so that printing the
 * object (`console.log`, `util.inspect`) can never show a value.
 */
const readValues = new WeakMap<CredentialValue, ReadResult>();

/**
 * A credential value (an upstream registry username or password).
 *
 * Values from the environment or a file are read when the app is synthesized,
 * so they never need to be in your code. The value itself never appears in an
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
      return { value };
    });
  }

  /**
   * A value read from an environment variable when the app is synthesized.
   *
   * @param variableName the name of the environment variable, e.g. `REGISTRY_PASSWORD`
   */
  public static fromEnv(variableName: string): CredentialValue {
    const name = JSON.stringify(String(variableName));
    return new CredentialValue(`environment variable ${name}`, () => {
      if (typeof variableName !== 'string' || variableName.length === 0) {
        return { problem: 'the environment variable name is empty', fix: 'pass the variable name to CredentialValue.fromEnv' };
      }
      const value = process.env[variableName];
      if (value === undefined) {
        return { problem: `environment variable ${name} is not set`, fix: `set ${name} in the environment that runs \`cdk8s synth\`` };
      }
      return { value };
    });
  }

  /**
   * A value read from a file when the app is synthesized.
   *
   * One trailing newline is removed unless `keepTrailingNewline` is set.
   *
   * @param path the file's path, relative to the working directory of the synth
   * @param options how to read the file
   */
  public static fromFile(path: string, options: CredentialFileOptions = {}): CredentialValue {
    const shown = JSON.stringify(String(path));
    return new CredentialValue(`file ${shown}`, () => {
      let content: string;
      try {
        content = fs.readFileSync(path, 'utf-8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException)?.code;
        const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`;
        return { problem: `file ${shown} ${why}`, fix: 'create the file or correct the path (relative paths start at the working directory of the synth)' };
      }
      if (!options.keepTrailingNewline) {
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
    addBrand(this, CREDENTIAL_VALUE);
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
   * Reads the value once per app, at synth.
   * @internal
   */
  public _read(): ReadResult {
    let result = readValues.get(this);
    if (result === undefined) {
      result = this.read();
      readValues.set(this, result);
    }
    return result;
  }
}
