import type {
  CustomModelDeploymentSummary,
  CustomModelSummary,
  FoundationModelSummary,
  ImportedModelSummary,
  InferenceProfileSummary,
  MarketplaceModelEndpointSummary,
  PromptRouterSummary,
  ProvisionedModelSummary,
} from '@aws-sdk/client-bedrock';
import {
  ModelContent,
  ProfileContent,
  RegionCode,
  TargetContent,
  ThroughputContent,
} from '@bedrock-profile-catalog/catalog';
import { modelIdFromArn, parseArn, parseModelArn } from './arn.js';

/**
 * Pure mapping from the SDK's Bedrock shapes to the catalog's content records. Bedrock responses
 * are third-party input: the SDK enforces neither required members nor enum values, so every
 * member is checked here and an item that cannot be mapped is dropped with a reason instead of
 * failing the scan. Enum-like values stay open strings (`INFERENCE_PROFILE`, `VIDEO`, …).
 */

export type ItemKind = 'profile' | 'model' | 'throughput' | TargetContent['kind'];

export interface DroppedItem {
  kind: ItemKind;
  /** The item's ID or ARN when it had a readable one. */
  id: string | null;
  reason: string;
}

export type Normalised<T> =
  | { ok: true; value: T }
  | { ok: false; id: string | null; reason: string };

export interface NormalisedListing<T> {
  items: T[];
  dropped: DroppedItem[];
}

class Unusable extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function requiredString(item: Record<string, unknown>, key: string, allowEmpty = false): string {
  const v = item[key];
  if (typeof v !== 'string' || (!allowEmpty && v === '')) throw new Unusable(`${key} missing`);
  return v;
}

function optionalString(item: Record<string, unknown>, key: string): string | null {
  const v = item[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new Unusable(`${key} is not a string`);
  return v;
}

function stringList(item: Record<string, unknown>, key: string): string[] {
  const v = item[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    throw new Unusable(`${key} is not a list of strings`);
  }
  return [...v];
}

/** The SDK turns RFC 3339 strings into Dates; anything else here is not a usable time. */
function isoTime(item: Record<string, unknown>, key: string): string | null {
  const v = item[key];
  if (v === undefined || v === null) return null;
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw new Unusable(`${key} is not a date`);
  return v.toISOString();
}

function sourceRegion(region: string): string {
  if (!RegionCode.safeParse(region).success) throw new Unusable(`invalid source region ${region}`);
  return region;
}

function idOf(item: unknown, key: string): string | null {
  if (!isRecord(item)) return null;
  const v = item[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

function attempt<T>(
  item: unknown,
  idKey: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: Error } },
  build: (item: Record<string, unknown>) => T,
): Normalised<T> {
  const id = idOf(item, idKey);
  try {
    if (!isRecord(item)) throw new Unusable('not an object');
    // Validate against the catalog's own schema, so nothing the writer would reject gets through.
    const parsed = schema.safeParse(build(item));
    if (!parsed.success) return { ok: false, id, reason: `schema: ${parsed.error.message}` };
    return { ok: true, value: parsed.data };
  } catch (e) {
    return { ok: false, id, reason: e instanceof Error ? e.message : String(e) };
  }
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function normaliseProfile(
  summary: InferenceProfileSummary,
  region: string,
): Normalised<ProfileContent> {
  return attempt(summary, 'inferenceProfileId', ProfileContent, (p) => {
    const source = sourceRegion(region);
    const profileId = requiredString(p, 'inferenceProfileId');
    const type = requiredString(p, 'type');
    const models = p.models;
    if (!Array.isArray(models) || models.length === 0) throw new Unusable('models missing');

    const modelArns: string[] = [];
    const modelIds: string[] = [];
    const regions: string[] = [];
    let regionless = false;
    for (const m of models) {
      const arn = isRecord(m) ? m.modelArn : undefined;
      const parsed = typeof arn === 'string' ? parseModelArn(arn) : undefined;
      // One unreadable destination makes routing unknowable: drop the profile, don't guess.
      if (typeof arn !== 'string' || !parsed)
        throw new Unusable(`unreadable model ARN ${String(arn)}`);
      modelArns.push(arn);
      modelIds.push(parsed.resourceId);
      if (parsed.region === '') regionless = true;
      else regions.push(parsed.region);
    }
    const ids = distinct(modelIds);
    const modelId = ids[0] as string;
    const destinationRegions = distinct(regions).sort();

    const routing = regionless
      ? 'global'
      : destinationRegions.length === 1 && destinationRegions[0] === source
        ? 'in-region'
        : 'geo';

    let scope: ProfileContent['scope'];
    let geoPrefix: string | null = null;
    if (type === 'APPLICATION') {
      scope = 'application';
    } else if (regionless) {
      scope = 'global';
      geoPrefix = 'global';
    } else {
      scope = 'geo';
      // A prefix counts only when the ID is exactly `<prefix>.<the model it routes to>`.
      const dot = profileId.indexOf('.');
      if (dot > 0 && profileId.slice(dot + 1) === modelId) geoPrefix = profileId.slice(0, dot);
    }

    return {
      profileId,
      profileArn: requiredString(p, 'inferenceProfileArn'),
      name: requiredString(p, 'inferenceProfileName', true),
      description: optionalString(p, 'description'),
      type,
      status: requiredString(p, 'status'),
      region: source,
      modelId,
      modelIds: ids,
      modelArns,
      destinationRegions,
      scope,
      geoPrefix,
      routing,
      createdAt: isoTime(p, 'createdAt'),
      updatedAt: isoTime(p, 'updatedAt'),
    } satisfies ProfileContent;
  });
}

export function normaliseModel(
  summary: FoundationModelSummary,
  region: string,
): Normalised<ModelContent> {
  return attempt(summary, 'modelId', ModelContent, (m) => {
    const modelArn = requiredString(m, 'modelArn');
    const modelId = optionalString(m, 'modelId') || parseModelArn(modelArn)?.resourceId;
    if (!modelId) throw new Unusable('modelId missing and not derivable from modelArn');
    const streaming = m.responseStreamingSupported;
    if (streaming !== undefined && streaming !== null && typeof streaming !== 'boolean') {
      throw new Unusable('responseStreamingSupported is not a boolean');
    }
    const lc = m.modelLifecycle;
    if (lc !== undefined && lc !== null && !isRecord(lc)) throw new Unusable('bad modelLifecycle');
    const lifecycle =
      isRecord(lc) && typeof lc.status === 'string'
        ? {
            status: lc.status,
            startOfLifeTime: isoTime(lc, 'startOfLifeTime'),
            endOfLifeTime: isoTime(lc, 'endOfLifeTime'),
            legacyTime: isoTime(lc, 'legacyTime'),
            publicExtendedAccessTime: isoTime(lc, 'publicExtendedAccessTime'),
          }
        : null;
    return {
      modelId,
      modelArn,
      region: sourceRegion(region),
      name: optionalString(m, 'modelName'),
      provider: optionalString(m, 'providerName'),
      inputModalities: stringList(m, 'inputModalities'),
      outputModalities: stringList(m, 'outputModalities'),
      responseStreamingSupported: streaming ?? null,
      customizationsSupported: stringList(m, 'customizationsSupported'),
      // Empty for context-length variants; kept empty rather than guessed.
      inferenceTypes: stringList(m, 'inferenceTypesSupported'),
      lifecycle,
      // Per-account access is filled in elsewhere (GetFoundationModelAvailability).
      access: null,
    } satisfies ModelContent;
  });
}

function optionalCount(item: Record<string, unknown>, key: string): number | null {
  const v = item[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Unusable(`bad ${key}`);
  return v;
}

export function normaliseThroughput(
  summary: ProvisionedModelSummary,
  region: string,
): Normalised<ThroughputContent> {
  return attempt(summary, 'provisionedModelArn', ThroughputContent, (t) => {
    const modelArn = requiredString(t, 'modelArn');
    const foundationModelArn = optionalString(t, 'foundationModelArn');
    const own = parseModelArn(modelArn);
    // A custom model is identified by its own ARN; otherwise by the base model it serves.
    const modelId =
      own?.resourceType === 'custom-model'
        ? own.resourceId
        : ((foundationModelArn && parseModelArn(foundationModelArn)?.resourceId) ??
          own?.resourceId);
    if (!modelId) throw new Unusable('no model ID derivable from modelArn/foundationModelArn');
    const modelUnits = optionalCount(t, 'modelUnits');
    if (modelUnits === null) throw new Unusable('modelUnits missing');
    return {
      name: requiredString(t, 'provisionedModelName', true),
      arn: requiredString(t, 'provisionedModelArn'),
      region: sourceRegion(region),
      modelArn,
      modelId,
      foundationModelArn,
      modelUnits,
      desiredModelUnits: optionalCount(t, 'desiredModelUnits'),
      status: requiredString(t, 'status'),
      commitmentDuration: optionalString(t, 'commitmentDuration'),
      commitmentExpirationTime: isoTime(t, 'commitmentExpirationTime'),
      creationTime: isoTime(t, 'creationTime'),
      lastModifiedTime: isoTime(t, 'lastModifiedTime'),
    } satisfies ThroughputContent;
  });
}

function optionalBoolean(item: Record<string, unknown>, key: string): boolean | null {
  const v = item[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') throw new Unusable(`${key} is not a boolean`);
  return v;
}

/** `{modelArn}` of a router's model or fallback; null when absent. */
function modelArnOf(value: unknown, key: string): string | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw new Unusable(`${key} is not an object`);
  return requiredString(value, 'modelArn');
}

/**
 * A custom model deployment, linked to its custom model (and through it to the base model) when
 * ListCustomModels listed it; a shared or deleted custom model leaves the links null.
 */
export function normaliseDeployment(
  summary: CustomModelDeploymentSummary,
  region: string,
  customModels: ReadonlyMap<string, CustomModelSummary>,
): Normalised<TargetContent> {
  return attempt(summary, 'customModelDeploymentArn', TargetContent, (d) => {
    const customModelArn = requiredString(d, 'modelArn');
    const custom = customModels.get(customModelArn);
    const baseModelArn = custom?.baseModelArn ?? null;
    return {
      kind: 'custom-model-deployment',
      arn: requiredString(d, 'customModelDeploymentArn'),
      region: sourceRegion(region),
      // ListCustomModelDeployments' key; GetCustomModelDeployment calls it modelDeploymentName.
      name: requiredString(d, 'customModelDeploymentName', true),
      // `Creating`/`Active`/`Failed`, mixed case as sent.
      status: requiredString(d, 'status'),
      modelKey: customModelArn,
      createdAt: isoTime(d, 'createdAt'),
      updatedAt: isoTime(d, 'lastUpdatedAt'),
      customModelArn,
      customModelName: custom?.modelName ?? null,
      baseModelArn,
      baseModelId: baseModelArn ? (modelIdFromArn(baseModelArn) ?? null) : null,
      failureMessage: optionalString(d, 'failureMessage'),
    } satisfies TargetContent;
  });
}

export function normaliseImportedModel(
  summary: ImportedModelSummary,
  region: string,
): Normalised<TargetContent> {
  return attempt(summary, 'modelArn', TargetContent, (m) => {
    const arn = requiredString(m, 'modelArn');
    return {
      kind: 'imported-model',
      arn,
      region: sourceRegion(region),
      name: requiredString(m, 'modelName', true),
      status: null,
      modelKey: arn,
      createdAt: isoTime(m, 'creationTime'),
      updatedAt: null,
      modelArchitecture: optionalString(m, 'modelArchitecture'),
      instructSupported: optionalBoolean(m, 'instructSupported'),
    } satisfies TargetContent;
  });
}

export function normalisePromptRouter(
  summary: PromptRouterSummary,
  region: string,
): Normalised<TargetContent> {
  return attempt(summary, 'promptRouterArn', TargetContent, (r) => {
    const arn = requiredString(r, 'promptRouterArn');
    const models = r.models;
    if (!Array.isArray(models) || models.length === 0) throw new Unusable('models missing');
    const criteria = r.routingCriteria;
    if (criteria !== undefined && criteria !== null && !isRecord(criteria)) {
      throw new Unusable('routingCriteria is not an object');
    }
    const difference = isRecord(criteria) ? criteria.responseQualityDifference : undefined;
    if (difference !== undefined && difference !== null && typeof difference !== 'number') {
      throw new Unusable('responseQualityDifference is not a number');
    }
    return {
      kind: 'prompt-router',
      arn,
      region: sourceRegion(region),
      name: requiredString(r, 'promptRouterName', true),
      status: requiredString(r, 'status'),
      modelKey: arn,
      createdAt: isoTime(r, 'createdAt'),
      updatedAt: isoTime(r, 'updatedAt'),
      // `default` or `custom`, lowercase as sent.
      routerType: requiredString(r, 'type'),
      description: optionalString(r, 'description'),
      modelArns: models.map((m) => {
        const modelArn = modelArnOf(m, 'models[]');
        if (modelArn === null) throw new Unusable('models[] entry missing');
        return modelArn;
      }),
      fallbackModelArn: modelArnOf(r.fallbackModel, 'fallbackModel'),
      responseQualityDifference: difference ?? null,
    } satisfies TargetContent;
  });
}

export function normaliseMarketplaceEndpoint(
  summary: MarketplaceModelEndpointSummary,
  region: string,
): Normalised<TargetContent> {
  return attempt(summary, 'endpointArn', TargetContent, (e) => {
    const arn = requiredString(e, 'endpointArn');
    const modelSourceIdentifier = requiredString(e, 'modelSourceIdentifier');
    return {
      kind: 'marketplace-endpoint',
      arn,
      region: sourceRegion(region),
      // `arn:aws:sagemaker:R:ACCT:endpoint/NAME`: the listing carries no name of its own.
      name: parseArn(arn)?.resourceId ?? arn,
      status: optionalString(e, 'status'),
      modelKey: modelSourceIdentifier,
      createdAt: isoTime(e, 'createdAt'),
      updatedAt: isoTime(e, 'updatedAt'),
      modelSourceIdentifier,
      statusMessage: optionalString(e, 'statusMessage'),
    } satisfies TargetContent;
  });
}

function normaliseList<S, T>(
  kind: ItemKind,
  summaries: readonly S[],
  region: string,
  one: (s: S, region: string) => Normalised<T>,
  key: (t: T) => string,
): NormalisedListing<T> {
  const items: T[] = [];
  const dropped: DroppedItem[] = [];
  const seen = new Set<string>();
  for (const summary of summaries) {
    const result = one(summary, region);
    if (!result.ok) {
      dropped.push({ kind, id: result.id, reason: result.reason });
      continue;
    }
    const k = key(result.value);
    // One key twice would make the writer's BatchWrite fail as a whole; keep the first.
    if (seen.has(k)) {
      dropped.push({ kind, id: k, reason: 'duplicate in listing' });
      continue;
    }
    seen.add(k);
    items.push(result.value);
  }
  return { items, dropped };
}

export const normaliseProfiles = (s: readonly InferenceProfileSummary[], region: string) =>
  normaliseList('profile', s, region, normaliseProfile, (p) => p.profileId);

export const normaliseModels = (s: readonly FoundationModelSummary[], region: string) =>
  normaliseList('model', s, region, normaliseModel, (m) => m.modelId);

export const normaliseThroughputs = (s: readonly ProvisionedModelSummary[], region: string) =>
  normaliseList('throughput', s, region, normaliseThroughput, (t) => t.arn);

/** Deployments, linked through the region's custom models (by custom model ARN). */
export function normaliseDeployments(
  s: readonly CustomModelDeploymentSummary[],
  region: string,
  customModels: readonly CustomModelSummary[],
) {
  const byArn = new Map(
    customModels.flatMap((m) => (m.modelArn ? [[m.modelArn, m] as const] : [])),
  );
  return normaliseList(
    'custom-model-deployment',
    s,
    region,
    (d, r) => normaliseDeployment(d, r, byArn),
    (t) => t.arn,
  );
}

export const normaliseImportedModels = (s: readonly ImportedModelSummary[], region: string) =>
  normaliseList('imported-model', s, region, normaliseImportedModel, (t) => t.arn);

export const normalisePromptRouters = (s: readonly PromptRouterSummary[], region: string) =>
  normaliseList('prompt-router', s, region, normalisePromptRouter, (t) => t.arn);

export const normaliseMarketplaceEndpoints = (
  s: readonly MarketplaceModelEndpointSummary[],
  region: string,
) => normaliseList('marketplace-endpoint', s, region, normaliseMarketplaceEndpoint, (t) => t.arn);
