"""The benchmark's binding app (bench/bindings.ts), in Python: the same program as app.ts.

Usage: python app.py <landscape.tsv> <shoots.yaml> <addUpstream|upstreams|sharedValues> <outdir>
sharedValues: the upstreams prop, each distinct Size and Duration made once and reused (they are immutable values).
"""
import sys

from cdk8s import App, Chart, Duration, Include, Size
from constructs import Construct

from cdk8s_gardener_registry_cache import CachedUpstreamOptions, CredentialValue, RegistryCache, RegistryCacheCredential

landscape_file, shoots_file, way, outdir = sys.argv[1:5]
app = App(outdir=outdir)
chart = Chart(app, "landscape")
# ApiObjectProps has no spec outside TypeScript: the Shoots are included from their YAML file.
shoots = Include(chart, "shoots", url=shoots_file).api_objects


def opt(v):
    return None if v == "-" else v


sizes = {}
durations = {}


def size(v):
    if way != "sharedValues":
        return Size.gibibytes(int(v))
    if v not in sizes:
        sizes[v] = Size.gibibytes(int(v))
    return sizes[v]


def hours(v):
    if way != "sharedValues":
        return Duration.hours(int(v))
    if v not in durations:
        durations[v] = Duration.hours(int(v))
    return durations[v]


scope = chart
namespace = ""
credentials = []
cache = None
shoot = None
shoot_name = ""
options = []
next_shoot = 0


def end_shoot():
    global shoot
    if shoot is not None and way != "addUpstream":
        RegistryCache(scope, f"{shoot_name}-registry-cache", shoot=shoot, upstreams=options)
    shoot = None


with open(landscape_file, encoding="utf-8") as lines:
    for line in lines:
        f = line.rstrip("\n").split("\t")
        if f[0] == "ns":
            end_shoot()
            namespace = f[1]
            scope = Construct(chart, namespace)
            credentials = []
        elif f[0] == "cred":
            credentials.append(RegistryCacheCredential(
                scope, f[1], name=f[1], version=int(f[2]), resource_name=opt(f[3]), namespace=namespace,
                username=CredentialValue.unsafe_plain_text(f[4]), password=CredentialValue.unsafe_plain_text(f[5]),
                acknowledge_unauthenticated_cache=True))
        elif f[0] == "shoot":
            end_shoot()
            shoot_name = f[1]
            shoot = shoots[next_shoot]
            next_shoot += 1
            options = []
            if way == "addUpstream":
                cache = RegistryCache(scope, f"{shoot_name}-registry-cache", shoot=shoot)
        elif f[0] == "cache":
            o = dict(
                upstream=f[2],
                credential=None if f[3] == "-" else credentials[int(f[3])],
                remote_url=opt(f[4]),
                volume_size=None if f[5] == "-" else size(f[5]),
                storage_class_name=opt(f[6]),
                garbage_collection_ttl=None if f[7] == "-" else hours(f[7]),
                high_availability=None if f[8] == "-" else f[8] == "true",
                service_name_suffix=opt(f[9]),
            )
            if way == "addUpstream":
                cache.add_upstream(f[1], **o)
            else:
                options.append(CachedUpstreamOptions(**o))
end_shoot()
app.synth()
