import { describe, expect, it } from 'vitest';
import { SETTING_DESCRIPTIONS } from '../../packages/catalog/src/setting-docs.js';
import {
  describeSetting,
  isValidSetting,
  type NumericSetting,
  SETTINGS,
  TTL_MIN_SCAN_INTERVALS,
} from '../../packages/catalog/src/settings.js';

describe('SETTINGS', () => {
  it.each(Object.entries(SETTINGS))(
    '%s: its default is within its own bounds',
    (_name, setting) => {
      expect(isValidSetting(setting, setting.default)).toBe(true);
    },
  );

  it('each has a description of its own (setting-docs.ts)', () => {
    expect(Object.keys(SETTING_DESCRIPTIONS)).toEqual(Object.keys(SETTINGS));
    for (const description of Object.values(SETTING_DESCRIPTIONS))
      expect(description).toMatch(/^\S.{10,}\.$/);
  });

  it('the default TTL outlives the required scan intervals at the slowest schedule', () => {
    expect(SETTINGS.ttl.default).toBeGreaterThan(
      TTL_MIN_SCAN_INTERVALS * SETTINGS.scanInterval.max,
    );
  });

  it('the documented values', () => {
    expect(SETTINGS.scanInterval).toMatchObject({ default: 900, min: 300, max: 28_800, step: 60 });
    expect(SETTINGS.ttl).toMatchObject({ default: 259_200, min: 3600, max: 31_536_000 });
    expect(SETTINGS.latencyWindow).toMatchObject({ default: 50, min: 1, max: 1000 });
    expect(SETTINGS.changeRetentionDays).toMatchObject({ default: 30, min: 1, max: 365 });
    expect(SETTINGS.accessCheckMaxAge).toMatchObject({ default: 24, min: 1, max: 720 });
    expect(SETTINGS.regionDeadline).toMatchObject({ default: 20_000, min: 1000 });
    expect(SETTINGS.pageLimit).toMatchObject({ default: 50, min: 1, max: 100 });
  });
});

describe('isValidSetting', () => {
  const minutes: NumericSetting = {
    default: 60,
    min: 60,
    max: 600,
    unit: 'seconds',
    step: 60,
  };

  it.each([60, 120, 600])('accepts %d', (value) => {
    expect(isValidSetting(minutes, value)).toBe(true);
  });

  it.each([0, 59, 90, 660, Number.NaN, Number.POSITIVE_INFINITY])('rejects %d', (value) => {
    expect(isValidSetting(minutes, value)).toBe(false);
  });

  it('takes fractions when there is no step, and any size when there is no max', () => {
    expect(isValidSetting(SETTINGS.accessCheckMaxAge, 1.5)).toBe(true);
    expect(isValidSetting(SETTINGS.accessCheckMaxAge, 0.5)).toBe(false);
    expect(isValidSetting(SETTINGS.regionDeadline, 10_000_000)).toBe(true);
    expect(isValidSetting(SETTINGS.regionDeadline, 1000.5)).toBe(false);
  });
});

describe('describeSetting', () => {
  it.each([
    [SETTINGS.latencyWindow, 'a whole number of samples from 1 to 1000'],
    [SETTINGS.scanInterval, 'a multiple of 60 seconds from 300 to 28800'],
    [SETTINGS.accessCheckMaxAge, 'a number of hours from 1 to 720'],
    [SETTINGS.regionDeadline, 'a whole number of milliseconds, 1000 or more'],
  ])('%o', (setting, text) => {
    expect(describeSetting(setting)).toBe(text);
  });
});
