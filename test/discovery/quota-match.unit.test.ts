import { describe, expect, it } from 'vitest';
import {
  createQuotaMatcher,
  type MatchableModel,
} from '../../packages/discovery/src/quota-match.js';

const model = (
  modelId: string,
  provider: string,
  name: string,
  inferenceTypes: string[] = ['INFERENCE_PROFILE'],
): MatchableModel => ({ modelId, provider, name, inferenceTypes });

const MODELS: MatchableModel[] = [
  model('anthropic.claude-haiku-4-5-20251001-v1:0', 'Anthropic', 'Claude Haiku 4.5'),
  model('anthropic.claude-sonnet-4-5-20250929-v1:0', 'Anthropic', 'Claude Sonnet 4.5'),
  model('anthropic.claude-3-5-sonnet-20240620-v1:0', 'Anthropic', 'Claude 3.5 Sonnet', [
    'ON_DEMAND',
  ]),
  model('anthropic.claude-3-5-sonnet-20241022-v2:0', 'Anthropic', 'Claude 3.5 Sonnet v2', [
    'ON_DEMAND',
  ]),
  model('anthropic.claude-3-haiku-20240307-v1:0', 'Anthropic', 'Claude 3 Haiku', ['ON_DEMAND']),
  // A context-length variant: same name, provisioned only.
  model('anthropic.claude-3-haiku-20240307-v1:0:48k', 'Anthropic', 'Claude 3 Haiku', []),
  model('anthropic.claude-3-haiku-20240307-v1:0:200k', 'Anthropic', 'Claude 3 Haiku', [
    'PROVISIONED',
  ]),
  model('deepseek.r1-v1:0', 'DeepSeek', 'DeepSeek-R1'),
  model('mistral.pixtral-large-2502-v1:0', 'Mistral AI', 'Pixtral Large (25.02)'),
  model('meta.llama3-3-70b-instruct-v1:0', 'Meta', 'Llama 3.3 70B Instruct', ['ON_DEMAND']),
];

const match = createQuotaMatcher(MODELS);

describe('createQuotaMatcher', () => {
  it.each([
    [
      'Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5',
      'anthropic.claude-haiku-4-5-20251001-v1:0',
      'geo',
      'minute',
    ],
    [
      'Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'global',
      'minute',
    ],
    [
      'Global cross-region model inference tokens per day for Anthropic Claude Sonnet 4.5 V1',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'global',
      'day',
    ],
    [
      'On-demand model inference tokens per minute for Meta Llama 3.3 70B Instruct',
      'meta.llama3-3-70b-instruct-v1:0',
      'in-region',
      'minute',
    ],
    // The docs' spelling.
    [
      'On-demand InvokeModel tokens per minute for Anthropic Claude 3 Haiku',
      'anthropic.claude-3-haiku-20240307-v1:0',
      'in-region',
      'minute',
    ],
    [
      'Cross-Region InvokeModel tokens per minute for Anthropic Claude Haiku 4.5',
      'anthropic.claude-haiku-4-5-20251001-v1:0',
      'geo',
      'minute',
    ],
    // Case, punctuation and a provider already in the model name.
    [
      'cross-region MODEL INFERENCE tokens per day for deepseek r1',
      'deepseek.r1-v1:0',
      'geo',
      'day',
    ],
    [
      'Cross-region model inference tokens per minute for Mistral AI Pixtral Large 25.02',
      'mistral.pixtral-large-2502-v1:0',
      'geo',
      'minute',
    ],
  ])('%s → %s (%s, %s)', (name, modelId, scope, period) => {
    expect(match(name)).toEqual({ kind: 'tokens', modelId, scope, period });
  });

  it('prefers the exact name, so "v2" finds the v2 model and "V1" the unversioned one', () => {
    const v2 = match(
      'On-demand model inference tokens per minute for Anthropic Claude 3.5 Sonnet V2',
    );
    const v1 = match(
      'On-demand model inference tokens per minute for Anthropic Claude 3.5 Sonnet V1',
    );

    expect(v2.modelId).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(v1.modelId).toBe('anthropic.claude-3-5-sonnet-20240620-v1:0');
  });

  it('keeps a token quota of a model no listing describes, unmatched', () => {
    expect(
      match('Cross-region model inference tokens per minute for Anthropic Claude Opus 5'),
    ).toEqual({ kind: 'tokens', modelId: null, scope: null, period: 'minute' });
  });

  it('does not offer an on-demand quota for a model that is not ON_DEMAND in the region', () => {
    expect(
      match('On-demand model inference tokens per minute for Anthropic Claude Haiku 4.5').modelId,
    ).toBeNull();
  });

  it.each([
    ['Cross-model max tokens per day', 'day'],
    ['Batch inference job size (in GB)', null],
    ['On-demand model inference requests per minute for Anthropic Claude 3 Haiku', 'minute'],
  ])('treats %s as a non-token quota', (name, period) => {
    expect(match(name)).toEqual({ kind: 'other', modelId: null, scope: null, period });
  });
});

describe('createQuotaMatcher on a geo quota', () => {
  it('ignores provisioned-only variants of the same name', () => {
    expect(
      match('Cross-region model inference tokens per minute for Anthropic Claude 3 Haiku').modelId,
    ).toBe('anthropic.claude-3-haiku-20240307-v1:0');
  });

  it('accepts the provider written twice, as in "DeepSeek DeepSeek-R1"', () => {
    expect(
      match('Cross-region model inference tokens per day for DeepSeek DeepSeek-R1').modelId,
    ).toBe('deepseek.r1-v1:0');
  });
});
