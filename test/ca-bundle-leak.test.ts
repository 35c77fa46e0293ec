import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { RegistryMirror, RegistryMirrorCaBundle, UpdateSafetyCheck } from '../src';
import { shootProps } from './_synth';
import { captureConsole } from './credential-helpers';
import { CA_V1, pemBlock } from './fixtures/pem';
import { checkCaBundleSecret } from '../src/_rules/ca-bundle';

/**
 * A CA bundle is public data, but the library never prints it: whatever a
 * user pastes into one by mistake (a private key, a token) stays out of every
 * error, warning, construct path and printed construct. Every CA bundle error
 * path is triggered here with canary bundles, and everything the user can see
 * is searched.
 */
const CANARY = 'CANARYpem4c1d2e';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const FORBIDDEN = [CANARY, b64(CANARY), b64(`x${CANARY}`).slice(4, -4), b64(`xy${CANARY}`).slice(4, -4), b64(CANARY.slice(0, 9))];

/** Canary bundles, each wrong in another way. */
const BAD = [
  pemBlock('CERTIFICATE', CANARY), // not X.509
  pemBlock(CANARY, CANARY), // a label outside the known types
  `${CANARY}\n`, // no PEM block
  CA_V1 + pemBlock('PRIVATE KEY', CANARY), // a private key after a good certificate
  pemBlock('CERTIFICATE', CANARY).replace(/-----END CERTIFICATE-----\n$/, ''), // no END line
];
/** A bundle that is valid and still holds the canary (text outside the blocks). */
const VALID_WITH_CANARY = `# ${CANARY}\n${CA_V1}`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-leak-'));

function expectNoCanary(text: string, where: string): void {
  for (const f of FORBIDDEN) {
    if (text.includes(f)) {
      throw new Error(`${where} contains a canary form ${JSON.stringify(f)}:\n${text}`);
    }
  }
}

function app(version = 1, deployedBefore?: string): App {
  const a = deployedBefore === undefined ? new App({ outdir: path.join(tmp, 'dist') }) : Testing.app();
  const chart = new Chart(a, 'garden', { namespace: 'garden-dev' });
  const shoot = new ApiObject(chart, 'shoot', shootProps());
  const mirror = new RegistryMirror(chart, 'mirror', { shoot });
  const good = new RegistryMirrorCaBundle(chart, 'good', { name: 'good', version, pem: version === 1 ? VALID_WITH_CANARY : `${VALID_WITH_CANARY}\n` });
  mirror.addMirror('good', { upstream: 'good.io', hosts: [{ host: 'https://m.io', caBundle: good }] });
  if (deployedBefore !== undefined) {
    new UpdateSafetyCheck(a, 'update-safety', { previousManifests: deployedBefore });
    BAD.forEach((pem, i) => {
      const caBundle = new RegistryMirrorCaBundle(chart, `bad-${i}`, { name: `bad-${i}`, version: 2, pem, previousVersions: [{ version: 1, pem }] });
      mirror.addMirror(`bad-${i}`, { upstream: `bad-${i}.io`, hosts: [{ host: 'https://m.io', caBundle }] });
    });
    // Same name, other certificates; other namespace; a resource name claimed twice.
    new RegistryMirrorCaBundle(chart, 'twin', { name: 'good', version, pem: `${CANARY}` });
    const elsewhere = new RegistryMirrorCaBundle(chart, 'elsewhere', { name: 'elsewhere', version: 1, namespace: 'garden-other', pem: VALID_WITH_CANARY, resourceName: 'good' });
    mirror.addMirror('elsewhere', { upstream: 'elsewhere.io', hosts: [{ host: 'https://m.io', caBundle: elsewhere }] });
  }
  return a;
}

describe('no CA bundle content leaks', () => {
  test('the canary is really in the output (the test can see it)', () => {
    expect(app().synthYaml()).toContain(b64(VALID_WITH_CANARY));
  });

  test('errors and warnings of a failing synth', () => {
    const first = app(1);
    first.synth();
    const next = app(1, first.outdir);
    const { error, output } = captureConsole(() => next.synthYaml());
    const message = error!.message;
    for (const pattern of [
      /does not parse as an X\.509 certificate/, /is a block of another type, not a CERTIFICATE/, /contains no PEM block/,
      /PEM block 2 of 2 is a PRIVATE KEY/, /is malformed/, /is also emitted by garden\/good\/Secret with different values/,
      /the CA bundle's Secret is in namespace "garden-other"/, /two CA bundles use this resource name/,
    ]) {
      expect(message).toMatch(pattern);
    }
    expectNoCanary(message, 'the synth error');
    expectNoCanary(output.join('\n'), 'the console output');
  });

  test('the update safety check names the key only', () => {
    const first = app(1);
    first.synth();
    const changed = Testing.app();
    const chart = new Chart(changed, 'garden', { namespace: 'garden-dev' });
    const mirror = new RegistryMirror(chart, 'mirror', { shoot: new ApiObject(chart, 'shoot', shootProps()) });
    const caBundle = new RegistryMirrorCaBundle(chart, 'good', { name: 'good', version: 1, pem: `${VALID_WITH_CANARY}\n` });
    mirror.addMirror('good', { upstream: 'good.io', hosts: [{ host: 'https://m.io', caBundle }] });
    new UpdateSafetyCheck(changed, 'update-safety', { previousManifests: first.outdir });
    const { error } = captureConsole(() => changed.synthYaml());
    expect(error!.message).toMatch(/keys changed: "bundle\.crt"/);
    expectNoCanary(error!.message, 'the update safety error');
  });

  test('the check of a Secret manifest', () => {
    for (const pem of BAD) {
      const errors = checkCaBundleSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'y' }, data: { 'bundle.crt': b64(pem) } });
      expect(errors.length).toBeGreaterThan(0);
      expectNoCanary(JSON.stringify(errors), 'the errors of checkCaBundleSecret');
    }
  });

  test('construct paths and printed constructs', () => {
    const first = app(1);
    first.synth();
    const next = app(1, first.outdir);
    captureConsole(() => next.synthYaml());
    expectNoCanary(next.node.findAll().map(c => c.node.path).join('\n'), 'construct paths');
    for (const c of next.node.findAll().filter(x => x instanceof RegistryMirrorCaBundle || x instanceof RegistryMirror)) {
      expectNoCanary(inspect(c, { depth: 3 }), `util.inspect of ${c.node.path}`);
    }
  });

  test('the output: only Secret data holds the bundle', () => {
    const objects = parseAllDocuments(app().synthYaml()).map(d => d.toJSON());
    for (const o of objects) {
      expectNoCanary(JSON.stringify({ ...o, data: undefined }), `${o.kind} ${o.metadata.name} outside its data`);
    }
  });
});
