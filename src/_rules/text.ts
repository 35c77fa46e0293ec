/**
 * Text as Go sees it, for the rules that must agree with the extension
 * byte for byte. Pure functions, no cdk8s.
 */

/**
 * Go's `unicode.IsSpace`: `\t \n \v \f \r`, space, U+0085, U+00A0 and the
 * other Unicode White_Space characters (U+1680, U+2000 to U+200A, U+2028,
 * U+2029, U+202F, U+205F, U+3000). Not U+FEFF or U+200B, which JavaScript's
 * `\s` and `trim()` treat as white space, and not U+180E.
 */
export function isGoSpace(c: number): boolean {
  if (c <= 0xff) {
    return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0;
  }
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Whether any character is white space for Go (`bytes.ContainsFunc(b, unicode.IsSpace)`). */
export function containsGoSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (isGoSpace(s.charCodeAt(i))) {
      return true; // every Go space is in the BMP: UTF-16 units suffice
    }
  }
  return false;
}

/** Go's `strings.TrimSpace` / `bytes.TrimSpace`. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) {
    start++;
  }
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) {
    end--;
  }
  return s.slice(start, end);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string holds half of a UTF-16 surrogate pair. Such a string has
 * no UTF-8 form: writing it out silently puts U+FFFD in its place.
 */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** Bytes (each 0 to 255) as a string of the same char codes, for long inputs too. */
export function bytesToLatin1(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...Array.prototype.slice.call(bytes, i, i + 8192));
  }
  return out;
}
