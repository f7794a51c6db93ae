import {
  attributeMetricModelId,
  MAX_QUERIES_PER_REQUEST,
  parseMetricModelId,
  planUsageQueries,
} from '@bedrock-profile-catalog/discovery';
import { describe, expect, it } from 'vitest';

const ACCOUNT = '111122223333';
const arn = (resource: string) => `arn:aws:bedrock:us-east-1:${ACCOUNT}:${resource}`;

describe('parseMetricModelId', () => {
  it.each([
    [
      'anthropic.claude-3-haiku-20240307-v1:0',
      { tier: 'standard', kind: 'in-region', modelId: 'anthropic.claude-3-haiku-20240307-v1:0' },
    ],
    [
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      { tier: 'standard', kind: 'profile', modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0' },
    ],
    [
      'global.anthropic.claude-haiku-4-5-20251001-v1:0+flex',
      { tier: 'flex', kind: 'profile', modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0' },
    ],
    [
      'apac.amazon.nova-pro-v1:0+latency-optimized',
      { tier: 'latency-optimized', kind: 'profile', modelId: 'amazon.nova-pro-v1:0' },
    ],
    [
      'us-gov.anthropic.claude-3-haiku-20240307-v1:0',
      { tier: 'standard', kind: 'profile', modelId: 'anthropic.claude-3-haiku-20240307-v1:0' },
    ],
    ['openai.gpt-oss-120b-1:0+priority', { tier: 'priority', kind: 'in-region' }],
    [
      arn('inference-profile/eu.meta.llama3-2-1b-instruct-v1:0'),
      { tier: 'standard', kind: 'profile', modelId: 'meta.llama3-2-1b-instruct-v1:0' },
    ],
    [
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0+priority',
      { tier: 'priority', kind: 'in-region', modelId: 'amazon.nova-micro-v1:0' },
    ],
    [
      arn('application-inference-profile/hq2of259skzs'),
      { kind: 'application-profile', modelId: null },
    ],
    [arn('provisioned-model/a1b2c3d4e5f6'), { kind: 'throughput', modelId: null }],
    [arn('custom-model-deployment/abc123'), { kind: 'custom-model-deployment', modelId: null }],
    [arn('imported-model/xyz'), { kind: 'imported-model', modelId: null }],
    [arn('default-prompt-router/anthropic.claude:1'), { kind: 'prompt-router', modelId: null }],
    [
      `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/my-endpoint`,
      { kind: 'marketplace-endpoint', modelId: null },
    ],
    ['arn:aws:bedrock:us-east-1:1:agent/ABC', { kind: 'unknown', modelId: null }],
  ])('%s', (value, expected) => {
    expect(parseMetricModelId(value)).toMatchObject(expected);
  });

  it('keeps the ID without the suffix as the target to call, and an unknown suffix as part of it', () => {
    expect(parseMetricModelId('us.amazon.nova-pro-v1:0+priority').id).toBe(
      'us.amazon.nova-pro-v1:0',
    );
    expect(parseMetricModelId('amazon.nova-pro-v1:0+turbo')).toMatchObject({
      tier: 'standard',
      id: 'amazon.nova-pro-v1:0+turbo',
    });
  });
});

describe('attributeMetricModelId', () => {
  const snapshot = {
    profiles: [
      {
        profileId: 'hq2of259skzs',
        profileArn: arn('application-inference-profile/hq2of259skzs'),
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      },
    ],
    throughputs: [
      {
        arn: arn('provisioned-model/a1b2c3d4e5f6'),
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0:48k',
      },
    ],
  } as unknown as Parameters<typeof attributeMetricModelId>[1];

  it('takes the model of application profiles and throughputs from the region snapshot', () => {
    expect(
      attributeMetricModelId(arn('application-inference-profile/hq2of259skzs'), snapshot),
    ).toEqual({
      target: {
        kind: 'application-profile',
        id: arn('application-inference-profile/hq2of259skzs'),
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      },
      tier: 'standard',
    });
    expect(
      attributeMetricModelId(arn('provisioned-model/a1b2c3d4e5f6'), snapshot).target.modelId,
    ).toBe('anthropic.claude-3-haiku-20240307-v1:0:48k');
    expect(
      attributeMetricModelId(arn('provisioned-model/gone'), snapshot).target.modelId,
    ).toBeNull();
  });
});

describe('planUsageQueries', () => {
  it('asks percentiles and sample counts for latencies, sums for counts, per-minute sums for TPM', () => {
    const planned = planUsageQueries(
      new Map([
        [
          'm.x-v1:0',
          new Set(['TimeToFirstToken', 'Invocations', 'EstimatedTPMQuotaUsage'] as const),
        ],
      ]),
    );

    expect(
      planned
        .filter((p) => p.window === '1h')
        .map((p) => `${p.metric}/${p.stat}/${p.query.MetricStat?.Period}`),
    ).toEqual([
      'TimeToFirstToken/p50/3600',
      'TimeToFirstToken/p90/3600',
      'TimeToFirstToken/p99/3600',
      'TimeToFirstToken/SampleCount/3600',
      'Invocations/Sum/3600',
      'EstimatedTPMQuotaUsage/Sum/60',
    ]);
    expect(planned).toHaveLength(12);
    expect(new Set(planned.map((p) => p.query.Id)).size).toBe(12);
    expect(MAX_QUERIES_PER_REQUEST).toBe(500);
  });
});
