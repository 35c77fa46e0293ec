import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { brandClass, brandSymbol, hasBrand } from './_brand';
import { FieldError, quote, renderFieldError, safeString } from './_errors';
import { dns1123LabelProblem, dns1123SubdomainProblem, suggestDnsName } from './_rules/names';
import { checkUpstream } from './_rules/upstream';
import { RegistryCacheCredential } from './registry-cache-credential';

/** The `auths` key Docker and containerd use for Docker Hub. */
const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

const IMAGE_PULL_SECRET = brandSymbol('ImagePullSecret');

/**
 * Properties of an `ImagePullSecret`.
 */
export interface ImagePullSecretProps {
  /** The credential whose current version's values the Secret carries. */
  readonly credential: RegistryCacheCredential;

  /**
   * The upstream registry host the Secret is for, as in the cache's `upstream`
   * (`docker.io`, `ghcr.io`, `my-registry.io:5000`).
   */
  readonly upstream: string;

  /** The name of the Secret in the Shoot, as Pods name it in `imagePullSecrets`. */
  readonly name: string;

  /**
   * The namespace of the Secret in the Shoot, where the Pods that use it run.
   *
   * @default - the namespace of the enclosing Chart
   */
  readonly namespace?: string;
}

/**
 * The image pull Secret (`kubernetes.io/dockerconfigjson`) for the Shoot's
 * workloads, made from the same credential as the cache.
 *
 * Keep image pull Secrets on your Pods even with a registry cache: when the
 * cache is not available, containerd falls back to the upstream, and only
 * then are the Pod's pull credentials used (Gardener's "Possible Pitfalls").
 *
 * Put it into a Chart that you deploy to the Shoot, not to the garden
 * cluster. Its name is the one you give, so Pods can refer to it; it is not
 * versioned and not immutable, so a rotation updates it in place. The
 * `auths` key is `https://index.docker.io/v1/` for `docker.io` and the host
 * itself otherwise.
 *
 * The password is written readable, in `stringData` (the Docker config
 * JSON): keep this output out of git, or make the pull Secret the way the
 * credential's Secret is made for GitOps (Sealed Secrets, External Secrets,
 * SOPS) and refer to it by name only.
 *
 * It is a plain `ApiObject` (`node.defaultChild`), so it works with every
 * cdk8s-plus version: refer to it from a workload with
 * `dockerRegistryAuth: Secret.fromSecretName(scope, id, pull.name)`.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#docker-config-secrets
 */
export class ImagePullSecret extends Construct {
  /**
   * Whether `x` is an `ImagePullSecret`, also one made by another copy of
   * this library.
   *
   * @param x any value
   */
  public static isImagePullSecret(x: any): x is ImagePullSecret {
    return hasBrand(x, IMAGE_PULL_SECRET);
  }

  /** The name of the Secret, as Pods name it in `imagePullSecrets`. */
  public readonly name: string;

  /** The key of the registry in the Docker config's `auths`. */
  public readonly registryKey: string;

  constructor(scope: Construct, id: string, props: ImagePullSecretProps) {
    super(scope, id);
    const errors: FieldError[] = [];
    // From plain JavaScript, props may be anything: report it, never a TypeError.
    const p: Partial<ImagePullSecretProps> = typeof props === 'object' && props !== null ? props : {};
    if (p !== props) {
      errors.push({
        path: 'props',
        value: quote(props),
        detail: 'must be an object with credential, upstream and name',
        fix: 'pass e.g. { credential, upstream: "docker.io", name: "docker-hub-pull" }',
      });
    }
    const name = typeof p.name === 'string' ? p.name : undefined;
    const namespace = typeof p.namespace === 'string' ? p.namespace : undefined;
    this.registryKey = registryAuthKey(p.upstream);

    if (p === props) {
      errors.push(...checkUpstream(p.upstream, 'upstream'));
      if (!RegistryCacheCredential.isRegistryCacheCredential(p.credential)) {
        errors.push({
          path: 'credential',
          detail: 'must be a RegistryCacheCredential whose values the app reads; a credential from fromSecretName has none',
          fix: 'make the image pull Secret where the credential\'s Secret is made (e.g. the same Sealed Secret or ExternalSecret) and refer to it by name from the Pods, or pass a RegistryCacheCredential',
        });
      }
      const nameProblem = name === undefined ? 'is required' : dns1123SubdomainProblem(name);
      if (nameProblem !== undefined) {
        errors.push({ path: 'name', value: quote(p.name), detail: nameProblem, fix: `name the Secret like ${quote(suggestDnsName(name ?? 'registry-pull'))}` });
      }
      const namespaceProblem = p.namespace === undefined ? undefined : namespace === undefined ? 'must be a string' : dns1123LabelProblem(namespace);
      if (namespaceProblem !== undefined) {
        errors.push({ path: 'namespace', value: quote(p.namespace), detail: namespaceProblem, fix: 'give the namespace of the Pods that use the Secret, or leave it out for the Chart\'s' });
      }
    }
    this.node.addValidation({ validate: () => errors.map(renderFieldError) });

    const credential = p.credential;
    const registryKey = this.registryKey;
    // A plain ApiObject, in the field order cdk8s-plus' Secret writes.
    const secret = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      immutable: false,
      stringData: {
        // Read at synth, after validation: a credential that cannot be read is a validation error first.
        '.dockerconfigjson': Lazy.any({
          produce: () => {
            if (!RegistryCacheCredential.isRegistryCacheCredential(credential)) {
              throw new Error(renderFieldError(errors.find(e => e.path === 'credential' || e.path === 'props')!));
            }
            const { username, password } = credential._currentValues();
            const auth = Buffer.from(`${username}:${password}`, 'utf-8').toString('base64');
            return JSON.stringify({ auths: { [registryKey]: { username, password, auth } } });
          },
        }),
      },
      type: 'kubernetes.io/dockerconfigjson',
    });
    this.node.defaultChild = secret;
    this.name = secret.name;
  }
}

/** The `auths` key of a registry: Docker Hub's legacy URL for `docker.io`, the host otherwise. */
function registryAuthKey(upstream: unknown): string {
  return upstream === 'docker.io' ? DOCKER_HUB_AUTH_KEY : safeString(upstream);
}

brandClass(ImagePullSecret, IMAGE_PULL_SECRET);
