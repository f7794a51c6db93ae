/** Mutable emulator state: the data set, armed faults and request counters. */
import * as z from 'zod';
import { foundationModelArn, profileArn } from './arn.js';
import { FaultBook } from './faults.js';
import type {
  EmulatorData,
  FoundationModel,
  InferenceProfile,
  InferenceProfileModel,
  ModelAccess,
  RegionData,
} from './model.js';
import { fullModelAccess } from './model.js';

/** A profile to add at run time; unset fields get the defaults a real profile would have. */
export interface NewInferenceProfile {
  inferenceProfileId: string;
  models: InferenceProfileModel[];
  /** `SYSTEM_DEFINED` (default) or `APPLICATION`; decides the ARN form. */
  type?: string;
  inferenceProfileName?: string;
  description?: string;
  createdAt?: string;
  updatedAt?: string;
  /** Derived from region, account, type and ID when omitted. */
  inferenceProfileArn?: string;
  status?: string;
}

/** A model to add at run time; the ARN is derived from the region when omitted. */
export type NewFoundationModel = Omit<FoundationModel, 'modelArn'> & { modelArn?: string };

/** Request counters for benchmarks and for asserting how often a client called. */
export interface EmulatorStats {
  totalRequests: number;
  /** Region → operation → requests. Requests without a usable signature count under `-`. */
  requests: Record<string, Record<string, number>>;
  /** Region → requests answered by an injected fault (error, hang or malformed body). */
  faultsInjected: Record<string, number>;
}

const timestamp = z.iso.datetime({ offset: true });
const stringList = z.array(z.string());

export const newProfileSchema: z.ZodType<NewInferenceProfile> = z.object({
  inferenceProfileId: z.string().min(1),
  models: z.array(z.object({ modelArn: z.string().min(1) })).min(1),
  type: z.string().optional(),
  inferenceProfileName: z.string().optional(),
  description: z.string().optional(),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
  inferenceProfileArn: z.string().optional(),
  status: z.string().optional(),
});

export const newModelSchema: z.ZodType<NewFoundationModel> = z.object({
  modelId: z.string().min(1),
  modelArn: z.string().optional(),
  modelName: z.string().optional(),
  providerName: z.string().optional(),
  inputModalities: stringList.optional(),
  outputModalities: stringList.optional(),
  responseStreamingSupported: z.boolean().optional(),
  customizationsSupported: stringList.optional(),
  inferenceTypesSupported: stringList.optional(),
  modelLifecycle: z
    .object({
      status: z.string(),
      startOfLifeTime: timestamp.optional(),
      endOfLifeTime: timestamp.optional(),
      legacyTime: timestamp.optional(),
      publicExtendedAccessTime: timestamp.optional(),
    })
    .optional(),
});

export const modelAccessSchema: z.ZodType<Partial<ModelAccess>> = z.strictObject({
  agreementAvailability: z
    .object({ status: z.string(), errorMessage: z.string().optional() })
    .optional(),
  authorizationStatus: z.string().optional(),
  entitlementAvailability: z.string().optional(),
  regionAvailability: z.string().optional(),
});

/** Thrown for run-time changes that name a region outside the data set. */
export class UnknownRegionError extends Error {
  constructor(readonly region: string) {
    super(`region ${region} is not in the emulator's data set`);
    this.name = 'UnknownRegionError';
  }
}

export class EmulatorState {
  readonly faults = new FaultBook();
  readonly #data: EmulatorData;
  #stats: EmulatorStats = emptyStats();

  /** Copies `data`, so the caller's object never changes under it and can seed many emulators. */
  constructor(data: EmulatorData) {
    this.#data = structuredClone(data);
  }

  get accountId(): string {
    return this.#data.accountId;
  }

  regions(): string[] {
    return Object.keys(this.#data.regions);
  }

  region(code: string): RegionData | undefined {
    return Object.hasOwn(this.#data.regions, code) ? this.#data.regions[code] : undefined;
  }

  /** A deep copy of the current data, including run-time changes. */
  snapshot(): EmulatorData {
    return structuredClone(this.#data);
  }

  /** Adds a profile, or replaces the one with the same ID in place (keeping its list position). */
  addProfile(region: string, input: NewInferenceProfile): InferenceProfile {
    const data = this.#require(region);
    const type = input.type ?? 'SYSTEM_DEFINED';
    const now = new Date().toISOString();
    const profile: InferenceProfile = {
      inferenceProfileName: input.inferenceProfileName ?? input.inferenceProfileId,
      ...(input.description === undefined ? {} : { description: input.description }),
      createdAt: input.createdAt ?? now,
      updatedAt: input.updatedAt ?? input.createdAt ?? now,
      inferenceProfileArn:
        input.inferenceProfileArn ??
        profileArn(region, this.#data.accountId, input.inferenceProfileId, type),
      models: structuredClone(input.models),
      inferenceProfileId: input.inferenceProfileId,
      status: input.status ?? 'ACTIVE',
      type,
    };
    const index = data.inferenceProfiles.findIndex(
      (p) => p.inferenceProfileId === profile.inferenceProfileId,
    );
    if (index >= 0) data.inferenceProfiles[index] = profile;
    else data.inferenceProfiles.push(profile);
    return structuredClone(profile);
  }

  /** @returns whether a profile was removed. */
  removeProfile(region: string, profileId: string): boolean {
    const data = this.#require(region);
    const before = data.inferenceProfiles.length;
    data.inferenceProfiles = data.inferenceProfiles.filter(
      (p) => p.inferenceProfileId !== profileId && p.inferenceProfileArn !== profileId,
    );
    return data.inferenceProfiles.length < before;
  }

  /** Adds a model to the region's listing, or replaces the one with the same ID in place. */
  addModel(region: string, input: NewFoundationModel): FoundationModel {
    const data = this.#require(region);
    const { modelArn, ...rest } = input;
    const model: FoundationModel = {
      modelArn: modelArn ?? foundationModelArn(region, input.modelId),
      ...structuredClone(rest),
    };
    const index = data.foundationModels.findIndex((m) => m.modelId === model.modelId);
    if (index >= 0) data.foundationModels[index] = model;
    else data.foundationModels.push(model);
    return structuredClone(model);
  }

  /** @returns whether a model was removed. */
  removeModel(region: string, modelId: string): boolean {
    const data = this.#require(region);
    const before = data.foundationModels.length;
    data.foundationModels = data.foundationModels.filter((m) => m.modelId !== modelId);
    return data.foundationModels.length < before;
  }

  /** Merges `access` over the model's current state (full access by default). */
  setModelAccess(region: string, modelId: string, access: Partial<ModelAccess>): ModelAccess {
    const data = this.#require(region);
    const merged = {
      ...(data.modelAccess[modelId] ?? fullModelAccess()),
      ...structuredClone(access),
    };
    data.modelAccess[modelId] = merged;
    return structuredClone(merged);
  }

  countRequest(region: string, operation: string): void {
    this.#stats.totalRequests += 1;
    const byOperation = this.#stats.requests[region] ?? {};
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
    this.#stats.requests[region] = byOperation;
  }

  countFault(region: string): void {
    this.#stats.faultsInjected[region] = (this.#stats.faultsInjected[region] ?? 0) + 1;
  }

  stats(): EmulatorStats {
    return structuredClone(this.#stats);
  }

  resetStats(): void {
    this.#stats = emptyStats();
  }

  #require(region: string): RegionData {
    const data = this.region(region);
    if (!data) throw new UnknownRegionError(region);
    return data;
  }
}

function emptyStats(): EmulatorStats {
  return { totalRequests: 0, requests: {}, faultsInjected: {} };
}
