/**
 * Service Quotas name models by display name, never by ID, and spell them their own way:
 * "Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5", "Global
 * cross-region model inference tokens per day for Anthropic Claude Sonnet 4.5 V1", the docs'
 * "On-demand InvokeModel tokens per minute for …". This maps a quota name to the model (through
 * the provider and name ListFoundationModels gives), the scope of the target it limits and its
 * period, leniently: case, punctuation and a trailing "V1"/"V2" do not matter. A name that does
 * not parse, or names no listed model (or more than one), stays unmatched; nothing is guessed.
 */

/** In-region is the bare model ID, geo the geographic profile, global the `global.` profile. */
export type QuotaScope = 'in-region' | 'geo' | 'global';
export type QuotaPeriod = 'minute' | 'day';

export interface QuotaMatch {
  /** `tokens`: a per-model token quota (the ones worth matching); `other`: anything else. */
  kind: 'tokens' | 'other';
  modelId: string | null;
  scope: QuotaScope | null;
  period: QuotaPeriod | null;
}

/** What the matcher needs of a listed model (a catalog model record has all of it). */
export interface MatchableModel {
  modelId: string;
  name: string | null;
  provider: string | null;
  inferenceTypes: readonly string[];
}

const TOKEN_QUOTA =
  /^(?:(?<scope>global cross[- ]region|cross[- ]region|on[- ]demand)\s+(?:model inference|invokemodel|model invocation)|model invocation)\s+(?:max\s+)?tokens per (?<period>minute|day) for (?<model>.+)$/i;
const OTHER_PERIOD = /\bper (minute|day)\b/i;

function scopeOf(phrase: string | undefined): QuotaScope {
  const normal = phrase?.toLowerCase().replace('-', ' ');
  if (normal === 'global cross region') return 'global';
  if (normal === 'cross region') return 'geo';
  // "On-demand …" and the docs' scope-less "Model invocation max tokens per day for …".
  return 'in-region';
}

/** Lower case, punctuation to spaces, single spaces. */
export function normaliseDisplayName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Without a trailing version word: "claude sonnet 4 5 v1" → "claude sonnet 4 5". */
function withoutVersion(normal: string): string {
  return normal.replace(/\s+v\d+$/, '');
}

/** The names a model may go by in a quota: with and without its provider. */
function namesOf(model: MatchableModel): string[] {
  if (!model.name) return [];
  const name = normaliseDisplayName(model.name);
  const provider = model.provider ? normaliseDisplayName(model.provider) : '';
  const names = [name];
  // Also when the name already starts with the provider: "DeepSeek DeepSeek-R1" is seen too.
  if (provider) names.push(`${provider} ${name}`);
  return names;
}

function add(index: Map<string, MatchableModel[]>, key: string, model: MatchableModel) {
  const models = index.get(key) ?? [];
  if (!models.includes(model)) models.push(model);
  index.set(key, models);
}

/** Whether a target of this scope can exist for the model (bare ID needs ON_DEMAND). */
function servesScope(model: MatchableModel, scope: QuotaScope): boolean {
  if (scope === 'in-region') return model.inferenceTypes.includes('ON_DEMAND');
  // Context-length variants (PROVISIONED or no type) are never a profile's model.
  return (
    model.inferenceTypes.includes('ON_DEMAND') || model.inferenceTypes.includes('INFERENCE_PROFILE')
  );
}

/** Builds the indexes once per region; the returned function matches one quota name. */
export function createQuotaMatcher(
  models: readonly MatchableModel[],
): (quotaName: string) => QuotaMatch {
  const exact = new Map<string, MatchableModel[]>();
  const unversioned = new Map<string, MatchableModel[]>();
  for (const model of models) {
    for (const name of namesOf(model)) {
      add(exact, name, model);
      add(unversioned, withoutVersion(name), model);
    }
  }

  const pick = (candidates: MatchableModel[] | undefined, scope: QuotaScope) => {
    const fitting = (candidates ?? []).filter((m) => servesScope(m, scope));
    const ids = new Set(fitting.map((m) => m.modelId));
    return ids.size === 1 ? (fitting[0] as MatchableModel) : undefined;
  };

  return (quotaName) => {
    const parsed = TOKEN_QUOTA.exec(quotaName.trim());
    if (!parsed?.groups) {
      const period = OTHER_PERIOD.exec(quotaName)?.[1]?.toLowerCase() as QuotaPeriod | undefined;
      return { kind: 'other', modelId: null, scope: null, period: period ?? null };
    }
    const scope = scopeOf(parsed.groups.scope);
    const period = (parsed.groups.period ?? '').toLowerCase() as QuotaPeriod;
    const wanted = normaliseDisplayName(parsed.groups.model ?? '');
    // An exact name first, so "… Sonnet v2" never falls back to the v1 model of the same name.
    const model =
      pick(exact.get(wanted), scope) ??
      pick(exact.get(withoutVersion(wanted)), scope) ??
      pick(unversioned.get(withoutVersion(wanted)), scope);
    return model
      ? { kind: 'tokens', modelId: model.modelId, scope, period }
      : { kind: 'tokens', modelId: null, scope: null, period };
  };
}
