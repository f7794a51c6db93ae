export {
  type AccessCheckFailure,
  type AccessCheckOptions,
  type AccessCheckStats,
  type CheckModelAccessInput,
  type CheckModelAccessResult,
  checkModelAccess,
  DEFAULT_ACCESS_CHECK_CONCURRENCY,
  DEFAULT_ACCESS_CHECK_MAX_AGE_MS,
  modelAccessOf,
  needsAccessCheck,
} from './access.js';
export { modelIdFromArn, type ParsedArn, parseArn, parseModelArn } from './arn.js';
export {
  ChangePublishError,
  type ChangePublisher,
  eventBridgeChangePublisher,
  loggingChangePublisher,
  PUT_EVENTS_BATCH_SIZE,
} from './change-publisher.js';
export {
  type ClassifiedError,
  classifyListingError,
  classifyScanError,
  DeadlineExceededError,
  RegionScanError,
} from './classify.js';
export {
  type BedrockClientFactory,
  type BedrockClientFactoryOptions,
  createBedrockClientFactory,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_SOCKETS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  endpointFor,
  SCANNER_SERVICES,
  type ScannerServiceId,
  serviceEndpointVariable,
} from './client.js';
export { type AttemptTiming, latencySamplesOf } from './latency.js';
export {
  type DroppedItem,
  type ItemKind,
  type Normalised,
  type NormalisedListing,
  normaliseDeployments,
  normaliseImportedModels,
  normaliseMarketplaceEndpoints,
  normaliseModel,
  normaliseModels,
  normaliseProfile,
  normaliseProfiles,
  normalisePromptRouters,
  normaliseThroughput,
  normaliseThroughputs,
} from './normalise.js';
export {
  AWS_PRICE_LIST_URL,
  type OfferCounts,
  type OfferRefresh,
  PriceListConfigError,
  priceListBaseUrl,
} from './price-list.js';
export {
  type CatalogPriceRefresh,
  catalogModelDirectory,
  type OfferOutcome,
  offerOutcomeLine,
  type PriceRefreshResult,
  refreshCatalogPrices,
  runPriceRefresh,
} from './price-list-refresh.js';
export {
  costOf,
  PROBE_PROMPT,
  type ProbeBudget,
  type ProbeOutcome,
  type ProbeResult,
  type ProbeRunDeps,
  type ProbeRunTarget,
  type ProbeTarget,
  type ProbeTier,
  probe,
  probeReservationUsd,
  runProbes,
} from './probe.js';
export {
  createProbeRuntimeClient,
  createProber,
  type ProbeCycleSummary,
  type ProbePlan,
  type Prober,
  type ProberDeps,
  type ResolvedInvokeTarget,
  runProbeCycle,
} from './prober.js';
export { createQuotaMatcher, type MatchableModel, type QuotaMatch } from './quota-match.js';
export {
  mergeQuotas,
  type QuotaRefreshResult,
  type QuotaStore,
  refreshQuotas,
} from './quota-refresh.js';
export {
  BEDROCK_REGIONS_PARAMETER_PATH,
  type RegionSource,
  type RegionsConfig,
  type ResolveRegionsDeps,
  regionListRegionFor,
  resolveRegions,
  type SsmRegionSourceOptions,
  ssmRegionSource,
} from './regions.js';
export {
  type QuotaScanStats,
  type RunScanOptions,
  runScan,
  ScanAlreadyRecordedError,
  type ScanCatalogWriter,
  type ScanLogger,
  type ScanSummary,
} from './run-scan.js';
export { SCAN_METRICS } from './scan-metrics.js';
export {
  type CoreListing,
  DEFAULT_PAGE_SIZE,
  DEFAULT_REGION_DEADLINE_MS,
  emptyPageCounts,
  type Listing,
  type RegionScanFailure,
  type RegionScanResult,
  type RegionScanSuccess,
  type ScanRegionDeps,
  scanRegion,
} from './scan-region.js';
export {
  createScanner,
  DEFAULT_SCAN_MAX_RUN_MS,
  type ScanMetrics,
  ScanNotRunError,
  type Scanner,
  type ScannerDeps,
  type ScanOutcome,
  type ScanRequest,
  summaryOf,
} from './scanner.js';
export {
  attributeMetricModelId,
  BEDROCK_METRICS_NAMESPACE,
  MAX_QUERIES_PER_REQUEST,
  type ParsedMetricModelId,
  parseMetricModelId,
  planUsageQueries,
  readCloudWatchUsage,
  USAGE_WINDOWS,
  type UsageRead,
} from './usage.js';
export {
  type CloudWatchClientFactory,
  createCloudWatchClientFactory,
  refreshUsage,
  type UsageRefreshResult,
  type UsageScanOptions,
  type UsageScanStats,
  type UsageStore,
  usageStatsOf,
} from './usage-refresh.js';
