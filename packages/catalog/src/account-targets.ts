import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { RegionCode } from './records.js';

/**
 * Targets the account owns in a region, beyond provisioned throughputs (ThroughputRecord): custom
 * model deployments, imported models, prompt routers and Marketplace endpoints. Each is a valid
 * runtime `modelId`. Keys: see keys.ts (`TARGET#<arn>` / `REGION#<region>`); `modelKey` is what
 * GSI1 files the target under, so `invoke-targets` for that ID finds it in its one Query.
 *
 * Statuses are open strings, as Bedrock sends them (mixed case: `Creating`/`Active`/`Failed` for
 * deployments, `AVAILABLE` for routers, `REGISTERED`/`INCOMPATIBLE_ENDPOINT` for endpoints).
 */

const IsoTime = /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true }));

export const AccountTargetKind = /* @__PURE__ */ lazySchema(() =>
  z.enum(['custom-model-deployment', 'imported-model', 'prompt-router', 'marketplace-endpoint']),
);
export type AccountTargetKind = z.infer<typeof AccountTargetKind>;

/** The fields every kind has (a function: each record builds its own, when it is first used). */
const accountTargetBase = () => ({
  recordType: z.literal('target'),
  /** The ARN to pass as the runtime `modelId`. */
  arn: z.string().check(z.minLength(1)),
  region: RegionCode,
  name: z.string(),
  /** Null for kinds Bedrock lists without a status (imported models). */
  status: z.nullable(z.string()),
  /**
   * The ID this target answers for: the custom model's ARN (deployments), the target's own ARN
   * (imported models, prompt routers), the model source identifier (Marketplace endpoints).
   */
  modelKey: z.string().check(z.minLength(1)),
  createdAt: z.nullable(IsoTime),
  updatedAt: z.nullable(IsoTime),
  firstSeenAt: IsoTime,
  lastSeenAt: IsoTime,
});

/** ListCustomModelDeployments, linked to its custom model through ListCustomModels. */
export const DeploymentTargetRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    ...accountTargetBase(),
    kind: z.literal('custom-model-deployment'),
    customModelArn: z.string().check(z.minLength(1)),
    /** From ListCustomModels; null when the custom model is not listed (e.g. shared, or deleted). */
    customModelName: z.nullable(z.string()),
    baseModelArn: z.nullable(z.string()),
    baseModelId: z.nullable(z.string()),
    failureMessage: z.nullable(z.string()),
  }),
);

/** ListImportedModels (Custom Model Import). */
export const ImportedModelTargetRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    ...accountTargetBase(),
    kind: z.literal('imported-model'),
    modelArchitecture: z.nullable(z.string()),
    instructSupported: z.nullable(z.boolean()),
  }),
);

/** ListPromptRouters, `default` (AWS's) and `custom` alike. */
export const PromptRouterTargetRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    ...accountTargetBase(),
    kind: z.literal('prompt-router'),
    /** `default` or `custom`, lowercase as on the wire (open string). */
    routerType: z.string(),
    description: z.nullable(z.string()),
    /** The ARNs it routes between: foundation models or inference profiles. */
    modelArns: z.array(z.string()),
    fallbackModelArn: z.nullable(z.string()),
    responseQualityDifference: z.nullable(z.number()),
  }),
);

/** ListMarketplaceModelEndpoints. */
export const MarketplaceEndpointTargetRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    ...accountTargetBase(),
    kind: z.literal('marketplace-endpoint'),
    modelSourceIdentifier: z.string().check(z.minLength(1)),
    statusMessage: z.nullable(z.string()),
  }),
);

export const AccountTargetRecord = /* @__PURE__ */ lazySchema(() =>
  z.discriminatedUnion('kind', [
    DeploymentTargetRecord,
    ImportedModelTargetRecord,
    PromptRouterTargetRecord,
    MarketplaceEndpointTargetRecord,
  ]),
);
export type AccountTargetRecord = z.infer<typeof AccountTargetRecord>;
export type DeploymentTargetRecord = z.infer<typeof DeploymentTargetRecord>;
export type ImportedModelTargetRecord = z.infer<typeof ImportedModelTargetRecord>;
export type PromptRouterTargetRecord = z.infer<typeof PromptRouterTargetRecord>;
export type MarketplaceEndpointTargetRecord = z.infer<typeof MarketplaceEndpointTargetRecord>;
