"""The Python app of test/languages: the same definition as typescript/main.ts.

Usage: python main.py <outdir> <shoot.yaml> <ca-bundle.pem> [invalid]
"""
import sys

from cdk8s import ApiObject, App, Chart, Include
from constructs import Construct

from cdk8s_gardener_registry_cache import (
    CredentialValue,
    GitOpsPruneProtection,
    MirrorHostOptions,
    PreviousCredentialVersion,
    RegistryCache,
    RegistryCacheCredential,
    RegistryMirror,
    RegistryMirrorCaBundle,
)

outdir, shoot_file, pem_file = sys.argv[1:4]
invalid = sys.argv[4:] == ["invalid"]


def shoot(scope: Construct) -> ApiObject:
    # ApiObjectProps has no spec outside TypeScript, so the Shoot is included from its YAML file.
    return Include(scope, "shoot", url=shoot_file).api_objects[0]


plain = CredentialValue.unsafe_plain_text
app = App(outdir=outdir)

# The seed scenario: an immutable ro-docker-secret-v1, the Shoot's resource, the cache's secretReferenceName.
seed = Chart(app, "seed", namespace="garden-dev")
docker_hub = RegistryCacheCredential(
    seed, "docker-hub",
    name="ro-docker-secret", version=1, resource_name="docker-secret",
    username=plain("demo-user"), password=plain("demo-token"),
    acknowledge_unauthenticated_cache=True,
)
seed_cache = RegistryCache(seed, "registry-cache", shoot=shoot(seed))
seed_cache.add_upstream("docker-io", upstream="docker.io", credential=docker_hub)
if invalid:
    seed_cache.add_upstream("bad", upstream="https://docker.io/")

# A rotation in progress: version 2, version 1 kept, Argo CD prune protection.
rotation = Chart(app, "rotation", namespace="garden-rotation")
rotated = RegistryCacheCredential(
    rotation, "docker-hub",
    name="ro-docker-secret", version=2, resource_name="docker-secret",
    username=plain("demo-user"), password=plain("demo-token-v2"),
    previous_versions=[PreviousCredentialVersion(version=1, username=plain("demo-user"), password=plain("demo-token"))],
    prune_protection=GitOpsPruneProtection.ARGO_CD,
    acknowledge_unauthenticated_cache=True,
)
RegistryCache(rotation, "registry-cache", shoot=shoot(rotation)).add_upstream(
    "docker-io", upstream="docker.io", credential=rotated)

# A registry mirror with a CA bundle read from a file.
mirror_chart = Chart(app, "mirror", namespace="garden-mirror")
with open(pem_file, encoding="utf-8") as f:
    ca = RegistryMirrorCaBundle(mirror_chart, "private-mirror-ca", name="private-mirror-ca-bundle", version=1, pem=f.read())
RegistryMirror(mirror_chart, "registry-mirror", shoot=shoot(mirror_chart)).add_mirror(
    "quay-io", upstream="quay.io", hosts=[MirrorHostOptions(host="https://private-mirror.internal", ca_bundle=ca)])

app.synth()
