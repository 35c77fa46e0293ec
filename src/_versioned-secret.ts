import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * One mechanism for a versioned immutable Secret (DESIGN.md, principle 3):
 * `<baseName>-v<version>`, `immutable: true`, `type: Opaque`, base64 `data`
 * (never `stringData`). Rotation is a new version, hence a new object: an
 * immutable Secret's data can never be changed in place.
 */
export interface VersionedSecretProps {
  readonly baseName: string;
  readonly version: number;
  readonly namespace: string;
  /** Produces the plain-text data at synth; throws (without values) when it cannot. */
  readonly data: () => Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** `<baseName>-v<version>`: the name of a version of a versioned Secret. */
export function versionedSecretName(baseName: string, version: number): string {
  return `${baseName}-v${version}`;
}

export class VersionedSecret extends Construct {
  public readonly secretName: string;
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VersionedSecretProps) {
    super(scope, id);
    this.secretName = versionedSecretName(props.baseName, props.version);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: this.secretName, namespace: props.namespace, annotations: props.annotations },
      type: 'Opaque',
      immutable: true,
      data: Lazy.any({ produce: () => encode(props.data()) }),
    });
  }
}

function encode(data: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(data).sort()) {
    out[key] = Buffer.from(data[key], 'utf-8').toString('base64');
  }
  return out;
}
