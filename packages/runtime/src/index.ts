export type {
  InvokeTargetView,
  SnapshotView,
  TargetRank,
  TargetScope,
} from '@bedrock-profile-catalog/query-api';
export { INVOKE_ACTIONS, iamResourcesFor } from './iam.js';
export { isBareModelId, isFailoverError, type ResolveOptions, resolveTargets } from './resolve.js';
export {
  type CatalogRouting,
  type CatalogRoutingOptions,
  type RoutedClient,
  type RoutedOperation,
  type RouteEvent,
  withCatalogRouting,
} from './routing.js';
export type { LoadedSnapshot, SnapshotSource, WarningLogger } from './sources.js';
