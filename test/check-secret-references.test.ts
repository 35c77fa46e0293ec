/**
 * The check command on Secrets that a Shoot's registry extensions reference
 * for two purposes at once (found by the judge: docs/ARCHITECTURE.md, "The judge").
 */
import { checkInProcess } from './_command';

const check = (yaml: string) => checkInProcess(['-'], { stdin: yaml });

const shoot = (mirrorDisabled: boolean): string => `apiVersion: core.gardener.cloud/v1beta1
kind: Shoot
metadata:
  name: dev
  namespace: garden-dev
spec:
  provider:
    type: aws
    workers:
    - name: w
      cri:
        name: containerd
  extensions:
  - type: registry-cache
    providerConfig:
      apiVersion: registry.extensions.gardener.cloud/v1alpha3
      kind: RegistryConfig
      caches:
      - upstream: docker.io
        secretReferenceName: docker
  - type: registry-mirror
    disabled: ${mirrorDisabled}
    providerConfig:
      apiVersion: mirror.extensions.gardener.cloud/v1alpha1
      kind: MirrorConfig
      mirrors:
      - upstream: quay.io
        hosts:
        - host: https://mirror.example.com
          caBundleSecretReferenceName: docker
  resources:
  - name: docker
    resourceRef:
      apiVersion: v1
      kind: Secret
      name: docker-v1
`;

test('one Secret as a cache\'s credentials and a mirror host\'s CA bundle is an error at the CA bundle\'s reference, with or without the Secret', () => {
  const secret = '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: docker-v1\n  namespace: garden-dev\nimmutable: true\n'
    + 'data:\n  username: dXNlcg==\n  password: cGFzcw==\n';
  for (const yaml of [shoot(false), shoot(false) + secret]) {
    const { status, stdout } = check(yaml);
    expect(status).toBe(1);
    expect(stdout).toMatch(new RegExp('<stdin>:30:40: .*Shoot garden-dev/dev: spec\\.extensions\\[1\\]\\.providerConfig\\.mirrors\\[0\\]\\.hosts\\[0\\]'
    + '\\.caBundleSecretReferenceName \\(value: "docker"\\): refers \\(through spec\\.resources\\[0\\]\\) to Secret garden-dev/docker-v1, which '
    + 'spec\\.extensions\\[0\\]\\.providerConfig\\.caches\\[0\\]\\.secretReferenceName uses as registry credentials: no Secret can be both'));
    expect(stdout).toMatch(/Fix: give the CA bundle a Secret of its own \(RegistryMirrorCaBundle does\)/);
  }
});

test('with the mirror entry disabled, only the credential rules read the Secret: no error', () => {
  const { status, stdout } = check(shoot(true));
  expect(stdout).not.toMatch(/no Secret can be both/);
  expect(status).toBe(0);
});
