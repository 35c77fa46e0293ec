/**
 * Kubernetes name rules (apimachinery `pkg/util/validation`), as Gardener applies them.
 * Pure functions: no cdk8s here.
 */

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

export const DNS1123_SUBDOMAIN_MAX = 253;
export const DNS1123_LABEL_MAX = 63;

/** Why `value` is not a DNS-1123 subdomain, or undefined when it is one. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) {
    return 'must not be empty';
  }
  if (value.length > DNS1123_SUBDOMAIN_MAX) {
    return `must be no more than ${DNS1123_SUBDOMAIN_MAX} characters (it has ${value.length})`;
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return 'must be a lowercase RFC 1123 subdomain: lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a DNS-1123 label, or undefined when it is one. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) {
    return 'must not be empty';
  }
  if (value.length > DNS1123_LABEL_MAX) {
    return `must be no more than ${DNS1123_LABEL_MAX} characters (it has ${value.length})`;
  }
  if (!DNS1123_LABEL.test(value)) {
    if (DNS1123_SUBDOMAIN.test(value)) {
      return 'must be a lowercase RFC 1123 label: must not contain dots';
    }
    return 'must be a lowercase RFC 1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** Suggests a DNS-1123 form of a name, for the "Fix:" part of a message. */
export function suggestDnsName(value: string): string {
  const s = value.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return s.length > 0 ? s.slice(0, DNS1123_SUBDOMAIN_MAX) : 'my-name';
}
