/**
 * What a mirror host is trusted to do: the `capabilities` of a host in
 * containerd's registry configuration (`hosts.toml`).
 *
 * @see https://github.com/containerd/containerd/blob/v2.2.0/docs/hosts.md#capabilities-field
 */
export enum MirrorCapability {
  /** Fetch content (blobs and manifests) by digest: `pull`. */
  PULL = 'pull',
  /** Resolve a tag to a digest, i.e. trust the mirror for what a tag means: `resolve`. */
  RESOLVE = 'resolve',
}
