import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import { refQuantityBytes } from './_reference';
import { checkVolumeSize } from '../../src/_rules/quantity';

describe('checkVolumeSize', () => {
  test.each([
    [Size.gibibytes(10), '10Gi'],
    [Size.mebibytes(500), '500Mi'],
    [Size.kibibytes(1), '1Ki'],
    [Size.tebibytes(1.5), '1.5Ti'],
    [Size.pebibyte(2), '2Pi'],
  ])('accepts %j as %j', (size, quantity) => {
    expect(checkVolumeSize(size, 'volume.size')).toEqual({ errors: [], quantity });
  });

  test.each([
    [Size.gibibytes(0), '"0Gi"', /must be greater than 0/],
    [Size.mebibytes(0.0), '"0Mi"', /must be greater than 0/],
    [Size.gibibytes(NaN), '"NaNGi"', /is not a valid Kubernetes quantity/],
    [Size.gibibytes(Infinity), '"InfinityGi"', /is not a valid Kubernetes quantity/],
    [Size.gibibytes(1e21), '"1e+21Gi"', /is not a valid Kubernetes quantity/],
    [Size.gibibytes(1e-7), '"1e-7Gi"', /is not a valid Kubernetes quantity/],
    [Size.gibibytes('ten' as unknown as number), '"tenGi"', /is not a valid Kubernetes quantity/],
  ])('rejects %j', (size, value, detail) => {
    const r = checkVolumeSize(size, 'volume.size');
    expect(r.quantity).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: 'volume.size', value });
    expect(r.errors[0].detail).toMatch(detail);
    expect(r.errors[0].fix).toMatch(/Size\.gibibytes\(10\)/);
  });

  test.each([
    ['10Gi'], [10], [null], [{ asString: 5 }], [{ asString: () => { throw new Error('boom'); } }], [Object.create(null)],
  ])('rejects %j that is no Size with "must be a cdk8s Size"', value => {
    const r = checkVolumeSize(value, 'volume.size');
    expect(r.errors.map(e => e.detail)).toEqual(['must be a cdk8s Size']);
  });

  test('emits a positive Kubernetes quantity for every size it accepts', () => {
    const amount = fc.oneof(fc.double({ min: 0, noNaN: false }), fc.integer({ min: 0, max: 1e6 }), fc.constant(NaN));
    const unit = fc.constantFrom(Size.kibibytes, Size.mebibytes, Size.gibibytes, Size.tebibytes, Size.pebibyte);
    fc.assert(fc.property(amount, unit, (a, make) => {
      const r = checkVolumeSize(make(a), 'volume.size');
      if (r.quantity !== undefined) {
        expect(r.errors).toEqual([]);
        expect(refQuantityBytes(r.quantity)).toBeGreaterThan(0);
      } else {
        expect(r.errors).toHaveLength(1);
      }
    }), { numRuns: 300 });
  });
});
