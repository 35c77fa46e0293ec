import * as fc from 'fast-check';
import { refResourceName } from './_reference';
import { computedResourceName, serviceName } from '../../src/_rules/service-name';

describe('computedResourceName', () => {
  // The worked examples of reference §2.4 (the extension's registry_test.go).
  test.each([
    ['my-registry.io', 'registry-my-registry-io'],
    ['my-registry.io:5000', 'registry-my-registry-io-5000'],
    ['my-very-long-registry.very-long-subdomain.io', 'registry-my-very-long-registry-very-long-subdo-2fae3'],
    ['myproj-releases.common.repositories.cloud.com', 'registry-myproj-releases-common-repositories-c-3f834'],
  ])('%j gives %j', (upstream, name) => {
    expect(computedResourceName(upstream)).toBe(name);
  });

  test.each([
    // 43 characters: still no hash.
    ['a'.repeat(39) + '.com', `registry-${'a'.repeat(39)}-com`],
    // 44 characters: cut to 37 plus '-' and 5 hex digits.
    ['a'.repeat(40) + '.com', /^registry-a{37}-[0-9a-f]{5}$/],
    ['docker.io', 'registry-docker-io'],
    ['docker.io:443', 'registry-docker-io-443'],
  ])('%j gives %j (the 43-character boundary)', (upstream, name) => {
    expect(computedResourceName(upstream)).toMatch(name);
  });

  test('a name is at most 52 characters (the StatefulSet limit) and agrees with the reference computation', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,80}[a-z0-9])?(:[1-9][0-9]{0,4})?$/), upstream => {
      const name = computedResourceName(upstream);
      expect(name.length).toBeLessThanOrEqual(52);
      expect(name).toBe(refResourceName(upstream));
    }), { numRuns: 300 });
  });

  test('a.b and a-b, my-registry.io:5000 and my-registry.io-5000 clash', () => {
    expect(computedResourceName('a.b')).toBe(computedResourceName('a-b'));
    expect(computedResourceName('my-registry.io:5000')).toBe(computedResourceName('my-registry.io-5000'));
  });
});

describe('serviceName', () => {
  test.each([
    ['docker.io', undefined, 'registry-docker-io'],
    ['docker.io', 'docker', 'registry-docker'],
    ['my-very-long-registry.very-long-subdomain.io', 'short', 'registry-short'],
  ])('%j with suffix %j is %j', (upstream, suffix, name) => {
    expect(serviceName(upstream, suffix)).toBe(name);
  });
});
