import type { MetricSeries } from './cloudwatch.js';

/**
 * The emulator's data model. Shapes mirror the Bedrock wire JSON one to one, so a value can be
 * served without translation and a recorded response can be pasted in as data.
 *
 * Enum-like members are plain `string`s on purpose: the real service returns values the API model
 * does not list (`INFERENCE_PROFILE`, `VIDEO`), and tests must be able to serve odd values too.
 */

/** An RFC 3339 date-time such as `2024-11-04T17:49:37.317Z`; the SDK rejects anything else. */
export type Rfc3339 = string;

/** One destination of an inference profile; the only member the API defines. */
export interface InferenceProfileModel {
  modelArn: string;
}

/** `InferenceProfileSummary` on the wire; GetInferenceProfile returns the same members. */
export interface InferenceProfile {
  inferenceProfileName: string;
  description?: string;
  createdAt?: Rfc3339;
  updatedAt?: Rfc3339;
  inferenceProfileArn: string;
  models: InferenceProfileModel[];
  inferenceProfileId: string;
  /** Only `ACTIVE` exists today. */
  status: string;
  /** `SYSTEM_DEFINED` or `APPLICATION`. */
  type: string;
}

export interface FoundationModelLifecycle {
  /** `ACTIVE` or `LEGACY`. */
  status: string;
  startOfLifeTime?: Rfc3339;
  endOfLifeTime?: Rfc3339;
  legacyTime?: Rfc3339;
  publicExtendedAccessTime?: Rfc3339;
}

/** `FoundationModelSummary`; GetFoundationModel wraps the same members in `modelDetails`. */
export interface FoundationModel {
  modelArn: string;
  modelId: string;
  modelName?: string;
  providerName?: string;
  inputModalities?: string[];
  outputModalities?: string[];
  responseStreamingSupported?: boolean;
  customizationsSupported?: string[];
  /** `ON_DEMAND`, `PROVISIONED`, `INFERENCE_PROFILE`, or empty for context-length variants. */
  inferenceTypesSupported?: string[];
  modelLifecycle?: FoundationModelLifecycle;
}

/** `ProvisionedModelSummary`. Status values are mixed case on the wire (`InService`). */
export interface ProvisionedModelThroughput {
  provisionedModelName: string;
  provisionedModelArn: string;
  modelArn: string;
  desiredModelArn: string;
  foundationModelArn: string;
  modelUnits: number;
  desiredModelUnits: number;
  status: string;
  commitmentDuration?: string;
  commitmentExpirationTime?: Rfc3339;
  creationTime: Rfc3339;
  lastModifiedTime: Rfc3339;
}

/** The account-level "may I call it" answer of GetFoundationModelAvailability (minus `modelId`). */
export interface ModelAccess {
  agreementAvailability: { status: string; errorMessage?: string };
  authorizationStatus: string;
  entitlementAvailability: string;
  regionAvailability: string;
}

/**
 * `CustomModelDeploymentSummary` (ListCustomModelDeployments). Mixed-case statuses on the wire
 * (`Creating`/`Active`/`Failed`), and the name key is `customModelDeploymentName` here while
 * GetCustomModelDeployment calls it `modelDeploymentName`.
 */
export interface CustomModelDeployment {
  customModelDeploymentArn: string;
  customModelDeploymentName: string;
  /** The custom model it serves. */
  modelArn: string;
  createdAt: Rfc3339;
  status: string;
  lastUpdatedAt?: Rfc3339;
  failureMessage?: string;
}

/** `CustomModelSummary` (ListCustomModels), answered under `modelSummaries`. */
export interface CustomModel {
  modelArn: string;
  modelName: string;
  creationTime: Rfc3339;
  baseModelArn: string;
  baseModelName: string;
  customizationType?: string;
  ownerAccountId?: string;
  /** `Active`, `Creating`, `Failed`. */
  modelStatus?: string;
}

/** `ImportedModelSummary` (ListImportedModels), also under `modelSummaries`, another shape. */
export interface ImportedModel {
  modelArn: string;
  modelName: string;
  creationTime: Rfc3339;
  instructSupported?: boolean;
  modelArchitecture?: string;
}

/** `PromptRouterSummary` (ListPromptRouters). `type` is lowercase (`default`/`custom`). */
export interface PromptRouter {
  promptRouterName: string;
  routingCriteria: { responseQualityDifference: number };
  description?: string;
  createdAt?: Rfc3339;
  updatedAt?: Rfc3339;
  promptRouterArn: string;
  /** Foundation-model or inference-profile ARNs. */
  models: { modelArn: string }[];
  fallbackModel: { modelArn: string };
  /** Only `AVAILABLE` exists today. */
  status: string;
  type: string;
}

/** `MarketplaceModelEndpointSummary` (ListMarketplaceModelEndpoints). */
export interface MarketplaceModelEndpoint {
  /** `arn:aws:sagemaker:<region>:<account>:endpoint/<name>`. */
  endpointArn: string;
  modelSourceIdentifier: string;
  /** `REGISTERED` or `INCOMPATIBLE_ENDPOINT`. */
  status?: string;
  statusMessage?: string;
  createdAt: Rfc3339;
  updatedAt: Rfc3339;
}

/** GetAccountDataRetention: `default`, `none`, `provider_data_share`, `inherit`, `aws_review`. */
export interface AccountDataRetention {
  mode: string;
  updatedAt?: Rfc3339;
}

/** Everything one region answers. Arrays keep insertion order, which is the listing order. */
export interface RegionData {
  /** System-defined and application profiles whose source region is this region. */
  inferenceProfiles: InferenceProfile[];
  /** What ListFoundationModels returns in this region. */
  foundationModels: FoundationModel[];
  provisionedModelThroughputs: ProvisionedModelThroughput[];
  /** Overrides by model ID; a model without an entry is fully available. */
  modelAccess: Record<string, ModelAccess>;
  /** Service Quotas (service code `bedrock`) as ListAWSDefaultServiceQuotas serves them. */
  serviceQuotas?: ServiceQuota[];
  /**
   * Account values by quota code. ListServiceQuotas serves only these (with `Value` replaced and
   * the account in `QuotaArn`): the real one leaves out quotas that were never changed.
   */
  appliedQuotaValues?: Record<string, number>;
  /** Account-owned targets; absent lists nothing. */
  customModelDeployments?: CustomModelDeployment[];
  customModels?: CustomModel[];
  importedModels?: ImportedModel[];
  /** AWS's default routers and the account's custom ones. */
  promptRouters?: PromptRouter[];
  marketplaceModelEndpoints?: MarketplaceModelEndpoint[];
  /** Absent: the region was never set, GetAccountDataRetention answers `inherit`. */
  dataRetention?: AccountDataRetention;
  /** CloudWatch series (raw samples) that ListMetrics and GetMetricData serve; see cloudwatch.ts. */
  metrics?: MetricSeries[];
}

/** `ServiceQuota` on the Service Quotas wire (JSON 1.1, PascalCase members). */
export interface ServiceQuota {
  ServiceCode: string;
  ServiceName: string;
  /** Defaults carry no account: `arn:aws:servicequotas:<region>::bedrock/<code>`. */
  QuotaArn: string;
  /** Opaque `L-XXXXXXXX`, the same in every region. */
  QuotaCode: string;
  QuotaName: string;
  Value: number;
  /** Usually the string `None`. */
  Unit: string;
  Adjustable: boolean;
  GlobalQuota: boolean;
  Period?: { PeriodValue: number; PeriodUnit: string };
  Description?: string;
}

/** A whole emulated account: one account ID and the regions where Bedrock is enabled. */
export interface EmulatorData {
  /** 12 digits; appears in every profile and provisioned-model ARN. */
  accountId: string;
  /** Keyed by region code. A region absent here answers like a region that is not enabled. */
  regions: Record<string, RegionData>;
}

/** The access state a model has until someone overrides it. */
export function fullModelAccess(): ModelAccess {
  return {
    agreementAvailability: { status: 'AVAILABLE' },
    authorizationStatus: 'AUTHORIZED',
    entitlementAvailability: 'AVAILABLE',
    regionAvailability: 'AVAILABLE',
  };
}

export function emptyRegion(): RegionData {
  return {
    inferenceProfiles: [],
    foundationModels: [],
    provisionedModelThroughputs: [],
    modelAccess: {},
  };
}
