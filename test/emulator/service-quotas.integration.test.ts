import {
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  paginateListAWSDefaultServiceQuotas,
  paginateListServiceQuotas,
  type ServiceQuota,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { defaultEmulatorData } from '@bedrock-profile-catalog/bedrock-emulator';
import { describe, expect, it } from 'vitest';
import { bedrockClient, emulatorClientConfig, rejectionOf, useEmulator } from './support.js';

let emulator: RunningEmulator;
useEmulator((started) => {
  emulator = started;
});

function quotasClient(region: string) {
  return new ServiceQuotasClient(emulatorClientConfig(emulator, region));
}

async function drain(
  pages: AsyncIterable<{ Quotas?: ServiceQuota[] }>,
): Promise<{ quotas: ServiceQuota[]; pages: number }> {
  const quotas: ServiceQuota[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    quotas.push(...(page.Quotas ?? []));
  }
  return { quotas, pages: count };
}

const byName = (quotas: ServiceQuota[], name: string) => quotas.find((q) => q.QuotaName === name);

describe('ListAWSDefaultServiceQuotas', () => {
  it('pages through every Bedrock default of us-east-1 with real quota names and shapes', async () => {
    const client = quotasClient('us-east-1');
    const expected = defaultEmulatorData().regions['us-east-1']?.serviceQuotas ?? [];

    const { quotas, pages } = await drain(
      paginateListAWSDefaultServiceQuotas({ client, pageSize: 100 }, { ServiceCode: 'bedrock' }),
    );

    expect(pages).toBeGreaterThan(1);
    expect(quotas.map((q) => q.QuotaCode)).toEqual(expected.map((q) => q.QuotaCode));
    const haiku = byName(
      quotas,
      'Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5',
    );
    expect(haiku).toMatchObject({
      ServiceCode: 'bedrock',
      QuotaCode: expect.stringMatching(/^L-[0-9A-F]{8}$/),
      QuotaArn: expect.stringMatching(/^arn:aws:servicequotas:us-east-1::bedrock\/L-/),
      Value: 2_000_000,
      Unit: 'None',
      Adjustable: true,
      GlobalQuota: false,
      Period: { PeriodValue: 1, PeriodUnit: 'MINUTE' },
    });
    expect(
      byName(
        quotas,
        'Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1',
      )?.Value,
    ).toBe(6_000_000);
    expect(
      byName(
        quotas,
        'Global cross-region model inference tokens per day for Anthropic Claude Sonnet 4.5 V1',
      ),
    ).toBeDefined();
    expect(
      quotas.some((q) =>
        q.QuotaName?.startsWith('On-demand model inference tokens per minute for'),
      ),
    ).toBe(true);
    expect(byName(quotas, 'Batch inference job size (in GB)')).toBeDefined();
  });

  it('honours MaxResults and hands out a NextToken that continues the listing', async () => {
    const client = quotasClient('eu-west-1');

    const first = await client.send(
      new ListAWSDefaultServiceQuotasCommand({ ServiceCode: 'bedrock', MaxResults: 3 }),
    );
    const second = await client.send(
      new ListAWSDefaultServiceQuotasCommand({
        ServiceCode: 'bedrock',
        MaxResults: 3,
        NextToken: first.NextToken,
      }),
    );

    const all = defaultEmulatorData().regions['eu-west-1']?.serviceQuotas ?? [];
    expect(first.Quotas?.map((q) => q.QuotaCode)).toEqual(all.slice(0, 3).map((q) => q.QuotaCode));
    expect(second.Quotas?.map((q) => q.QuotaCode)).toEqual(all.slice(3, 6).map((q) => q.QuotaCode));
  });

  it('rejects an unknown service code and a foreign NextToken with the real error names', async () => {
    const client = quotasClient('us-east-1');

    const unknown = await rejectionOf(
      client.send(new ListAWSDefaultServiceQuotasCommand({ ServiceCode: 'no-such-service' })),
    );
    const badToken = await rejectionOf(
      client.send(
        new ListAWSDefaultServiceQuotasCommand({ ServiceCode: 'bedrock', NextToken: 'garbage' }),
      ),
    );

    expect(unknown.name).toBe('NoSuchResourceException');
    expect(badToken.name).toBe('InvalidPaginationTokenException');
  });
});

describe('ListServiceQuotas', () => {
  it("serves only the account's applied values, with the account in the ARN", async () => {
    const client = quotasClient('us-east-1');

    const { quotas } = await drain(
      paginateListServiceQuotas({ client }, { ServiceCode: 'bedrock' }),
    );

    expect(quotas).toHaveLength(3);
    expect(
      byName(
        quotas,
        'Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1',
      )?.Value,
    ).toBe(0);
    expect(
      byName(
        quotas,
        'Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5',
      ),
    ).toMatchObject({
      Value: 5_000_000,
      QuotaArn: expect.stringMatching(/^arn:aws:servicequotas:us-east-1:111122223333:bedrock\/L-/),
    });
  });

  it('lists nothing in a region where no quota was ever changed', async () => {
    const out = await quotasClient('eu-west-1').send(
      new ListServiceQuotasCommand({ ServiceCode: 'bedrock' }),
    );

    expect(out.Quotas).toEqual([]);
    expect(out.NextToken).toBeUndefined();
  });

  it('answers AccessDenied for one operation only when a fault targets it', async () => {
    emulator.setFault('us-east-1', { kind: 'accessDenied', operation: 'ListServiceQuotas' });
    const client = quotasClient('us-east-1');

    const denied = await rejectionOf(
      client.send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock' })),
    );
    const defaults = await client.send(
      new ListAWSDefaultServiceQuotasCommand({ ServiceCode: 'bedrock' }),
    );

    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('servicequotas:ListServiceQuotas');
    expect(defaults.Quotas?.length).toBeGreaterThan(0);
  });
});

describe('one port, two services', () => {
  it('tells Bedrock and Service Quotas apart by the SigV4 service name and counts both', async () => {
    emulator.resetStats();
    const { ListFoundationModelsCommand } = await import('@aws-sdk/client-bedrock');

    await bedrockClient(emulator, 'us-west-2').send(new ListFoundationModelsCommand({}));
    await quotasClient('us-west-2').send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock' }));

    expect(emulator.stats().requests['us-west-2']).toEqual({
      ListFoundationModels: 1,
      ListServiceQuotas: 1,
    });
  });
});
