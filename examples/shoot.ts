import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** The parts in which the examples' Shoots differ. */
export interface DemoShootOptions {
  /** metadata.name */
  readonly name: string;
  /** The infrastructure: the cloud profile and the provider type. */
  readonly cloud: 'aws' | 'gcp';
  readonly region: string;
  readonly machineType: string;
  readonly minimum: number;
  readonly maximum: number;
}

/**
 * A minimal Shoot, as a project already has it: what the library adds to it
 * is the point of each example. (gardener-docs writes its Shoot out in full.)
 */
export function demoShoot(scope: Construct, id: string, o: DemoShootOptions): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name: o.name },
    spec: {
      cloudProfile: { kind: 'CloudProfile', name: o.cloud },
      region: o.region,
      provider: { type: o.cloud, workers: [{ name: 'worker', minimum: o.minimum, maximum: o.maximum, machine: { type: o.machineType } }] },
    },
  });
}
