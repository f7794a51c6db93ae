/** Routing and handlers for the Bedrock control-plane operations (bedrock-api.md §2–§3). */
import type { CloudWatchOperation, OperationName, ServiceQuotasOperation } from './faults.js';
import type { FoundationModel, InferenceProfile, RegionData } from './model.js';
import { fullModelAccess } from './model.js';
import { notFoundError, paginate, validationError } from './wire.js';

/** The operations routed by method and path (Service Quotas is routed by `X-Amz-Target`). */
export type BedrockOperation = Exclude<OperationName, ServiceQuotasOperation | CloudWatchOperation>;

export interface MatchedOperation {
  operation: BedrockOperation;
  /** The decoded path label (profile or model identifier), when the route has one. */
  label?: string;
}

/** Server-side page caps, applied even when the client asks for more. */
export interface PageSizes {
  /** Default 10, so a real client must follow `nextToken` in busy regions. */
  inferenceProfiles: number;
  provisionedModelThroughputs: number;
  /** Custom model deployments, custom and imported models, prompt routers, Marketplace endpoints. */
  accountTargets: number;
  /** Service Quotas pages (both listings); the client's MaxResults is 1–100. */
  serviceQuotas: number;
}

export const DEFAULT_PAGE_SIZES: Readonly<PageSizes> = Object.freeze({
  inferenceProfiles: 10,
  provisionedModelThroughputs: 10,
  accountTargets: 10,
  serviceQuotas: 50,
});

/** Everything a handler may read about the request and the region it targets. */
export interface OperationContext {
  region: string;
  accountId: string;
  data: RegionData;
  query: URLSearchParams;
  label: string | undefined;
  pageSizes: PageSizes;
}

/**
 * Maps method and raw path to an operation. The label is decoded from exactly one raw segment,
 * because the SDK encodes `/` inside an ARN as `%2F`.
 */
export function matchOperation(method: string, rawPath: string): MatchedOperation | undefined {
  if (method !== 'GET') return undefined;
  const fixed = FIXED_ROUTES[rawPath];
  if (fixed) return { operation: fixed };
  const segments = rawPath.split('/').slice(1);
  const [collection, rawLabel, ...rest] = segments;
  if (rest.length > 0 || rawLabel === '') return undefined;
  const label = rawLabel === undefined ? undefined : decodeLabel(rawLabel);
  switch (collection) {
    case 'inference-profiles':
      return label === undefined
        ? { operation: 'ListInferenceProfiles' }
        : { operation: 'GetInferenceProfile', label };
    case 'foundation-models':
      return label === undefined
        ? { operation: 'ListFoundationModels' }
        : { operation: 'GetFoundationModel', label };
    case 'foundation-model-availability':
      return label === undefined
        ? undefined
        : { operation: 'GetFoundationModelAvailability', label };
    case 'provisioned-model-throughputs':
      return label === undefined ? { operation: 'ListProvisionedModelThroughputs' } : undefined;
    default:
      return undefined;
  }
}

/** Label-less routes, some two segments deep. */
const FIXED_ROUTES: Record<string, BedrockOperation> = {
  '/model-customization/custom-model-deployments': 'ListCustomModelDeployments',
  '/custom-models': 'ListCustomModels',
  '/imported-models': 'ListImportedModels',
  '/prompt-routers': 'ListPromptRouters',
  '/marketplace-model/endpoints': 'ListMarketplaceModelEndpoints',
  '/data-retention': 'GetAccountDataRetention',
};

function decodeLabel(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    // A broken escape still names an operation; the handler reports it as not found.
    return raw;
  }
}

function enumParam(query: URLSearchParams, wireName: string, member: string, allowed: string[]) {
  const value = query.get(wireName);
  if (value !== null && !allowed.includes(value)) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value ?? undefined;
}

function listInferenceProfiles(ctx: OperationContext) {
  // The real service lists only system-defined profiles when `type` is absent.
  const type =
    enumParam(ctx.query, 'type', 'typeEquals', ['SYSTEM_DEFINED', 'APPLICATION']) ??
    'SYSTEM_DEFINED';
  const profiles = ctx.data.inferenceProfiles.filter((p) => p.type === type);
  const { page, nextToken } = paginate(
    profiles,
    ctx.query,
    ctx.pageSizes.inferenceProfiles,
    `ListInferenceProfiles:${type}`,
  );
  return { inferenceProfileSummaries: page, ...(nextToken ? { nextToken } : {}) };
}

function findProfile(ctx: OperationContext, identifier: string): InferenceProfile | undefined {
  return ctx.data.inferenceProfiles.find((p) =>
    identifier.startsWith('arn:')
      ? p.inferenceProfileArn === identifier
      : p.inferenceProfileId === identifier,
  );
}

function getInferenceProfile(ctx: OperationContext): InferenceProfile {
  const identifier = ctx.label ?? '';
  const profile = findProfile(ctx, identifier);
  if (!profile) throw notFoundError(`The specified inference profile ${identifier} doesn't exist.`);
  return profile;
}

function listFoundationModels(ctx: OperationContext) {
  const provider = ctx.query.get('byProvider');
  const customization = enumParam(ctx.query, 'byCustomizationType', 'byCustomizationType', [
    'FINE_TUNING',
    'CONTINUED_PRE_TRAINING',
    'DISTILLATION',
  ]);
  const modality = enumParam(ctx.query, 'byOutputModality', 'byOutputModality', [
    'TEXT',
    'IMAGE',
    'EMBEDDING',
  ]);
  const inferenceType = enumParam(ctx.query, 'byInferenceType', 'byInferenceType', [
    'ON_DEMAND',
    'PROVISIONED',
  ]);
  const modelSummaries = ctx.data.foundationModels.filter(
    (m) =>
      (provider === null || m.providerName?.toLowerCase() === provider.toLowerCase()) &&
      (customization === undefined || m.customizationsSupported?.includes(customization)) &&
      (modality === undefined || m.outputModalities?.includes(modality)) &&
      (inferenceType === undefined || m.inferenceTypesSupported?.includes(inferenceType)),
  );
  return { modelSummaries };
}

function findModel(ctx: OperationContext, identifier: string): FoundationModel | undefined {
  return ctx.data.foundationModels.find((m) =>
    identifier.startsWith('arn:') ? m.modelArn === identifier : m.modelId === identifier,
  );
}

function getFoundationModel(ctx: OperationContext) {
  const identifier = ctx.label ?? '';
  const model = findModel(ctx, identifier);
  if (!model) throw notFoundError(`Could not find model ${identifier}.`);
  return { modelDetails: model };
}

function getFoundationModelAvailability(ctx: OperationContext) {
  const modelId = ctx.label ?? '';
  if (!ctx.data.foundationModels.some((m) => m.modelId === modelId)) {
    throw notFoundError(`Could not find model ${modelId}.`);
  }
  const access = ctx.data.modelAccess[modelId] ?? fullModelAccess();
  return { modelId, ...access };
}

function listProvisionedModelThroughputs(ctx: OperationContext) {
  const { query } = ctx;
  const status = enumParam(query, 'statusEquals', 'statusEquals', [
    'Creating',
    'InService',
    'Updating',
    'Failed',
  ]);
  const sortOrder = enumParam(query, 'sortOrder', 'sortOrder', ['Ascending', 'Descending']);
  enumParam(query, 'sortBy', 'sortBy', ['CreationTime']);
  const nameContains = query.get('nameContains');
  const modelArn = query.get('modelArnEquals');
  const after = timeParam(query, 'creationTimeAfter');
  const before = timeParam(query, 'creationTimeBefore');
  const matching = ctx.data.provisionedModelThroughputs
    .filter(
      (t) =>
        (status === undefined || t.status === status) &&
        (nameContains === null || t.provisionedModelName.includes(nameContains)) &&
        (modelArn === null || t.modelArn === modelArn) &&
        (after === undefined || Date.parse(t.creationTime) > after) &&
        (before === undefined || Date.parse(t.creationTime) < before),
    )
    .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime));
  if (sortOrder === 'Ascending') matching.reverse();
  const scope = filterScope('ListProvisionedModelThroughputs', query);
  const { page, nextToken } = paginate(
    matching,
    query,
    ctx.pageSizes.provisionedModelThroughputs,
    scope,
  );
  return { provisionedModelSummaries: page, ...(nextToken ? { nextToken } : {}) };
}

function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const parsed = Date.parse(raw);
  if (Number.isNaN(parsed))
    throw validationError(`Value '${raw}' at '${name}' is not a valid timestamp.`);
  return parsed;
}

/** The query minus the paging members: what a page token is bound to. */
function filterScope(operation: string, query: URLSearchParams): string {
  return `${operation}:${query.toString().replace(/(^|&)(nextToken|maxResults)=[^&]*/g, '')}`;
}

/** Newest first (the services' default), oldest first for `sortOrder=Ascending`. */
function byCreation<T>(items: T[], query: URLSearchParams, timeOf: (item: T) => string): T[] {
  const sortOrder = enumParam(query, 'sortOrder', 'sortOrder', ['Ascending', 'Descending']);
  enumParam(query, 'sortBy', 'sortBy', ['CreationTime']);
  const sorted = [...items].sort((a, b) => Date.parse(timeOf(b)) - Date.parse(timeOf(a)));
  return sortOrder === 'Ascending' ? sorted.reverse() : sorted;
}

/** Creation-time window filters; the two operations families spell them differently. */
function inWindow(query: URLSearchParams, after: string, before: string) {
  const from = timeParam(query, after);
  const to = timeParam(query, before);
  return (time: string) =>
    (from === undefined || Date.parse(time) > from) && (to === undefined || Date.parse(time) < to);
}

function page<T>(ctx: OperationContext, operation: string, items: T[]) {
  return paginate(
    items,
    ctx.query,
    ctx.pageSizes.accountTargets,
    filterScope(operation, ctx.query),
  );
}

function listCustomModelDeployments(ctx: OperationContext) {
  const { query } = ctx;
  // Mixed case on the wire, unlike what the docs' prose writes (CREATING/ACTIVE/FAILED).
  const status = enumParam(query, 'statusEquals', 'statusEquals', ['Creating', 'Active', 'Failed']);
  const nameContains = query.get('nameContains');
  const modelArn = query.get('modelArnEquals');
  const created = inWindow(query, 'createdAfter', 'createdBefore');
  const matching = (ctx.data.customModelDeployments ?? []).filter(
    (d) =>
      (status === undefined || d.status === status) &&
      (nameContains === null || d.customModelDeploymentName.includes(nameContains)) &&
      (modelArn === null || d.modelArn === modelArn) &&
      created(d.createdAt),
  );
  const sorted = byCreation(matching, query, (d) => d.createdAt);
  const { page: summaries, nextToken } = page(ctx, 'ListCustomModelDeployments', sorted);
  return { modelDeploymentSummaries: summaries, ...(nextToken ? { nextToken } : {}) };
}

function listCustomModels(ctx: OperationContext) {
  const { query } = ctx;
  const status = enumParam(query, 'modelStatus', 'modelStatus', ['Active', 'Creating', 'Failed']);
  const isOwned = enumParam(query, 'isOwned', 'isOwned', ['true', 'false']);
  const nameContains = query.get('nameContains');
  const baseModelArn = query.get('baseModelArnEquals');
  const created = inWindow(query, 'creationTimeAfter', 'creationTimeBefore');
  const owned = (m: { ownerAccountId?: string }) =>
    (m.ownerAccountId ?? ctx.accountId) === ctx.accountId;
  const matching = (ctx.data.customModels ?? []).filter(
    (m) =>
      (status === undefined || m.modelStatus === status) &&
      (isOwned === undefined || owned(m) === (isOwned === 'true')) &&
      (nameContains === null || m.modelName.includes(nameContains)) &&
      (baseModelArn === null || m.baseModelArn === baseModelArn) &&
      created(m.creationTime),
  );
  const sorted = byCreation(matching, query, (m) => m.creationTime);
  const { page: summaries, nextToken } = page(ctx, 'ListCustomModels', sorted);
  // Same list key as ListFoundationModels and ListImportedModels, each with its own shape.
  return { modelSummaries: summaries, ...(nextToken ? { nextToken } : {}) };
}

function listImportedModels(ctx: OperationContext) {
  const { query } = ctx;
  const nameContains = query.get('nameContains');
  const created = inWindow(query, 'creationTimeAfter', 'creationTimeBefore');
  const matching = (ctx.data.importedModels ?? []).filter(
    (m) => (nameContains === null || m.modelName.includes(nameContains)) && created(m.creationTime),
  );
  const sorted = byCreation(matching, query, (m) => m.creationTime);
  const { page: summaries, nextToken } = page(ctx, 'ListImportedModels', sorted);
  return { modelSummaries: summaries, ...(nextToken ? { nextToken } : {}) };
}

function listPromptRouters(ctx: OperationContext) {
  // Lowercase on the wire; `DEFAULT` is a validation error. Absent: both kinds (an assumption).
  const type = enumParam(ctx.query, 'type', 'type', ['custom', 'default']);
  const matching = (ctx.data.promptRouters ?? []).filter(
    (r) => type === undefined || r.type === type,
  );
  const { page: summaries, nextToken } = page(ctx, 'ListPromptRouters', matching);
  return { promptRouterSummaries: summaries, ...(nextToken ? { nextToken } : {}) };
}

function listMarketplaceModelEndpoints(ctx: OperationContext) {
  // The SDK member is `modelSourceEquals`; the wire name is `modelSourceIdentifier`.
  const source = ctx.query.get('modelSourceIdentifier');
  const matching = (ctx.data.marketplaceModelEndpoints ?? []).filter(
    (e) => source === null || e.modelSourceIdentifier === source,
  );
  const { page: summaries, nextToken } = page(ctx, 'ListMarketplaceModelEndpoints', matching);
  return { marketplaceModelEndpoints: summaries, ...(nextToken ? { nextToken } : {}) };
}

function getAccountDataRetention(ctx: OperationContext) {
  return ctx.data.dataRetention ?? { mode: 'inherit' };
}

export const HANDLERS: Record<BedrockOperation, (ctx: OperationContext) => unknown> = {
  ListInferenceProfiles: listInferenceProfiles,
  GetInferenceProfile: getInferenceProfile,
  ListFoundationModels: listFoundationModels,
  GetFoundationModel: getFoundationModel,
  GetFoundationModelAvailability: getFoundationModelAvailability,
  ListProvisionedModelThroughputs: listProvisionedModelThroughputs,
  ListCustomModelDeployments: listCustomModelDeployments,
  ListCustomModels: listCustomModels,
  ListImportedModels: listImportedModels,
  ListPromptRouters: listPromptRouters,
  ListMarketplaceModelEndpoints: listMarketplaceModelEndpoints,
  GetAccountDataRetention: getAccountDataRetention,
};
