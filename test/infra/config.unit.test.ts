import { readFileSync } from 'node:fs';
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  CATALOG_DEFAULTS,
  loadCatalogConfig,
  validateCatalogSettings,
} from '../../infra/config.js';

const valid = {
  regions: ['us-east-1'],
  scanRate: Duration.minutes(15),
  ttl: Duration.days(3),
  latencyWindow: 50,
  changeRetentionDays: 30,
  accessCheckMaxAge: Duration.hours(24),
  priceRefreshInterval: Duration.hours(6),
} as const;

describe('loadCatalogConfig', () => {
  it('applies the documented defaults to empty context', () => {
    const config = loadCatalogConfig({});
    expect(config.regions).toBe('auto');
    expect(config.scanRate.toSeconds()).toBe(SETTINGS.scanInterval.default);
    expect(config.ttl.toHours()).toBe(72);
    expect(config.latencyWindow).toBe(50);
    expect(config.changeRetentionDays).toBe(30);
    expect(config.accessCheckMaxAge.toHours()).toBe(24);
    expect(config.stackName).toBe('BedrockProfileCatalog');
    expect(config.alarmEmail).toBeUndefined();
  });

  it('defaults to what the construct defaults to, from SETTINGS', () => {
    const config = loadCatalogConfig({});
    expect(config.scanRate.toSeconds()).toBe(CATALOG_DEFAULTS.scanRate.toSeconds());
    expect(config.ttl.toSeconds()).toBe(SETTINGS.ttl.default);
    expect(config.accessCheckMaxAge.toHours()).toBe(SETTINGS.accessCheckMaxAge.default);
    expect(config.priceRefreshInterval.toHours()).toBe(SETTINGS.priceRefreshInterval.default);
    expect(CATALOG_DEFAULTS.priceRefreshInterval.toHours()).toBe(
      SETTINGS.priceRefreshInterval.default,
    );
    expect(() => validateCatalogSettings(CATALOG_DEFAULTS)).not.toThrow();
  });

  it("the README's context table shows the defaults and bounds SETTINGS has", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const row = (key: string) => readme.match(new RegExp(`^\\| \`${key}\`.*$`, 'm'))?.[0] ?? '';
    const {
      scanInterval,
      ttl,
      latencyWindow,
      changeRetentionDays,
      accessCheckMaxAge,
      priceRefreshInterval,
    } = SETTINGS;
    expect(row('catalog:scanRateMinutes')).toContain(`\`${scanInterval.default / 60}\``);
    expect(row('catalog:scanRateMinutes')).toContain(
      `${scanInterval.min / 60} to ${scanInterval.max / 60}`,
    );
    expect(row('catalog:ttlHours')).toContain(`\`${ttl.default / 3600}\``);
    expect(row('catalog:ttlHours')).toContain(
      `${ttl.min / 3600} to ${(ttl.max / 3600).toLocaleString('en-US')}`,
    );
    for (const [key, setting] of [
      ['catalog:latencyWindow', latencyWindow],
      ['catalog:changeRetentionDays', changeRetentionDays],
      ['catalog:accessCheckHours', accessCheckMaxAge],
      ['catalog:priceRefreshHours', priceRefreshInterval],
    ] as const) {
      expect(row(key)).toContain(`\`${setting.default}\``);
      expect(row(key)).toContain(`${setting.min} to ${setting.max}`);
    }
  });

  it('refuses negative numbers with a message naming the key, not a CDK error', () => {
    for (const key of [
      'catalog:scanRateMinutes',
      'catalog:ttlHours',
      'catalog:accessCheckHours',
      'catalog:priceRefreshHours',
    ]) {
      expect(() => loadCatalogConfig({ [key]: -5 })).toThrow(
        `invalid context value for ${key}: -5`,
      );
      expect(() => loadCatalogConfig({ [key]: '-5' })).toThrow(
        `invalid context value for ${key}: "-5"`,
      );
    }
  });

  it('accepts -c strings (comma lists, numbers) as well as JSON values', () => {
    const config = loadCatalogConfig({
      'catalog:regions': ' us-east-1, eu-west-1 ',
      'catalog:scanRateMinutes': '30',
      'catalog:ttlHours': 24,
      'catalog:accessCheckHours': '6',
      'catalog:alarmEmail': 'ops@example.com',
      'catalog:forwardEventBusName': '',
    });
    expect(config.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(config.scanRate.toMinutes()).toBe(30);
    expect(config.ttl.toHours()).toBe(24);
    expect(config.accessCheckMaxAge.toHours()).toBe(6);
    expect(config.alarmEmail).toBe('ops@example.com');
    expect(config.forwardEventBusName).toBeUndefined();
    expect(
      loadCatalogConfig({ 'catalog:forwardEventBusName': ' default ' }).forwardEventBusName,
    ).toBe('default');
    expect(loadCatalogConfig({ 'catalog:regions': ['us-west-2'] }).regions).toEqual(['us-west-2']);
  });

  it('names the context key and the bad value', () => {
    expect(() => loadCatalogConfig({ 'catalog:regions': 'us-east-1,mars-north-1' })).toThrow(
      'invalid region "mars-north-1" in catalog:regions',
    );
    expect(() => loadCatalogConfig({ 'catalog:scanRateMinutes': 1 })).toThrow(
      'catalog:scanRateMinutes must be between 5 minutes and 8 hours, got 1 minute',
    );
    expect(() =>
      loadCatalogConfig({ 'catalog:scanRateMinutes': 60, 'catalog:ttlHours': 2 }),
    ).toThrow('catalog:ttlHours must exceed 2 scan intervals (120 minutes), got 2 hours');
    expect(() => loadCatalogConfig({ 'catalog:latencyWindow': 'many' })).toThrow(
      'invalid context value for catalog:latencyWindow: "many"',
    );
    expect(() => loadCatalogConfig({ 'catalog:alarmEmail': 'not-an-email' })).toThrow(
      'invalid context value for catalog:alarmEmail: "not-an-email"',
    );
    expect(() => loadCatalogConfig({ 'catalog:kmsKeyArn': 'alias/mine' })).toThrow(
      'catalog:kmsKeyArn',
    );
    expect(() =>
      loadCatalogConfig({
        'catalog:alarmEmail': 'ops@example.com',
        'catalog:alarmTopicArn': 'arn:aws:sns:us-east-1:123456789012:alarms',
      }),
    ).toThrow('set either catalog:alarmEmail or catalog:alarmTopicArn, not both');
  });

  it('refuses the removed catalog:eventBusName with the way forward, but not an empty one', () => {
    // The catalog owns its bus now; a bus named here used to receive change events directly.
    expect(() => loadCatalogConfig({ 'catalog:eventBusName': 'catalog-changes' })).toThrow(
      'catalog:eventBusName was removed: the catalog now puts its events on its own bus; set catalog:forwardEventBusName=catalog-changes to also forward change events there (docs/events.md)',
    );
    expect(() => loadCatalogConfig({ 'catalog:eventBusName': '' })).not.toThrow();
    expect(() => loadCatalogConfig({ 'catalog:forwardEventBusName': 'no spaces' })).toThrow(
      'invalid context value for catalog:forwardEventBusName: "no spaces"',
    );
  });

  it('error messages start lowercase', () => {
    for (const context of [
      { 'catalog:regions': 'US-EAST-1' },
      { 'catalog:scanRateMinutes': 600 },
      { 'catalog:changeRetentionDays': 0 },
    ]) {
      expect(() => loadCatalogConfig(context)).toThrow(/^[a-z]/);
    }
  });
});

describe('catalog:priceRefreshHours', () => {
  it('sets the price refresh interval in whole hours, from -c (a string) or cdk.json', () => {
    expect(
      loadCatalogConfig({ 'catalog:priceRefreshHours': '12' }).priceRefreshInterval.toHours(),
    ).toBe(12);
    expect(
      loadCatalogConfig({ 'catalog:priceRefreshHours': 168 }).priceRefreshInterval.toHours(),
    ).toBe(168);
  });

  it.each([
    ['0', 'catalog:priceRefreshHours must be whole hours from 1 to 168, got 0 hours'],
    ['169', 'catalog:priceRefreshHours must be whole hours from 1 to 168, got 7 days 1 hour'],
    ['1.5', 'invalid context value for catalog:priceRefreshHours: "1.5" (invalid input)'],
    ['6h', 'invalid context value for catalog:priceRefreshHours: "6h" (invalid input)'],
  ])('refuses %s with one line naming the key', (value, message) => {
    expect(() => loadCatalogConfig({ 'catalog:priceRefreshHours': value })).toThrow(message);
  });
});

describe('validateCatalogSettings (construct props)', () => {
  it('accepts valid settings', () => {
    expect(() => validateCatalogSettings(valid)).not.toThrow();
    expect(() => validateCatalogSettings({ ...valid, regions: 'auto' })).not.toThrow();
  });

  it.each([
    [{ regions: [] }, "regions must be 'auto' or a non-empty list of regions, got []"],
    [{ regions: ['us-east-1', 'us-east-1'] }, 'region "us-east-1" is listed more than once'],
    [{ regions: ['useast1'] }, 'invalid region "useast1" in regions'],
    [{ scanRate: Duration.minutes(2) }, 'scanRate must be between 5 minutes and 8 hours'],
    [{ scanRate: Duration.seconds(330) }, 'scanRate must be whole minutes'],
    [{ ttl: Duration.minutes(30) }, 'ttl must exceed 2 scan intervals (30 minutes), got 30'],
    [{ ttl: Duration.days(400) }, 'ttl must be at most 365 days'],
    [
      { scanRate: Duration.minutes(5), ttl: Duration.minutes(11) },
      'ttl must be at least 1 hour, got 11 minutes',
    ],
    [{ latencyWindow: 0 }, 'latencyWindow must be an integer from 1 to 1000, got 0'],
    [{ latencyWindow: 1001 }, 'latencyWindow must be an integer from 1 to 1000, got 1001'],
    [{ changeRetentionDays: 366 }, 'changeRetentionDays must be an integer from 1 to 365 (days)'],
    [
      { scanRate: Duration.hours(9) },
      'scanRate must be between 5 minutes and 8 hours, got 9 hours',
    ],
    [{ changeRetentionDays: 1.5 }, 'changeRetentionDays must be an integer from 1 to 365'],
    [
      { accessCheckMaxAge: Duration.minutes(30) },
      'accessCheckMaxAge must be whole hours from 1 to 720, got 30 minutes',
    ],
    [
      { accessCheckMaxAge: Duration.days(31) },
      'accessCheckMaxAge must be whole hours from 1 to 720, got 31 days',
    ],
    [
      { priceRefreshInterval: Duration.minutes(90) },
      'priceRefreshInterval must be whole hours from 1 to 168, got 1 hour 30 minutes',
    ],
    [
      { priceRefreshInterval: Duration.days(8) },
      'priceRefreshInterval must be whole hours from 1 to 168, got 8 days',
    ],
  ])('rejects %o', (override, message) => {
    expect(() => validateCatalogSettings({ ...valid, ...override })).toThrow(message);
  });
});
