/**
 * Annotations that keep a GitOps tool from pruning a credential's Secret when
 * a later commit drops it from the synthesized output.
 *
 * The annotation is on every Secret the credential emits, the current version
 * included: a tool decides about pruning from the object in the cluster, so a
 * version must carry the annotation before the commit that drops it. Such a
 * Secret stays in the cluster until you delete it yourself, which is step 5 of
 * Gardener's rotation ("make sure that the old Secret is no longer referenced
 * by any Shoot cluster, then delete it"). Only metadata is added: nothing ever
 * deletes and recreates an immutable Secret.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#no-prune-resources
 * @see https://fluxcd.io/flux/components/kustomize/kustomizations/#prune
 */
export class GitOpsPruneProtection {
  /** Argo CD: `argocd.argoproj.io/sync-options: Prune=false`. */
  public static readonly ARGO_CD = new GitOpsPruneProtection({ 'argocd.argoproj.io/sync-options': 'Prune=false' });

  /** Flux: `kustomize.toolkit.fluxcd.io/prune: disabled`. */
  public static readonly FLUX = new GitOpsPruneProtection({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });

  /** Both the Argo CD and the Flux annotation, for repositories read by either. */
  public static readonly ARGO_CD_AND_FLUX = new GitOpsPruneProtection({
    'argocd.argoproj.io/sync-options': 'Prune=false',
    'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  });

  private constructor(
    /** The annotations put on the Secrets. */
    public readonly annotations: { [key: string]: string },
  ) {}
}
