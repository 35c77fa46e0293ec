import * as fs from 'fs';

/**
 * Reading a file the user named, safely: only a regular file (a named pipe
 * would block the synth forever, `/dev/zero` would fill the memory), at most
 * `maxBytes`, and never the content in a message.
 */

/** What reading a file gave: its bytes, or why not (safe to print: no content). */
export type FileRead =
  | { readonly bytes: Buffer }
  | { readonly problem: string; readonly code?: string; readonly tooLarge?: boolean };

const CHUNK = 64 * 1024;

/** `1048576` as `1 MiB`, for messages. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (n >= size && n % size === 0) {
      return `${n / size} ${unit}`;
    }
  }
  return `${n} bytes`;
}

/** What kind of file system object a non-regular file is, in words. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a regular file of at most `maxBytes`. The type is checked before the
 * file is opened (opening a named pipe for reading blocks until a writer
 * comes), and again on the open descriptor, which is opened non-blocking, so
 * a file swapped in between cannot make the read hang either. The size limit
 * holds while reading, for a file that grows.
 */
export function readRegularFile(file: string, maxBytes: number): FileRead {
  const tooLarge = { problem: `is larger than ${formatBytes(maxBytes)}, the limit for this file`, tooLarge: true };
  let fd: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return { problem: `is ${kindOf(stat)}, not a regular file` };
    }
    if (stat.size > maxBytes) {
      return tooLarge;
    }
    // O_NONBLOCK (where the platform has it): opening a named pipe returns at once instead of waiting for a writer.
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return failure(e);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      return { problem: `is ${kindOf(stat)}, not a regular file` };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) {
        break;
      }
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) {
        return tooLarge;
      }
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return failure(e);
  } finally {
    fs.closeSync(fd);
  }
}

function failure(e: unknown): FileRead {
  const code = errorCode(e);
  if (code === 'ENOENT') {
    return { problem: 'does not exist', code };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return { problem: `cannot be read: permission denied (${code})`, code };
  }
  return { problem: `cannot be read (${code ?? 'unknown error'})`, code };
}

/** The `code` of a Node.js file system error, if it has one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Decodes UTF-8 strictly: undefined when the bytes are not valid UTF-8, so
 * that nothing is silently replaced by U+FFFD. `keepBom` keeps a leading
 * byte order mark as U+FEFF (the value's bytes stay exactly as they were).
 */
export function decodeUtf8(bytes: Uint8Array, keepBom: boolean): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepBom }).decode(bytes);
  } catch {
    return undefined;
  }
}
