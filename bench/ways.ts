/**
 * The ways to render the same landscape, each returning the YAML (see
 * bench/README.md):
 *
 * 1. `library` (`addUpstream`) and `libraryUpstreamsProp` (library-ways.ts);
 *    `control`, the library's construct tree made of empty constructs and
 *    ApiObjects holding the final documents (plain.ts);
 * 2. `baseline`, plain ApiObjects written by hand, and `baselineProps`
 *    (plain.ts);
 * 3. `floor`, the `yaml` package alone (floor.ts).
 *
 * All but `baselineProps` write byte-identical YAML.
 */
import { floor } from './floor';
import { Layout } from './layout';
import { library, libraryUpstreamsProp } from './library-ways';
import { baseline, baselineProps, control } from './plain';
import { Landscape } from './scenario';

export { assertIdentical, assertSameManifests } from './compare';
export { CDK8S_YAML_OPTIONS, floor } from './floor';
export { LAYOUTS } from './layout';
export type { Layout } from './layout';
export { library, libraryUpstreamsProp } from './library-ways';
export { baseline, baselineProps, control, extensionEntry, resourceEntries, secretManifest } from './plain';

export type WayName = 'library' | 'libraryUpstreamsProp' | 'control' | 'baseline' | 'floor' | 'baselineProps';
export type Way = (landscape: Landscape, layout: Layout) => string;

export const WAYS: Record<WayName, Way> = { library, libraryUpstreamsProp, control, baseline, floor, baselineProps };

/** The ways that write byte-identical YAML. */
export const IDENTICAL_WAYS: readonly WayName[] = ['library', 'libraryUpstreamsProp', 'control', 'baseline', 'floor'];

/**
 * The module that defines a way, relative to bench/: a process that renders
 * one way loads only that module (the plain ways never load the library).
 */
export const WAY_MODULES: Record<WayName, string> = {
  library: './library-ways',
  libraryUpstreamsProp: './library-ways',
  control: './plain',
  baseline: './plain',
  baselineProps: './plain',
  floor: './floor',
};
