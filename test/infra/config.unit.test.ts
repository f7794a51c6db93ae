import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadCatalogConfig, validateCatalogSettings } from '../../infra/config.js';

const valid = {
  regions: ['us-east-1'],
  scanRate: Duration.minutes(15),
  ttl: Duration.days(3),
  latencyWindow: 50,
  changeRetentionDays: 30,
  accessCheckMaxAge: Duration.hours(24),
} as const;

describe('loadCatalogConfig', () => {
  it('applies the documented defaults to empty context', () => {
    const config = loadCatalogConfig({});
    expect(config.regions).toBe('auto');
    expect(config.scanRate.toMinutes()).toBe(DEFAULTS.scanRateMinutes);
    expect(config.ttl.toHours()).toBe(72);
    expect(config.latencyWindow).toBe(50);
    expect(config.changeRetentionDays).toBe(30);
    expect(config.accessCheckMaxAge.toHours()).toBe(24);
    expect(config.stackName).toBe('BedrockProfileCatalog');
    expect(config.alarmEmail).toBeUndefined();
  });

  it('accepts -c strings (comma lists, numbers) as well as JSON values', () => {
    const config = loadCatalogConfig({
      'catalog:regions': ' us-east-1, eu-west-1 ',
      'catalog:scanRateMinutes': '30',
      'catalog:ttlHours': 24,
      'catalog:accessCheckHours': '6',
      'catalog:alarmEmail': 'ops@example.com',
      'catalog:eventBusName': '',
    });
    expect(config.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(config.scanRate.toMinutes()).toBe(30);
    expect(config.ttl.toHours()).toBe(24);
    expect(config.accessCheckMaxAge.toHours()).toBe(6);
    expect(config.alarmEmail).toBe('ops@example.com');
    expect(config.eventBusName).toBeUndefined();
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
    [{ changeRetentionDays: 1.5 }, 'changeRetentionDays must be an integer from 1 to 365'],
    [
      { accessCheckMaxAge: Duration.minutes(30) },
      'accessCheckMaxAge must be whole hours from 1 to 720, got 30 minutes',
    ],
    [
      { accessCheckMaxAge: Duration.days(31) },
      'accessCheckMaxAge must be whole hours from 1 to 720, got 31 days',
    ],
  ])('rejects %o', (override, message) => {
    expect(() => validateCatalogSettings({ ...valid, ...override })).toThrow(message);
  });
});
