/** The names of the ways (see ways.ts). */
export type WayName = 'library' | 'libraryUpstreamsProp' | 'control' | 'controlProps' | 'baseline' | 'floor' | 'baselineProps';

/**
 * The module that defines each way, relative to bench/, exporting it under
 * its name: a process that renders one way loads only that module (the plain
 * ways never load the library). A file of its own, importing nothing, so that
 * child.ts can read it without loading any way.
 */
export const WAY_MODULES: Record<WayName, string> = {
  library: './library-ways',
  libraryUpstreamsProp: './library-ways',
  control: './plain',
  controlProps: './plain',
  baseline: './plain',
  baselineProps: './plain',
  floor: './floor',
};
