/**
 * How deep the check command follows user data. No Shoot or Secret nests
 * anywhere near this deep (a Shoot's deepest field is about 10 levels); a
 * file that does is a generator gone wrong or hostile. The fast YAML reader
 * gives up beyond it (the `yaml` package then reads the document), and a
 * document the `yaml` package reads is refused beyond it with its position,
 * so that no recursive walk after reading (strict decoding, the rules,
 * redaction, JSON output) can run out of stack.
 */
export const MAX_DEPTH = 200;

/**
 * The field path (`spec.a[0].b`) of the first collection nested deeper than
 * `limit` in `value`, or undefined when none is. Iterative: it never
 * recurses, whatever the depth.
 */
export function pathTooDeep(value: unknown, limit: number = MAX_DEPTH): string | undefined {
  interface Frame { readonly value: unknown; readonly depth: number; readonly key: string | number; readonly parent?: Frame }
  const stack: Frame[] = [{ value, depth: 0, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (v === null || typeof v !== 'object' || v instanceof Date) {
      continue;
    }
    const depth = frame.depth + 1;
    if (depth > limit) {
      return pathOf(frame);
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i], depth, key: i, parent: frame });
      }
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: (v as Record<string, unknown>)[keys[i]], depth, key: keys[i], parent: frame });
      }
    }
  }
  return undefined;

  function pathOf(frame: Frame): string {
    const parts: string[] = [];
    for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) {
      parts.push(typeof f.key === 'number' ? `[${f.key}]` : f.parent.parent === undefined ? f.key : `.${f.key}`);
    }
    return parts.reverse().join('');
  }
}

/** A field path from pathTooDeep as messages show it: its first 80 characters, and `...` when there is more. */
export function shownPath(path: string): string {
  return path.length <= 80 ? path : `${path.slice(0, 80)}...`;
}
