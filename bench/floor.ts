/**
 * 3. The floor: the same plain objects serialized with the `yaml` package
 * and the options cdk8s uses, documents joined by `---`; no cdk8s.
 */
import * as YAML from 'yaml';
import { extensionEntry, resourceEntries, secretManifest } from './plain';
import { Landscape } from './scenario';

/** The options of cdk8s' `Yaml.stringify` (cdk8s 2.x, lib/yaml.ts). */
export const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

export const floor = (landscape: Landscape): string => {
  const docs: unknown[] = [];
  for (const ns of landscape.namespaces) {
    for (const c of ns.credentials) {
      docs.push(secretManifest(ns.name, c));
    }
    for (const s of ns.shoots) {
      const d = s.definition;
      // cdk8s puts apiVersion, kind, metadata first and sorts the other keys;
      // the scenario writes the Shoot's spec in that order already.
      docs.push({
        apiVersion: d.apiVersion,
        kind: d.kind,
        metadata: { labels: d.metadata.labels, name: d.metadata.name, namespace: d.metadata.namespace },
        spec: { ...d.spec, extensions: [extensionEntry(ns, s)], resources: resourceEntries(ns, s) },
      });
    }
  }
  return docs.map(doc => YAML.stringify(doc, CDK8S_YAML_OPTIONS)).join('---\n');
};
