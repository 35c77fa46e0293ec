/**
 * Hides the user info of a URL (`http://user:secret@proxy` becomes
 * `http://***@proxy`, `user:secret@host` becomes `***@host`), so that an
 * error never shows a password.
 */
export function redactUserInfo(value: string): string {
  return value.replace(/^((?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?)[^/?#]*@/s, '$1***@');
}
