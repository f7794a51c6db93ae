/**
 * The one hand-kept pricing artifact: Price List display names that differ from the model's
 * `ListFoundationModels` modelName by more than `normaliseModelName` covers. Each entry is an
 * exact name → ID pair; a test checks every entry against the emulator's offer slice and model
 * list (the name is in the slice, the ID is listed, and the name join alone would miss it).
 */
export interface ModelNameAlias {
  /** As the row carries it (`model`, `titanModel`, or `servicename` minus its suffix). */
  readonly priceListName: string;
  readonly modelId: string;
}

export const MODEL_NAME_ALIASES: readonly ModelNameAlias[] = [
  // The Price List says "R1"; ListFoundationModels says "DeepSeek-R1".
  { priceListName: 'R1', modelId: 'deepseek.r1-v1:0' },
];
