import { LocalConfigError, loadLocalConfig } from '@bedrock-profile-catalog/local';
import { describe, expect, it } from 'vitest';

describe('local mode configuration', () => {
  it('defaults: port 3000, embedded services, emulator regions, 300 s, the default table', () => {
    expect(loadLocalConfig({})).toEqual({
      port: 3000,
      bedrockEndpoint: undefined,
      dynamoEndpoint: undefined,
      regions: undefined,
      scanIntervalSeconds: 300,
      scanCooldownSeconds: 60,
      tableName: 'bedrock-profile-catalog',
      cursorSecret: undefined,
      // Probes are opt-in (PROBE_INTERVAL_SECONDS).
      probes: null,
    });
  });

  it('reads every variable', () => {
    expect(
      loadLocalConfig({
        PORT: '0',
        BEDROCK_ENDPOINT: 'aws',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
        CATALOG_REGIONS: ' us-east-1, eu-west-1 ',
        SCAN_INTERVAL_SECONDS: '0',
        SCAN_COOLDOWN_SECONDS: '0',
        TABLE_NAME: 'BedrockProfileCatalog-CatalogTable1234',
      }),
    ).toMatchObject({
      port: 0,
      bedrockEndpoint: 'aws',
      dynamoEndpoint: 'http://127.0.0.1:8000',
      regions: ['us-east-1', 'eu-west-1'],
      scanIntervalSeconds: 0,
      scanCooldownSeconds: 0,
      tableName: 'BedrockProfileCatalog-CatalogTable1234',
    });
    expect(loadLocalConfig({ CATALOG_REGIONS: 'auto' }).regions).toBe('auto');
  });

  it.each([
    [{ PORT: 'abc' }, /^invalid environment: PORT must be a whole number from 0 to 65535/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ PORT: '80.5' }, /PORT must be a whole number/],
    [{ PORT: '' }, /^invalid environment: PORT is empty: set a whole number from 0 to 65535/],
    [{ PORT: ' ' }, /PORT is empty/],
    [
      { CATALOG_REGIONS: 'us-east-1,moon-1' },
      /CATALOG_REGIONS has entries that are not region codes: 'moon-1'/,
    ],
    [
      { CATALOG_REGIONS: 'us-east-1,,eu-west-1' },
      /CATALOG_REGIONS has entries that are not region codes: ''/,
    ],
    [{ BEDROCK_ENDPOINT: 'localhost:4010' }, /BEDROCK_ENDPOINT must be 'aws' or an http\(s\) URL/],
    [{ DYNAMODB_ENDPOINT: 'ftp://x' }, /DYNAMODB_ENDPOINT must be 'aws' or an http\(s\) URL/],
    [{ SCAN_INTERVAL_SECONDS: '-5' }, /SCAN_INTERVAL_SECONDS must be a whole number of seconds/],
    [{ SCAN_COOLDOWN_SECONDS: '3601' }, /SCAN_COOLDOWN_SECONDS must be a whole number of seconds/],
    [{ SCAN_COOLDOWN_SECONDS: '1.5' }, /SCAN_COOLDOWN_SECONDS must be a whole number of seconds/],
    [{ TABLE_NAME: 'a b' }, /TABLE_NAME must be a DynamoDB table name/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadLocalConfig(env)).toThrow(LocalConfigError);
    expect(() => loadLocalConfig(env)).toThrow(message);
  });

  it('reports every bad variable at once', () => {
    expect(() => loadLocalConfig({ PORT: 'x', CATALOG_REGIONS: 'nowhere' })).toThrow(
      /PORT .*; CATALOG_REGIONS /,
    );
  });
});
