import { describe, expect, it } from 'vitest';
import {
  identifyModel,
  type ListedModel,
  MODEL_NAME_ALIASES,
  type ModelDirectory,
  modelDirectoryOf,
  normaliseModelName,
} from '../../packages/catalog/src/index.js';
import { emulatorDirectory, SLICE_ROWS } from './fixtures.js';

const directory = emulatorDirectory();
const byName = (name: string, region = 'us-east-1', models: ModelDirectory = directory) =>
  identifyModel({ kind: 'name', name }, region, models);

describe('normaliseModelName', () => {
  it.each([
    ['Nova 2.0 Lite', 'nova 2 lite'],
    ['Nova 2 Lite', 'nova 2 lite'],
    ['Pixtral Large (25.02)', 'pixtral large 25.02'],
    ['Titan Text G1 - Express', 'titan text g1 express'],
    ['DeepSeek-R1', 'deepseek r1'],
    ['Claude  Opus 4.6', 'claude opus 4.6'],
    ['Llama 3.0 8B', 'llama 3 8b'],
    ['Claude 3.05 Test', 'claude 3.05 test'],
  ])('%s → %s', (name, normal) => {
    expect(normaliseModelName(name)).toBe(normal);
  });
});

describe('identifyModel', () => {
  it('joins a display name to the one ListFoundationModels model of that region', () => {
    expect(byName('Claude Sonnet 4.6')).toEqual({
      matched: true,
      modelKey: 'anthropic.claude-sonnet-4-6',
      by: 'name',
    });
    expect(byName('Nova 2.0 Lite')).toMatchObject({ modelKey: 'amazon.nova-2-lite-v1:0' });
  });

  // OWU: a slug join mapped Opus 4.7 to 4.6 and Sonnet 5 to Sonnet 4.
  it('never maps a new version onto an old one', () => {
    expect(byName('Claude Opus 4.7')).toEqual({
      matched: false,
      reason: 'noModelWithName',
      candidates: [],
    });
    expect(byName('Claude Sonnet 5')).toMatchObject({ matched: false, reason: 'noModelWithName' });
    expect(byName('Claude Opus')).toMatchObject({ matched: false });
  });

  it('sends a name with several candidates to unmatched, naming them', () => {
    const twins: ListedModel[] = [
      { modelId: 'acme.writer-v1:0', modelName: 'Writer', inferenceTypesSupported: ['ON_DEMAND'] },
      { modelId: 'acme.writer-v2:0', modelName: 'Writer', inferenceTypesSupported: ['ON_DEMAND'] },
    ];
    expect(byName('Writer', 'us-east-1', new Map([['us-east-1', twins]]))).toEqual({
      matched: false,
      reason: 'severalModelsWithName',
      candidates: ['acme.writer-v1:0', 'acme.writer-v2:0'],
    });
  });

  it('ignores provisioned-only variants that share the name (…:0:28k)', () => {
    expect(byName('Claude 3 Sonnet')).toMatchObject({
      matched: true,
      modelKey: 'anthropic.claude-3-sonnet-20240229-v1:0',
    });
  });

  it('joins only within the row region: no borrowing from another region', () => {
    expect(byName('Claude Sonnet 4.6', 'us-gov-west-1')).toMatchObject({
      matched: false,
      reason: 'noModelWithName',
    });
    expect(byName('Claude Sonnet 4.6', 'me-central-1')).toMatchObject({
      matched: false,
      reason: 'regionNotListed',
    });
  });

  it('lets an ID in the row win, listed or not', () => {
    expect(
      identifyModel({ kind: 'id', id: 'openai.gpt-oss-120b' }, 'us-east-1', directory),
    ).toEqual({
      matched: true,
      modelKey: 'openai.gpt-oss-120b',
      by: 'rowId',
    });
  });
});

describe('MODEL_NAME_ALIASES against the emulator offer slice', () => {
  const namesInSlice = (alias: string) =>
    SLICE_ROWS.filter((row) =>
      [
        row.attributes.model,
        row.attributes.titanModel,
        row.attributes.servicename?.replace(' (Amazon Bedrock Edition)', ''),
      ].includes(alias),
    );

  it.each(MODEL_NAME_ALIASES.map((alias) => [alias.priceListName, alias.modelId]))(
    '%s → %s is in the slice, listed where the slice prices it, and needed',
    (priceListName, modelId) => {
      const rows = namesInSlice(priceListName);
      expect(rows.length, 'the alias name occurs in the offer slice').toBeGreaterThan(0);
      for (const row of rows) {
        const region = row.attributes.regionCode ?? '';
        const listed = directory.get(region) ?? [];
        expect(listed.map((m) => m.modelId)).toContain(modelId);
        // Needed: without the alias, the name join would not find it.
        const withoutAliases = listed.filter(
          (m) => normaliseModelName(m.modelName ?? '') === normaliseModelName(priceListName),
        );
        expect(withoutAliases).toEqual([]);
        expect(byName(priceListName, region)).toEqual({
          matched: true,
          modelKey: modelId,
          by: 'alias',
        });
      }
    },
  );

  it('has one entry per Price List name', () => {
    const names = MODEL_NAME_ALIASES.map((alias) => normaliseModelName(alias.priceListName));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('modelDirectoryOf', () => {
  it('builds the per-region directory from catalog model records, names and inference types kept', () => {
    const built = modelDirectoryOf([
      {
        modelId: 'amazon.nova-micro-v1:0',
        region: 'us-east-1',
        name: 'Nova Micro',
        inferenceTypes: ['ON_DEMAND'],
      },
      {
        modelId: 'amazon.nova-micro-v1:0:128k',
        region: 'us-east-1',
        name: 'Nova Micro',
        inferenceTypes: [],
      },
      {
        modelId: 'amazon.nova-micro-v1:0',
        region: 'eu-west-1',
        name: null,
        inferenceTypes: ['ON_DEMAND'],
      },
    ]);
    expect(byName('Nova Micro', 'us-east-1', built)).toMatchObject({
      modelKey: 'amazon.nova-micro-v1:0',
    });
    expect(byName('Nova Micro', 'eu-west-1', built)).toMatchObject({
      matched: false,
      reason: 'noModelWithName',
    });
  });
});
