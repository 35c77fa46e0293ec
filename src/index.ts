export * from './credential-value';
export * from './registry-cache-credential';
export * from './gitops-prune-protection';
export * from './registry-cache';
export * from './cached-upstream';
export * from './update-safety-check';
export * from './image-pull-secret';
export * from './registry-cache-validation';
