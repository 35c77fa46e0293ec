import { WARNING_PREFIX } from '../src/_warnings';

/**
 * `npm test` stays quiet. Many tests attach a credential without
 * acknowledging the unauthenticated cache, so the library prints its warning
 * at synth; a test that is not about that warning must not print it. Tests
 * that are about a warning capture it (`captureConsole` in
 * credential-helpers.ts, or a `jest.spyOn(console, 'warn')`) and assert it:
 * a spy replaces this filter while it is installed.
 *
 * Only the library's own warnings are dropped; any other console output still
 * shows, so a stray print is not hidden.
 */
const print = console.warn.bind(console);
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && args[0].startsWith(WARNING_PREFIX)) {
    return;
  }
  print(...args);
};
