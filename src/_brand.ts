/**
 * Type brands, as cdk8s' own `ApiObject.isApiObject` and `Chart.isChart`:
 * a `Symbol.for` key on the instance, so that a construct made by one copy
 * of the library is recognised by another copy in the same app (two
 * dependencies that each bring their own copy), where `instanceof` fails.
 * Each branded class has a static `isXxx(x)` built on `hasBrand`.
 */
export function brandSymbol(type: string): symbol {
  return Symbol.for(`cdk8s-gardener-registry-cache.${type}`);
}

/** Marks `instance` with `brand` (not enumerable: it never shows in output or `JSON.stringify`). */
export function addBrand(instance: object, brand: symbol): void {
  Object.defineProperty(instance, brand, { value: true });
}

/** Whether `x` carries `brand`; false (never an exception) for any other value, Proxies included. */
export function hasBrand(x: unknown, brand: symbol): boolean {
  if ((typeof x !== 'object' && typeof x !== 'function') || x === null) {
    return false;
  }
  try {
    return brand in x;
  } catch {
    return false;
  }
}
