/**
 * The ways to render the same landscape, each returning the YAML (see
 * bench/README.md):
 *
 * 1. `library` (`addUpstream`) and `libraryUpstreamsProp` (library-ways.ts);
 *    `control`, the library's construct tree made of empty constructs and
 *    ApiObjects holding the final documents, and `controlProps`, the same for
 *    the `upstreams` prop (plain.ts);
 * 2. `baseline`, plain ApiObjects written by hand, and `baselineProps`
 *    (plain.ts);
 * 3. `floor`, the `yaml` package alone (floor.ts).
 *
 * All but `baselineProps` write byte-identical YAML.
 */
import { floor } from './floor';
import { Layout } from './layout';
import { library, libraryUpstreamsProp } from './library-ways';
import { baseline, baselineProps, control, controlProps } from './plain';
import { Landscape } from './scenario';
import type { WayName } from './way-modules';

export { assertIdentical, assertSameManifests } from './compare';
export { CDK8S_YAML_OPTIONS, floor } from './floor';
export { LAYOUTS } from './layout';
export type { Layout } from './layout';
export { library, libraryUpstreamsProp } from './library-ways';
export { baseline, baselineProps, control, controlProps, extensionEntry, resourceEntries, secretManifest } from './plain';

export type { WayName } from './way-modules';
export { WAY_MODULES } from './way-modules';
export type Way = (landscape: Landscape, layout: Layout) => string;

export const WAYS: Record<WayName, Way> = { library, libraryUpstreamsProp, control, controlProps, baseline, floor, baselineProps };

/** The ways that write byte-identical YAML. */
export const IDENTICAL_WAYS: readonly WayName[] = ['library', 'libraryUpstreamsProp', 'control', 'controlProps', 'baseline', 'floor'];
