/**
 * Hides the user info of a URL-ish value by structure: everything before the
 * last '@' becomes `***`, whatever characters the user info holds ('/', '?',
 * '#', ':' or more '@'), and however a URL parser would split the value.
 * Only a leading `http://` or `https://` is kept.
 *
 * `http://user:se/cret@proxy:3128` becomes `http://***@proxy:3128`,
 * `user:pass@docker.io` becomes `***@docker.io`. A value without '@' is
 * returned as it is. Over-hiding (a '@' in a path) is accepted: the value is
 * only shown in a message.
 */
export function redactUserInfo(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) {
    return value;
  }
  const scheme = /^https?:\/\//i.exec(value)?.[0] ?? '';
  return `${scheme.length <= at ? scheme : ''}***@${value.slice(at + 1)}`;
}
