/**
 * Output checks: byte-identical (the cdk8s ways and the floor), and the same
 * manifests (the GitOps peer, whose YAML writer orders keys its own way).
 */
import * as YAML from 'yaml';

/** Throws, showing the first differing line, unless `actual` and `expected` are the same bytes. */
export function assertIdentical(what: string, actual: string, expected: string): void {
  if (actual === expected) {
    return;
  }
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  const context = (lines: string[]) => lines.slice(Math.max(0, i - 3), i + 3).map((l, k) => `    ${i - 2 + k}: ${l}`).join('\n');
  throw new Error(
    `OUTPUTS DIFFER: ${what} (${actual.length} vs ${expected.length} bytes), first difference at line ${i + 1}:\n` +
    `  ${what.split(' vs ')[0]}:\n${context(a)}\n  ${what.split(' vs ')[1] ?? 'expected'}:\n${context(e)}`,
  );
}

/** The documents of a YAML stream by `kind namespace/name`, each as canonical JSON (keys sorted). */
function manifests(yaml: string, version: '1.1' | '1.2'): Map<string, string> {
  const byName = new Map<string, string>();
  for (const doc of YAML.parseAllDocuments(yaml, { version })) {
    if (doc.errors.length > 0) {
      throw new Error(`cannot parse the output: ${doc.errors[0].message}`);
    }
    const m = doc.toJS();
    if (m === null || m === undefined) continue;
    if (m.kind === 'Secret' && m.data !== null && typeof m.data === 'object') {
      // kustomize breaks long base64 values into lines; Kubernetes' decoder skips line breaks.
      for (const k of Object.keys(m.data)) {
        if (typeof m.data[k] === 'string') m.data[k] = m.data[k].replace(/\n/g, '');
      }
    }
    const key = `${m.kind} ${m.metadata?.namespace ?? ''}/${m.metadata?.name}`;
    if (byName.has(key)) {
      throw new Error(`${key} is in the output twice`);
    }
    byName.set(key, canonical(m));
  }
  return byName;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]]))
    : v));
}

/**
 * Throws unless both YAML streams hold the same manifests: the same set of
 * objects (by kind, namespace and name) with equal content, in any key and
 * document order (array order counts; line breaks in a Secret's base64 data
 * do not). `actual` is read as YAML 1.2 (kustomize
 * writes that), `expected` as 1.1 (cdk8s writes that).
 */
export function assertSameManifests(what: string, actual: string, expected: string, versions: { actual: '1.1' | '1.2'; expected: '1.1' | '1.2' }): void {
  const a = manifests(actual, versions.actual);
  const e = manifests(expected, versions.expected);
  for (const [key, doc] of e) {
    const other = a.get(key);
    if (other === undefined) {
      throw new Error(`OUTPUTS DIFFER: ${what}: ${key} is missing (${a.size} vs ${e.size} documents)`);
    }
    if (other !== doc) {
      let i = 0;
      while (i < other.length && other[i] === doc[i]) i++;
      throw new Error(`OUTPUTS DIFFER: ${what}: ${key} differs at character ${i}:\n  ${other.slice(Math.max(0, i - 80), i + 80)}\n  ${doc.slice(Math.max(0, i - 80), i + 80)}`);
    }
  }
  if (a.size !== e.size) {
    const extra = [...a.keys()].find(k => !e.has(k));
    throw new Error(`OUTPUTS DIFFER: ${what}: ${a.size} vs ${e.size} documents, e.g. ${extra} is extra`);
  }
}
