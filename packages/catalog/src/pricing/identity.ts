/**
 * Which Bedrock model a price row is for, never by similarity. An ID in the row wins; otherwise
 * the row's display name must equal exactly one `ListFoundationModels` modelName of that region
 * after `normaliseModelName` on both sides; otherwise one entry of the alias file. Anything else
 * is unmatched with the reason, so a new "Claude Opus 4.7" row can never take 4.6's ID.
 */
import { MODEL_NAME_ALIASES } from './model-aliases.js';

/** The `ListFoundationModels` fields the join reads, per region. */
export interface ListedModel {
  readonly modelId: string;
  /** Optional in the API; a model without one can only be found by an ID in the row. */
  readonly modelName?: string | undefined;
  readonly inferenceTypesSupported?: readonly string[] | undefined;
}

/** Region → its `ListFoundationModels` summaries, as the scanner stored them. */
export type ModelDirectory = ReadonlyMap<string, readonly ListedModel[]>;

/** What the row itself says about its model, before any join. */
export type ModelReference =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'name'; readonly name: string };

export type ModelIdentity =
  | { readonly matched: true; readonly modelKey: string; readonly by: 'rowId' | 'name' | 'alias' }
  | { readonly matched: false; readonly reason: UnmatchedReason; readonly candidates: string[] };

export type UnmatchedReason = 'regionNotListed' | 'noModelWithName' | 'severalModelsWithName';

/**
 * The one normalisation, applied to both sides: case, hyphens/underscores as spaces,
 * parentheses dropped (`Pixtral Large (25.02)`), a bare `.0` version part dropped
 * (`Nova 2.0 Lite` = `Nova 2 Lite`), runs of spaces collapsed. Version numbers otherwise stay:
 * `4.6` and `4.7` never meet.
 */
export function normaliseModelName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[()[\]]/g, ' ')
    .replace(/[-_]/g, ' ')
    .replace(/\b(\d+)\.0\b/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Provisioned-only variants (`…:0:28k`) share the base model's name but bill as model units. */
function tokenBilled(model: ListedModel): boolean {
  const types = model.inferenceTypesSupported;
  if (!types) return true;
  return types.includes('ON_DEMAND') || types.includes('INFERENCE_PROFILE');
}

export function identifyModel(
  reference: ModelReference,
  region: string,
  directory: ModelDirectory,
): ModelIdentity {
  if (reference.kind === 'id') return { matched: true, modelKey: reference.id, by: 'rowId' };
  const listed = directory.get(region);
  if (!listed) return { matched: false, reason: 'regionNotListed', candidates: [] };
  const wanted = normaliseModelName(reference.name);
  const candidates = [
    ...new Set(
      listed
        .filter(
          (model) =>
            model.modelName !== undefined &&
            tokenBilled(model) &&
            normaliseModelName(model.modelName) === wanted,
        )
        .map((model) => model.modelId),
    ),
  ].sort();
  const [only] = candidates;
  if (candidates.length === 1 && only) return { matched: true, modelKey: only, by: 'name' };
  if (candidates.length > 1) {
    return { matched: false, reason: 'severalModelsWithName', candidates };
  }
  const alias = MODEL_NAME_ALIASES.find(
    (entry) => normaliseModelName(entry.priceListName) === wanted,
  );
  if (alias && listed.some((model) => model.modelId === alias.modelId)) {
    return { matched: true, modelKey: alias.modelId, by: 'alias' };
  }
  return { matched: false, reason: 'noModelWithName', candidates: [] };
}

/** The directory from the catalog's model records (the scanner's ListFoundationModels, per region). */
export function modelDirectoryOf(
  models: readonly {
    modelId: string;
    region: string;
    name: string | null;
    inferenceTypes: string[];
  }[],
): ModelDirectory {
  const directory = new Map<string, ListedModel[]>();
  for (const model of models) {
    const listed = directory.get(model.region) ?? [];
    directory.set(model.region, listed);
    listed.push({
      modelId: model.modelId,
      modelName: model.name ?? undefined,
      inferenceTypesSupported: model.inferenceTypes,
    });
  }
  return directory;
}
