// The benchmark's binding app (bench/bindings.ts), in Go: the same program as app.ts.
// Usage: app <landscape.tsv> <shoots.yaml> <addUpstream|upstreams|sharedValues> <outdir>
// sharedValues: the upstreams prop, each distinct Size and Duration made once and reused (they are immutable values).
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	rc "github.com/cdk8s-gardener-registry-cache/cdk8s-gardener-registry-cache-go/cdk8sgardenerregistrycache"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

func opt(v string) *string {
	if v == "-" {
		return nil
	}
	return jsii.String(v)
}

func number(v string) *float64 {
	n, err := strconv.Atoi(v)
	if err != nil {
		panic(err)
	}
	return jsii.Number(float64(n))
}

func main() {
	defer jsii.Close()
	landscapeFile, shootsFile, way, outdir := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})
	chart := cdk8s.NewChart(app, jsii.String("landscape"), nil)
	// ApiObjectProps has no Spec outside TypeScript: the Shoots are included from their YAML file.
	shoots := *cdk8s.NewInclude(chart, jsii.String("shoots"), &cdk8s.IncludeProps{Url: jsii.String(shootsFile)}).ApiObjects()

	data, err := os.ReadFile(landscapeFile)
	if err != nil {
		panic(err)
	}
	var scope constructs.Construct = chart
	namespace := ""
	var credentials []rc.RegistryCacheCredential
	var cache rc.RegistryCache
	var shoot cdk8s.ApiObject
	shootName := ""
	var options []*rc.CachedUpstreamOptions
	nextShoot := 0
	sizes := map[string]cdk8s.Size{}
	durations := map[string]cdk8s.Duration{}
	size := func(v string) cdk8s.Size {
		if way != "sharedValues" {
			return cdk8s.Size_Gibibytes(number(v))
		}
		if _, ok := sizes[v]; !ok {
			sizes[v] = cdk8s.Size_Gibibytes(number(v))
		}
		return sizes[v]
	}
	hours := func(v string) cdk8s.Duration {
		if way != "sharedValues" {
			return cdk8s.Duration_Hours(number(v))
		}
		if _, ok := durations[v]; !ok {
			durations[v] = cdk8s.Duration_Hours(number(v))
		}
		return durations[v]
	}
	endShoot := func() {
		if shoot != nil && way != "addUpstream" {
			rc.NewRegistryCache(scope, jsii.String(shootName+"-registry-cache"), &rc.RegistryCacheProps{Shoot: shoot, Upstreams: &options})
		}
		shoot = nil
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		switch f[0] {
		case "ns":
			endShoot()
			namespace = f[1]
			scope = constructs.NewConstruct(chart, jsii.String(namespace))
			credentials = nil
		case "cred":
			credentials = append(credentials, rc.NewRegistryCacheCredential(scope, jsii.String(f[1]), &rc.RegistryCacheCredentialProps{
				Name: jsii.String(f[1]), Version: number(f[2]), ResourceName: opt(f[3]), Namespace: jsii.String(namespace),
				Username: rc.CredentialValue_UnsafePlainText(jsii.String(f[4])), Password: rc.CredentialValue_UnsafePlainText(jsii.String(f[5])),
				AcknowledgeUnauthenticatedCache: jsii.Bool(true),
			}))
		case "shoot":
			endShoot()
			shootName = f[1]
			shoot = shoots[nextShoot]
			nextShoot++
			options = nil
			if way == "addUpstream" {
				cache = rc.NewRegistryCache(scope, jsii.String(shootName+"-registry-cache"), &rc.RegistryCacheProps{Shoot: shoot})
			}
		case "cache":
			o := &rc.CachedUpstreamOptions{
				Upstream:          jsii.String(f[2]),
				RemoteUrl:         opt(f[4]),
				StorageClassName:  opt(f[6]),
				ServiceNameSuffix: opt(f[9]),
			}
			if f[3] != "-" {
				i, _ := strconv.Atoi(f[3])
				o.Credential = credentials[i]
			}
			if f[5] != "-" {
				o.VolumeSize = size(f[5])
			}
			if f[7] != "-" {
				o.GarbageCollectionTtl = hours(f[7])
			}
			if f[8] != "-" {
				o.HighAvailability = jsii.Bool(f[8] == "true")
			}
			if way == "addUpstream" {
				cache.AddUpstream(jsii.String(f[1]), o)
			} else {
				options = append(options, o)
			}
		case "":
		default:
			panic(fmt.Sprintf("unknown line %q", line))
		}
	}
	endShoot()
	app.Synth()
}
