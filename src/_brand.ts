/**
 * Type brands, as cdk8s' own `ApiObject.isApiObject` and `Chart.isChart`:
 * a `Symbol.for` key on the class's prototype, so that a construct made by one copy
 * of the library is recognised by another copy in the same app (two
 * dependencies that each bring their own copy), where `instanceof` fails.
 * Each branded class has a static `isXxx(x)` built on `hasBrand`.
 */
export function brandSymbol(type: string): symbol {
  return Symbol.for(`cdk8s-gardener-registry-cache.${type}`);
}

/**
 * Marks every instance of `cls` (its subclasses' too) with `brands`: on the
 * prototype, so that making an instance costs nothing and every instance
 * keeps one hidden class. Not enumerable: never in output or `JSON.stringify`.
 */
export function brandClass(cls: { readonly prototype: object }, ...brands: symbol[]): void {
  for (const brand of brands) {
    Object.defineProperty(cls.prototype, brand, { value: true });
  }
}

/** Marks one `instance` with `brand` (not enumerable), e.g. a credential that acknowledged a pitfall. */
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
