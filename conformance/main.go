// Command gardener-judge answers, for each case it reads, what a garden cluster's admission says about a Shoot:
// Gardener's own validation of the Shoot and the registry-cache extension's two Shoot validators, built from
// their Go modules (go.mod pins the release; nothing of Gardener's is copied here).
//
// It reads JSON Lines on standard input, one case a line, and writes one JSON line per case, in order:
//
//	in:  {"id": "...", "extensionVersion": "v0.24.0", "shoot": {...}, "oldShoot": {...} | null, "secrets": [...]}
//	out: {"id": "...", "allowed": true, "errors": [{"type": "...", "field": "...", "detail": "..."}], "otherErrors": [...]}
//
// See docs/ARCHITECTURE.md ("The judge") for what runs and why.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/gardener/gardener-extension-registry-cache/pkg/admission/validator/cache"
	"github.com/gardener/gardener-extension-registry-cache/pkg/admission/validator/mirror"
	mirrorinstall "github.com/gardener/gardener-extension-registry-cache/pkg/apis/mirror/install"
	registryinstall "github.com/gardener/gardener-extension-registry-cache/pkg/apis/registry/install"
	extensionswebhook "github.com/gardener/gardener/extensions/pkg/webhook"
	"github.com/gardener/gardener/pkg/api/core/validation"
	"github.com/gardener/gardener/pkg/apis/core"
	gardencoreinstall "github.com/gardener/gardener/pkg/apis/core/install"
	gardencorev1beta1 "github.com/gardener/gardener/pkg/apis/core/v1beta1"
	apiserverfeatures "github.com/gardener/gardener/pkg/apiserver/features"
	gardenerutils "github.com/gardener/gardener/pkg/utils/gardener"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/validation/field"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

const extensionModule = "github.com/gardener/gardener-extension-registry-cache"

type judgeCase struct {
	ID               string            `json:"id"`
	ExtensionVersion string            `json:"extensionVersion"`
	Shoot            json.RawMessage   `json:"shoot"`
	OldShoot         json.RawMessage   `json:"oldShoot"`
	Secrets          []json.RawMessage `json:"secrets"`
}

type finding struct {
	Type   string `json:"type"`
	Field  string `json:"field"`
	Detail string `json:"detail"`
	// Source names what answered: "shoot" (Gardener's ValidateShoot/ValidateShootUpdate), "registry-cache" or
	// "registry-mirror" (the extension's validators), "decode" (the Shoot did not decode).
	Source string `json:"source"`
}

type verdict struct {
	ID          string    `json:"id"`
	Allowed     bool      `json:"allowed"`
	Errors      []finding `json:"errors"`
	OtherErrors []finding `json:"otherErrors"`
	// JudgeError is set when the case itself could not be judged (bad JSON, a case for another release);
	// such a case has no verdict, and allowed is false.
	JudgeError string `json:"judgeError,omitempty"`
}

// The extension's webhook as its admission binary registers it: the manager's scheme with Kubernetes', Gardener's
// and the extension's own API groups installed, and each validator behind its extensionswebhook handler.
type extensionWebhook struct {
	extensionType string
	validator     extensionswebhook.Validator
	handler       admission.Handler
}

// judgeManager is the part of a controller-runtime manager that the extension's webhook constructors use
// (GetScheme, GetAPIReader, GetClient); any other call would panic and show that the constructors changed.
type judgeManager struct {
	manager.Manager
	scheme *runtime.Scheme
	reader client.Client
}

func (m *judgeManager) GetScheme() *runtime.Scheme  { return m.scheme }
func (m *judgeManager) GetAPIReader() client.Reader { return m.reader }
func (m *judgeManager) GetClient() client.Client    { return m.reader }

func newScheme() *runtime.Scheme {
	scheme := runtime.NewScheme()
	must(clientgoscheme.AddToScheme(scheme))
	gardencoreinstall.Install(scheme)
	registryinstall.Install(scheme)
	mirrorinstall.Install(scheme)
	return scheme
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gardener-judge:", err)
		os.Exit(2)
	}
}

// builtVersion is the extension release this binary was built against, read from its own build information.
func builtVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, dep := range info.Deps {
		if dep.Path == extensionModule {
			return dep.Version
		}
	}
	return ""
}

type judge struct {
	scheme  *runtime.Scheme
	decoder runtime.Decoder
	version string
}

func (j *judge) webhooks(reader client.Client) ([]extensionWebhook, error) {
	mgr := &judgeManager{scheme: j.scheme, reader: reader}
	strict := serializer.NewCodecFactory(j.scheme, serializer.EnableStrict).UniversalDecoder()
	cacheWebhook, err := cache.New(mgr)
	if err != nil {
		return nil, err
	}
	mirrorWebhook, err := mirror.New(mgr)
	if err != nil {
		return nil, err
	}
	return []extensionWebhook{
		{"registry-cache", cache.NewShootValidator(reader, strict), cacheWebhook.Webhook.Handler},
		{"registry-mirror", mirror.NewShootValidator(reader, strict), mirrorWebhook.Webhook.Handler},
	}, nil
}

// secretsClient serves the project namespace's Secrets as the API server stores them: stringData merged into data.
func (j *judge) secretsClient(raw []json.RawMessage) (client.Client, error) {
	objects := make([]client.Object, 0, len(raw))
	for i, r := range raw {
		secret := &corev1.Secret{}
		if err := json.Unmarshal(r, secret); err != nil {
			return nil, fmt.Errorf("secrets[%d]: %w", i, err)
		}
		if len(secret.StringData) > 0 {
			if secret.Data == nil {
				secret.Data = map[string][]byte{}
			}
			for k, v := range secret.StringData {
				secret.Data[k] = []byte(v)
			}
			secret.StringData = nil
		}
		objects = append(objects, secret)
	}
	return fake.NewClientBuilder().WithScheme(j.scheme).WithObjects(objects...).Build(), nil
}

func (j *judge) decodeShoot(raw json.RawMessage) (*core.Shoot, error) {
	shoot := &core.Shoot{}
	if _, _, err := j.decoder.Decode(raw, nil, shoot); err != nil {
		return nil, err
	}
	return shoot, nil
}

// enabledTypes is what Gardener's ExtensionLabels admission plugin computes for the Shoot's labels, which the
// webhooks' object selectors match: the extension types the Shoot enables (an entry with disabled: true does not).
// The registration it is given supports workerless Shoots: that is the landscape's choice, outside the judge.
func (j *judge) enabledTypes(shoot *core.Shoot) (map[string]bool, error) {
	enabled := map[string]bool{}
	if shoot == nil {
		return enabled, nil
	}
	v1beta1Shoot := &gardencorev1beta1.Shoot{}
	if err := j.scheme.Convert(shoot, v1beta1Shoot, nil); err != nil {
		return nil, err
	}
	registrations := &gardencorev1beta1.ControllerRegistrationList{Items: []gardencorev1beta1.ControllerRegistration{{
		ObjectMeta: metav1.ObjectMeta{Name: "extension-registry-cache"},
		Spec: gardencorev1beta1.ControllerRegistrationSpec{Resources: []gardencorev1beta1.ControllerResource{
			{Kind: "Extension", Type: "registry-cache", WorkerlessSupported: ptr.To(true)},
			{Kind: "Extension", Type: "registry-mirror", WorkerlessSupported: ptr.To(true)},
		}},
	}}}
	for t := range gardenerutils.ComputeEnabledTypesForKindExtensionShoot(v1beta1Shoot, registrations) {
		enabled[t] = true
	}
	return enabled, nil
}

func (j *judge) run(c judgeCase) verdict {
	v := verdict{ID: c.ID, Errors: []finding{}, OtherErrors: []finding{}}
	fail := func(format string, args ...any) verdict {
		v.JudgeError = fmt.Sprintf(format, args...)
		return v
	}
	if c.ExtensionVersion != "" && c.ExtensionVersion != j.version {
		return fail("this judge was built for %s, the case is for %s", j.version, c.ExtensionVersion)
	}
	if len(c.Shoot) == 0 || string(c.Shoot) == "null" {
		return fail("the case has no shoot")
	}
	secrets, err := j.secretsClient(c.Secrets)
	if err != nil {
		return fail("%v", err)
	}
	webhooks, err := j.webhooks(secrets)
	if err != nil {
		return fail("building the extension's webhooks: %v", err)
	}

	shoot, err := j.decodeShoot(c.Shoot)
	if err != nil {
		v.Errors = append(v.Errors, finding{Detail: err.Error(), Source: "decode"})
		return v
	}
	var oldShoot *core.Shoot
	hasOld := len(c.OldShoot) > 0 && string(c.OldShoot) != "null"
	if hasOld {
		if oldShoot, err = j.decodeShoot(c.OldShoot); err != nil {
			return fail("oldShoot does not decode: %v", err)
		}
	}

	// Gardener's validation of the Shoot, as the gardener-apiserver's Shoot strategy runs it.
	var shootErrs field.ErrorList
	if oldShoot == nil {
		shootErrs = validation.ValidateShoot(shoot)
	} else {
		shootErrs = validation.ValidateShootUpdate(shoot, oldShoot)
	}
	for _, e := range shootErrs {
		f := finding{Type: string(e.Type), Field: e.Field, Detail: e.ErrorBody(), Source: "shoot"}
		if counts(e.Field) {
			v.Errors = append(v.Errors, f)
		} else {
			v.OtherErrors = append(v.OtherErrors, f)
		}
	}

	// The extension's validating webhooks, each called when its object selector matches the new or the old Shoot.
	enabled, err := j.enabledTypes(shoot)
	if err != nil {
		return fail("%v", err)
	}
	oldEnabled, err := j.enabledTypes(oldShoot)
	if err != nil {
		return fail("%v", err)
	}
	for _, wh := range webhooks {
		if !enabled[wh.extensionType] && !oldEnabled[wh.extensionType] {
			continue
		}
		req := admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
			UID:       "judge",
			Kind:      metav1.GroupVersionKind{Group: "core.gardener.cloud", Version: "v1beta1", Kind: "Shoot"},
			Resource:  metav1.GroupVersionResource{Group: "core.gardener.cloud", Version: "v1beta1", Resource: "shoots"},
			Name:      shoot.Name,
			Namespace: shoot.Namespace,
			Operation: admissionv1.Create,
			Object:    runtime.RawExtension{Raw: c.Shoot},
		}}
		var oldObj client.Object
		if hasOld {
			req.Operation = admissionv1.Update
			req.OldObject = runtime.RawExtension{Raw: c.OldShoot}
			oldObj = oldShoot.DeepCopy()
		}
		resp := wh.handler.Handle(context.Background(), req)
		// The handler answers with one message; the validator it wraps, called on the same objects, gives the fields.
		validateErr := wh.validator.Validate(context.Background(), shoot.DeepCopy(), oldObj)
		if resp.Allowed != (validateErr == nil) {
			return fail("%s: the webhook answered allowed=%v, its validator %v", wh.extensionType, resp.Allowed, validateErr)
		}
		v.Errors = append(v.Errors, flatten(validateErr, wh.extensionType)...)
	}

	v.Allowed = len(v.Errors) == 0
	return v
}

// counts tells whether an error of Gardener's Shoot validation is about the parts this library writes.
func counts(path string) bool {
	for _, prefix := range []string{"spec.extensions", "spec.resources"} {
		if path == prefix || strings.HasPrefix(path, prefix+"[") || strings.HasPrefix(path, prefix+".") {
			return true
		}
	}
	return false
}

// flatten turns a validator's answer into findings: a field list where it gave one, otherwise one rejection
// with the plain message and no field (a decoding failure, a non-containerd worker).
func flatten(err error, source string) []finding {
	if err == nil {
		return nil
	}
	var agg utilerrors.Aggregate
	if errors.As(err, &agg) {
		var out []finding
		for _, e := range agg.Errors() {
			out = append(out, flatten(e, source)...)
		}
		return out
	}
	var fe *field.Error
	if errors.As(err, &fe) {
		return []finding{{Type: string(fe.Type), Field: fe.Field, Detail: fe.ErrorBody(), Source: source}}
	}
	return []finding{{Detail: err.Error(), Source: source}}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println(builtVersion())
		return
	}
	// The gardener-apiserver's feature gates at their defaults, as its main registers them.
	apiserverfeatures.RegisterFeatureGates()
	scheme := newScheme()
	j := &judge{scheme: scheme, decoder: serializer.NewCodecFactory(scheme).UniversalDecoder(), version: builtVersion()}
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var c judgeCase
			var v verdict
			if jerr := json.Unmarshal(line, &c); jerr != nil {
				v = verdict{ID: c.ID, Errors: []finding{}, OtherErrors: []finding{}, JudgeError: "the case is not JSON: " + jerr.Error()}
			} else {
				v = j.run(c)
			}
			must(enc.Encode(v))
			must(out.Flush())
		}
		if err == io.EOF {
			return
		}
		must(err)
	}
}
