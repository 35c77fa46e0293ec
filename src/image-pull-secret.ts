import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { FieldError, quote, renderFieldError } from './_errors';
import { dns1123SubdomainProblem, suggestDnsName } from './_rules/names';
import { checkUpstream } from './_rules/upstream';
import { RegistryCacheCredential } from './registry-cache-credential';

/** The `auths` key Docker and containerd use for Docker Hub. */
const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

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
 * itself otherwise. It is a cdk8s-plus Secret: pass it as
 * `dockerRegistryAuth` of a cdk8s-plus workload.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#docker-config-secrets
 */
export class ImagePullSecret extends kplus.Secret {
  /** The key of the registry in the Docker config's `auths`. */
  public readonly registryKey: string;

  constructor(scope: Construct, id: string, props: ImagePullSecretProps) {
    super(scope, id, {
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: props.name, namespace: props.namespace },
    });
    this.registryKey = registryAuthKey(props.upstream);

    const errors: FieldError[] = [...checkUpstream(props.upstream, 'upstream')];
    if (!(props.credential instanceof RegistryCacheCredential)) {
      errors.push({
        path: 'credential',
        detail: 'must be a RegistryCacheCredential whose values the app reads; a credential from fromSecretName has none',
        fix: 'create the image pull Secret where the credential\'s Secret is made (e.g. the same Sealed Secret or ExternalSecret), or pass a RegistryCacheCredential',
      });
    }
    const nameProblem = typeof props.name === 'string' ? dns1123SubdomainProblem(props.name) : 'is required';
    if (nameProblem !== undefined) {
      errors.push({ path: 'name', value: quote(props.name), detail: nameProblem, fix: `name the Secret like ${quote(suggestDnsName(String(props.name ?? 'registry-pull')))}` });
    }
    this.node.addValidation({ validate: () => errors.map(renderFieldError) });

    const registryKey = this.registryKey;
    this.addStringData('.dockerconfigjson', Lazy.any({
      produce: () => {
        if (!(props.credential instanceof RegistryCacheCredential)) {
          throw new Error(renderFieldError(errors.find(e => e.path === 'credential')!));
        }
        const { username, password } = props.credential._currentValues();
        const auth = Buffer.from(`${username}:${password}`, 'utf-8').toString('base64');
        return JSON.stringify({ auths: { [registryKey]: { username, password, auth } } });
      },
    }) as unknown as string);
  }
}

/** The `auths` key of a registry: Docker Hub's legacy URL for `docker.io`, the host otherwise. */
function registryAuthKey(upstream: string): string {
  return upstream === 'docker.io' ? DOCKER_HUB_AUTH_KEY : upstream;
}
