export {
  customModelArn,
  customModelDeploymentArn,
  defaultPromptRouterArn,
  importedModelArn,
  MARKETPLACE_MODEL_SOURCE,
  marketplaceEndpointArn,
  promptRouterArn,
} from './account-data.js';
export {
  applicationProfileArn,
  foundationModelArn,
  globalFoundationModelArn,
  provisionedModelArn,
  systemProfileArn,
} from './arn.js';
export type { MetricSeries } from './cloudwatch.js';
export { MAX_METRIC_DATA_QUERIES } from './cloudwatch.js';
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGIONS,
  defaultEmulatorData,
  findInconsistencies,
} from './default-data.js';
export type { RecordedEvent } from './event-bus.js';
export type {
  AccessDeniedFault,
  FailOnNextPageFault,
  Fault,
  HangFault,
  LatencyFault,
  MalformedFault,
  NotEnabledFault,
  OperationName,
  ServerErrorFault,
  ThrottleFault,
} from './faults.js';
export {
  CLOUDWATCH_OPERATIONS,
  faultSchema,
  OPERATIONS,
  SERVICE_QUOTAS_OPERATIONS,
} from './faults.js';
export type {
  AccountDataRetention,
  CustomModel,
  CustomModelDeployment,
  EmulatorData,
  FoundationModel,
  FoundationModelLifecycle,
  ImportedModel,
  InferenceProfile,
  InferenceProfileModel,
  MarketplaceModelEndpoint,
  ModelAccess,
  PromptRouter,
  ProvisionedModelThroughput,
  RegionData,
  Rfc3339,
  ServiceQuota,
} from './model.js';
export { emptyRegion, fullModelAccess } from './model.js';
export type { PageSizes } from './operations.js';
export { DEFAULT_PAGE_SIZES } from './operations.js';
export { EmulatedPriceList, PRICE_LIST_PREFIX } from './price-list.js';
export type { SliceOffer, SliceRow } from './price-list-data.js';
export { PRICE_LIST_SLICE } from './price-list-data.js';
export {
  BEDROCK_COMMERCIAL_REGIONS,
  BEDROCK_EUSC_REGIONS,
  BEDROCK_GOVCLOUD_REGIONS,
  BEDROCK_REGIONS,
} from './regions.js';
export { seededRandom, withApplicationProfiles, withClonedRegions } from './scale.js';
export type { EmulatorOptions, RunningEmulator } from './server.js';
export { startEmulator } from './server.js';
export type { EmulatorStats, NewFoundationModel, NewInferenceProfile } from './state.js';
export { BEDROCK_NAMESPACE, bedrockSeries, MODEL_ID_DIMENSION } from './usage-data.js';
