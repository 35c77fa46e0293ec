import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import { refQuantityBytes } from './_reference';
import { VOLUME_SIZE_ACCEPTED, VOLUME_SIZE_REJECTED } from './_tables';
import { checkVolumeSize, quantityOf } from '../../src/_rules/quantity';

describe('quantityOf (a cdk8s Size as Gardener data)', () => {
  test.each([
    [Size.gibibytes(10), '10Gi'],
    [Size.mebibytes(500), '500Mi'],
    [Size.kibibytes(1), '1Ki'],
    [Size.tebibytes(1.5), '1.5Ti'],
    [Size.pebibyte(2), '2Pi'],
    [Size.gibibytes(NaN), 'NaNGi'],
  ])('writes %j as %j', (size, quantity) => {
    expect(quantityOf(size, 'volume.size')).toEqual({ errors: [], quantity });
  });

  test.each([
    ['10Gi'], [10], [null], [{ asString: 5 }], [{ asString: () => { throw new Error('boom'); } }], [Object.create(null)],
  ])('fails when %j is no Size, with "must be a cdk8s Size"', value => {
    const r = quantityOf(value, 'volume.size');
    expect(r.quantity).toBeUndefined();
    expect(r.errors.map(e => [e.path, e.detail])).toEqual([['volume.size', 'must be a cdk8s Size']]);
    expect(r.errors[0].fix).toMatch(/Size\.gibibytes\(10\)/);
  });
});

describe('checkVolumeSize (Gardener data)', () => {
  test.each(VOLUME_SIZE_ACCEPTED)('accepts %j', size => {
    expect(checkVolumeSize(size, 'volume.size')).toEqual([]);
  });

  test.each(VOLUME_SIZE_REJECTED)('fails when the size is %j', (size, value, detail) => {
    const errors = checkVolumeSize(size, 'volume.size');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'volume.size', value });
    expect(errors[0].detail).toMatch(detail);
    expect(errors[0].fix).toMatch(/"50Gi".*Size\.gibibytes\(50\)/);
  });

  test('every Size it accepts is a positive Kubernetes quantity', () => {
    const amount = fc.oneof(fc.double({ min: 0, noNaN: false }), fc.integer({ min: 0, max: 1e6 }), fc.constant(NaN));
    const unit = fc.constantFrom(Size.kibibytes, Size.mebibytes, Size.gibibytes, Size.tebibytes, Size.pebibyte);
    fc.assert(fc.property(amount, unit, (a, make) => {
      const q = quantityOf(make(a), 'volume.size').quantity!;
      if (checkVolumeSize(q, 'volume.size').length === 0) {
        expect(refQuantityBytes(q)).toBeGreaterThan(0);
      } else {
        expect(refQuantityBytes(q) ?? 0).toBe(0);
      }
    }), { numRuns: 300 });
  });
});
