import {
  CatalogReader,
  CatalogWriter,
  type ProfileContent,
  type RegionSnapshot,
} from '@bedrock-profile-catalog/catalog';
import { CatalogQueryService } from '@bedrock-profile-catalog/query-api';
import { describe, expect, it } from 'vitest';
import { createCatalogTestTable } from '../support/catalog-table.js';

const MODEL = 'anthropic.claude-sonnet-4-20250514-v1:0';
const REGION = 'us-east-1';
const fm = (region: string) => `arn:aws:bedrock:${region}::foundation-model/${MODEL}`;

function profile(
  profileId: string,
  overrides: Partial<ProfileContent> & Pick<ProfileContent, 'scope' | 'type'>,
): ProfileContent {
  return {
    profileId,
    profileArn: `arn:aws:bedrock:${REGION}:111122223333:inference-profile/${profileId}`,
    name: profileId,
    description: null,
    status: 'ACTIVE',
    region: REGION,
    modelId: MODEL,
    modelIds: [MODEL],
    modelArns: [fm(REGION)],
    destinationRegions: [REGION],
    geoPrefix: null,
    routing: 'in-region',
    createdAt: null,
    updatedAt: null,
    ...overrides,
  };
}

describe('CatalogQueryService: invoke targets with many application profiles', () => {
  it('still offers the geo and global profiles after hundreds of application profiles', async () => {
    // Prepare: 250 application profiles for one model sort before `global.` and `us.` IDs.
    const table = await createCatalogTestTable('many-app-profiles');
    const applicationProfiles = Array.from({ length: 250 }, (_, index) =>
      profile(`a${String(index).padStart(11, '0')}`, { scope: 'application', type: 'APPLICATION' }),
    );
    const snapshot: RegionSnapshot = {
      region: REGION,
      models: [],
      throughputs: [],
      profiles: [
        ...applicationProfiles,
        profile(`us.${MODEL}`, {
          scope: 'geo',
          type: 'SYSTEM_DEFINED',
          geoPrefix: 'us',
          routing: 'geo',
          modelArns: [fm('us-east-1'), fm('us-west-2')],
          destinationRegions: ['us-east-1', 'us-west-2'],
        }),
        profile(`global.${MODEL}`, {
          scope: 'global',
          type: 'SYSTEM_DEFINED',
          geoPrefix: 'global',
          routing: 'global',
          modelArns: [`arn:aws:bedrock:::foundation-model/${MODEL}`, fm(REGION)],
        }),
      ],
    };
    await new CatalogWriter({
      documentClient: table.documentClient,
      tableName: table.tableName,
    }).applyRegionSnapshot({
      scanId: 's1',
      scanStartedAt: new Date().toISOString(),
      snapshot,
      latencySamples: [],
    });
    const service = new CatalogQueryService({
      reader: new CatalogReader({
        documentClient: table.documentClient,
        tableName: table.tableName,
        cursorSecret: 'a-test-secret-of-enough-length',
      }),
      startScan: async () => ({ scanId: 'unused' }),
      configuredRegions: [REGION],
      scanIntervalSeconds: 900,
    });

    // Act
    const answer = await service.invokeTargets(MODEL, REGION);

    // Assess
    expect(answer.items).toHaveLength(252);
    expect(answer.items.slice(-2).map((t) => t.targetId)).toEqual([
      `us.${MODEL}`,
      `global.${MODEL}`,
    ]);
  });
});
