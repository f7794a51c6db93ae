import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { describe, expect, it } from 'vitest';
import { SCANNER_ENV } from '../../lambdas/contract.js';
import { loadScannerConfig } from '../../lambdas/scanner/config.js';

const BASE = { [SCANNER_ENV.tableName]: 'catalog-table' };
const HOUR_MS = 60 * 60 * 1000;

describe('Function: loadScannerConfig, access check age', () => {
  it('reuses access checks for 24 hours unless told otherwise', () => {
    expect(loadScannerConfig(BASE).accessCheckMaxAgeMs).toBe(24 * HOUR_MS);
  });

  it('reads ACCESS_CHECK_MAX_AGE_HOURS, fractions included', () => {
    const env = { ...BASE, [SCANNER_ENV.accessCheckMaxAgeHours]: '1.5' };
    expect(loadScannerConfig(env).accessCheckMaxAgeMs).toBe(1.5 * HOUR_MS);
  });

  it.each(['0', '0.5', '-1', 'soon', '10000'])('rejects %s, naming the variable', (value) => {
    const env = { ...BASE, [SCANNER_ENV.accessCheckMaxAgeHours]: value };
    expect(() => loadScannerConfig(env)).toThrow(SCANNER_ENV.accessCheckMaxAgeHours);
  });
});

describe('Function: loadScannerConfig, latency window', () => {
  // The construct and cdk.json accept catalog:latencyWindow from 1 to 1000; a value the scanner
  // then refused would fail every scan at init.
  it.each(['1', '1000'])('accepts LATENCY_WINDOW=%s, the bounds the construct allows', (value) => {
    const env = { ...BASE, [SCANNER_ENV.latencyWindow]: value };
    expect(loadScannerConfig(env).latencyWindow).toBe(Number(value));
  });

  it.each(['0', '1001', 'many'])('rejects LATENCY_WINDOW=%s, naming the variable', (value) => {
    const env = { ...BASE, [SCANNER_ENV.latencyWindow]: value };
    expect(() => loadScannerConfig(env)).toThrow(SCANNER_ENV.latencyWindow);
  });
});

describe('Function: loadScannerConfig, defaults and bounds from SETTINGS', () => {
  it('defaults every setting to the table', () => {
    expect(loadScannerConfig(BASE)).toMatchObject({
      regions: 'auto',
      scanIntervalSeconds: SETTINGS.scanInterval.default,
      ttlSeconds: SETTINGS.ttl.default,
      latencyWindow: SETTINGS.latencyWindow.default,
      changeRetentionDays: SETTINGS.changeRetentionDays.default,
      regionDeadlineMs: SETTINGS.regionDeadline.default,
      accessCheckMaxAgeMs: SETTINGS.accessCheckMaxAge.default * HOUR_MS,
    });
  });

  it.each([
    [SCANNER_ENV.scanIntervalSeconds, '300', 300],
    [SCANNER_ENV.scanIntervalSeconds, '28800', 28_800],
    [SCANNER_ENV.ttlSeconds, '3600', 3600],
    [SCANNER_ENV.ttlSeconds, '31536000', 31_536_000],
    [SCANNER_ENV.changeRetentionDays, '365', 365],
    [SCANNER_ENV.regionDeadlineMs, '1000', 1000],
  ])('accepts %s=%s, a bound the construct allows', (name, value, expected) => {
    const parsed = loadScannerConfig({ ...BASE, [name]: value });
    expect(Object.values(parsed)).toContain(expected);
  });

  it.each([
    [SCANNER_ENV.scanIntervalSeconds, '240', 'a multiple of 60 seconds from 300 to 28800'],
    [SCANNER_ENV.scanIntervalSeconds, '330', 'a multiple of 60 seconds from 300 to 28800'],
    [SCANNER_ENV.scanIntervalSeconds, '28860', 'a multiple of 60 seconds from 300 to 28800'],
    [SCANNER_ENV.ttlSeconds, '3599', 'a whole number of seconds from 3600 to 31536000'],
    [SCANNER_ENV.ttlSeconds, '31536001', 'a whole number of seconds from 3600 to 31536000'],
    [SCANNER_ENV.changeRetentionDays, '366', 'a whole number of days from 1 to 365'],
    [SCANNER_ENV.regionDeadlineMs, '999', 'a whole number of milliseconds, 1000 or more'],
    [SCANNER_ENV.latencyWindow, '1.5', 'a whole number of samples from 1 to 1000'],
  ])('rejects %s=%s, naming the variable and the range', (name, value, range) => {
    const env = { ...BASE, [name]: value };
    expect(() => loadScannerConfig(env)).toThrow(name);
    expect(() => loadScannerConfig(env)).toThrow(`must be ${range}`);
  });
});

describe('Function: loadScannerConfig, quota refresh interval', () => {
  it('reads Service Quotas again after SETTINGS.quotaRefreshInterval hours by default', () => {
    expect(loadScannerConfig(BASE).quotaRefreshMs).toBe(
      SETTINGS.quotaRefreshInterval.default * HOUR_MS,
    );
  });

  it('reads QUOTA_REFRESH_HOURS', () => {
    const env = { ...BASE, [SCANNER_ENV.quotaRefreshHours]: '12' };
    expect(loadScannerConfig(env).quotaRefreshMs).toBe(12 * HOUR_MS);
  });

  it.each(['0', '169', 'often'])('rejects QUOTA_REFRESH_HOURS=%s, naming the variable', (value) => {
    const env = { ...BASE, [SCANNER_ENV.quotaRefreshHours]: value };
    expect(() => loadScannerConfig(env)).toThrow(SCANNER_ENV.quotaRefreshHours);
  });
});

describe('Function: loadScannerConfig, partitions', () => {
  it.each([
    ['us-gov-west-1', 'us-gov-east-1,us-gov-west-1'],
    ['eusc-de-east-1', 'eusc-de-east-1'],
    ['us-east-1', 'eu-west-1,us-east-1'],
    ['us-gov-west-1', 'auto'],
  ])('AWS_REGION=%s may scan %s', (own, regions) => {
    const config = loadScannerConfig({
      ...BASE,
      AWS_REGION: own,
      [SCANNER_ENV.regions]: regions,
    });
    expect(config.ownRegion).toBe(own);
    expect(config.regions).toEqual(regions === 'auto' ? 'auto' : regions.split(','));
  });

  it('refuses regions of another partition at init, naming them and the variable', () => {
    expect(() =>
      loadScannerConfig({
        ...BASE,
        AWS_REGION: 'us-gov-west-1',
        [SCANNER_ENV.regions]: 'us-gov-west-1,us-east-1,eusc-de-east-1',
      }),
    ).toThrow(
      "CATALOG_REGIONS: us-east-1, eusc-de-east-1 not in this deployment's partition aws-us-gov (AWS_REGION=us-gov-west-1)",
    );
  });
});
