import { BedrockClient, GetFoundationModelAvailabilityCommand } from '@aws-sdk/client-bedrock';
import { type ModelContent, modelFingerprint } from '@bedrock-profile-catalog/catalog';
import {
  checkModelAccess,
  modelAccessOf,
  needsAccessCheck,
} from '@bedrock-profile-catalog/discovery';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';

const NOW = new Date('2026-11-20T08:00:00.000Z');
const HOUR = 60 * 60 * 1000;

const model = (modelId: string): ModelContent => ({
  modelId,
  modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`,
  region: 'us-east-1',
  name: modelId,
  provider: 'Example',
  inputModalities: ['TEXT'],
  outputModalities: ['TEXT'],
  responseStreamingSupported: true,
  customizationsSupported: [],
  inferenceTypes: ['ON_DEMAND'],
  lifecycle: null,
  access: null,
});

const ALL_AVAILABLE = {
  agreementAvailability: { status: 'AVAILABLE' as const },
  authorizationStatus: 'AUTHORIZED' as const,
  entitlementAvailability: 'AVAILABLE' as const,
  regionAvailability: 'AVAILABLE' as const,
};

describe('Function: modelAccessOf', () => {
  it('is usable only when every signal allows invocation', () => {
    expect(modelAccessOf(ALL_AVAILABLE, NOW)).toEqual({
      agreement: 'AVAILABLE',
      authorization: 'AUTHORIZED',
      entitlement: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
      usable: true,
      checkedAt: NOW.toISOString(),
    });
    const pending = { ...ALL_AVAILABLE, agreementAvailability: { status: 'PENDING' as const } };
    expect(modelAccessOf(pending, NOW).usable).toBe(false);
    expect(
      modelAccessOf({ ...ALL_AVAILABLE, regionAvailability: 'NOT_AVAILABLE' }, NOW).usable,
    ).toBe(false);
  });

  it('rejects an answer without a required member', () => {
    expect(() => modelAccessOf({ ...ALL_AVAILABLE, authorizationStatus: undefined }, NOW)).toThrow(
      /missing/,
    );
  });
});

describe('Function: needsAccessCheck', () => {
  const checked = modelAccessOf(ALL_AVAILABLE, new Date(NOW.getTime() - HOUR));
  const stored = { fingerprint: modelFingerprint(model('m')), access: checked };

  it('reuses a fresh answer for an unchanged model, even when only the access differs', () => {
    expect(needsAccessCheck(model('m'), stored, NOW, 2 * HOUR)).toBe(false);
    expect(needsAccessCheck({ ...model('m'), access: checked }, stored, NOW, 2 * HOUR)).toBe(false);
  });

  it('checks new, unchecked, changed and stale models', () => {
    expect(needsAccessCheck(model('m'), undefined, NOW, 2 * HOUR)).toBe(true);
    expect(needsAccessCheck(model('m'), { ...stored, access: null }, NOW, 2 * HOUR)).toBe(true);
    const renamed = { ...model('m'), name: 'renamed' };
    expect(needsAccessCheck(renamed, stored, NOW, 2 * HOUR)).toBe(true);
    expect(needsAccessCheck(model('m'), stored, NOW, HOUR)).toBe(true);
  });
});

describe('Function: checkModelAccess (fault paths, mocked client)', () => {
  it('counts an unreadable answer as a failure and keeps the previous access', async () => {
    // Prepare
    const bedrock = mockClient(BedrockClient);
    bedrock
      .on(GetFoundationModelAvailabilityCommand, { modelId: 'a' })
      .resolves({ modelId: 'a', authorizationStatus: 'AUTHORIZED' })
      .on(GetFoundationModelAvailabilityCommand, { modelId: 'b' })
      .resolves({ modelId: 'b', ...ALL_AVAILABLE });
    const previous = modelAccessOf(
      { ...ALL_AVAILABLE, entitlementAvailability: 'NOT_AVAILABLE' },
      new Date(0),
    );

    // Act
    const result = await checkModelAccess({
      client: new BedrockClient({ region: 'us-east-1' }),
      models: [model('a'), model('b')],
      previous: new Map([['a', { fingerprint: modelFingerprint(model('a')), access: previous }]]),
      now: () => NOW,
      signal: new AbortController().signal,
      maxAgeMs: HOUR,
      concurrency: 4,
    });

    // Assess
    expect(result.stats).toEqual({ checked: 2, carried: 0, failed: 1, skipped: 0 });
    expect(result.failures).toEqual([{ modelId: 'a', error: expect.stringMatching(/missing/) }]);
    expect(result.models.map((m) => m.access)).toEqual([
      previous,
      modelAccessOf(ALL_AVAILABLE, NOW),
    ]);
    bedrock.restore();
  });

  it('makes no call once the signal has fired', async () => {
    const bedrock = mockClient(BedrockClient);
    const controller = new AbortController();
    controller.abort();

    const result = await checkModelAccess({
      client: new BedrockClient({ region: 'us-east-1' }),
      models: [model('a'), model('b')],
      previous: new Map(),
      now: () => NOW,
      signal: controller.signal,
      maxAgeMs: HOUR,
      concurrency: 4,
    });

    expect(bedrock.calls()).toHaveLength(0);
    expect(result.stats).toEqual({ checked: 0, carried: 0, failed: 0, skipped: 2 });
    expect(result.models.map((m) => m.access)).toEqual([null, null]);
    bedrock.restore();
  });
});
