import * as fc from 'fast-check';

/**
 * Property tests explore new inputs on every local run, but CI runs a fixed
 * seed, so that a landing never depends on luck. A failure prints its seed
 * and path: replay it with FC_SEED=<seed> npx jest <file>.
 */
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261128 : undefined;
if (seed !== undefined) {
  fc.configureGlobal({ seed });
}

// Property tests run hundreds of syntheses: on a loaded 2-core machine one can
// take several seconds. This is a hang guard, not a speed target (those live
// in the benchmark).
jest.setTimeout(30_000);
