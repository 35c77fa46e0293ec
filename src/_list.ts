import { isObject } from './_rules/json';

/**
 * A `kind: List` (what `kubectl get -o yaml` prints, `apiVersion: v1`) or a
 * typed list (`ShootList`, `SecretList`: what the API server serves): its
 * items, or undefined for any other document. The items of a typed list may
 * leave out their apiVersion and kind (the API server's do): they get the
 * list's apiVersion and kind without `List`.
 */
export function listItems(value: unknown): unknown[] | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || !value.kind.endsWith('List') || !Array.isArray(value.items)) {
    return undefined;
  }
  const kind = value.kind.slice(0, -'List'.length);
  if (kind === '') {
    return value.items;
  }
  return value.items.map(item => (isObject(item) && (item.kind === undefined || item.apiVersion === undefined)
    ? { apiVersion: value.apiVersion, kind, ...item }
    : item));
}
