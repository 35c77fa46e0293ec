import { FieldError, quote, safeString } from '../_errors';
import { dns1123LabelProblem, dns1123SubdomainProblem, suggestDnsName } from './names';

/**
 * `<baseName>-v<version>`: the name of a version of a versioned Secret (the
 * library's one naming rule). Never throws: plain JS may pass a Symbol, whose
 * error the checks below report.
 */
export function versionedSecretName(baseName: string, version: number): string {
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : safeString(v));
  return `${text(baseName)}-v${text(version)}`;
}

/** `name` of a credential: the versioned Secret name `<name>-v<version>` must be a DNS-1123 subdomain. */
export function checkSecretBaseName(name: unknown, secretName: string, path: string): FieldError[] {
  if (typeof name !== 'string' || name.length === 0) {
    const detail = name === undefined || name === null || name === '' ? 'is required: the base name of the Secret' : 'must be a string: the base name of the Secret';
    return [{ path, value: quote(name), detail, fix: 'give a name such as "ro-docker-secret"' }];
  }
  const problem = dns1123SubdomainProblem(secretName);
  if (problem !== undefined) {
    return [{
      path,
      value: quote(name),
      detail: `gives the Secret name ${quote(secretName)}, which ${problem}`,
      fix: `use a lowercase name such as ${quote(suggestDnsName(name).slice(0, 240))}`,
    }];
  }
  return [];
}

/** `version` of a credential: a positive integer. */
export function checkVersion(version: unknown, path: string): FieldError[] {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    return [{ path, value: quote(version), detail: 'must be a positive integer', fix: 'start at 1 and add 1 for every rotation' }];
  }
  return [];
}

/** The namespace of a credential (or CA bundle: `noun`): given or inherited, and a valid namespace name. */
export function checkNamespace(given: unknown, effective: string, path: string, noun = 'credential'): FieldError[] {
  if (given !== undefined && typeof given !== 'string') {
    return [{ path, value: quote(given), detail: 'must be a string', fix: 'give the project namespace, e.g. "garden-dev"' }];
  }
  if (effective.length === 0) {
    return [{ path, detail: `is required: neither the ${noun} nor its Chart has a namespace`, fix: `set namespace to the project namespace of the Shoot (e.g. "garden-dev"), on the ${noun} or on its Chart` }];
  }
  const problem = dns1123LabelProblem(effective);
  if (problem !== undefined) {
    return [{ path, value: quote(effective), detail: `is not a valid namespace: ${problem}`, fix: 'give the project namespace of the Shoot, e.g. "garden-dev"' }];
  }
  return [];
}

/** The name of the Shoot's `spec.resources` entry: required; we keep it a DNS-1123 subdomain for readability. */
export function checkResourceName(resourceName: unknown, path: string): FieldError[] {
  if (typeof resourceName !== 'string' || resourceName.length === 0) {
    const detail = resourceName === undefined || resourceName === null || resourceName === '' ? 'is required' : 'must be a string';
    return [{ path, value: quote(resourceName), detail, fix: 'give a resource name such as "docker-secret", or leave it out to use name' }];
  }
  const problem = dns1123SubdomainProblem(resourceName);
  if (problem !== undefined) {
    return [{ path, value: quote(resourceName), detail: problem, fix: `use a lowercase name such as ${quote(suggestDnsName(resourceName))}` }];
  }
  return [];
}
