import { DEFAULT_PRICE_STALE_AFTER_MS } from '@bedrock-profile-catalog/catalog';
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { describe, expect, it } from 'vitest';
import { QUERY_ENV } from '../../lambdas/contract.js';
import { loadQueryConfig } from '../../lambdas/query/config.js';

const BASE = {
  [QUERY_ENV.tableName]: 'catalog-table',
  [QUERY_ENV.cursorSecret]: 'query-config-secret-0123',
};
const HOUR_MS = 3_600_000;

describe('setting priceStaleAfter: one source for the library and the query function', () => {
  it('is the library default, in hours', () => {
    expect(SETTINGS.priceStaleAfter).toMatchObject({ default: 24, unit: 'hours' });
    expect(DEFAULT_PRICE_STALE_AFTER_MS).toBe(SETTINGS.priceStaleAfter.default * HOUR_MS);
    expect(loadQueryConfig(BASE).priceStaleAfterMs).toBe(DEFAULT_PRICE_STALE_AFTER_MS);
  });

  it('reads PRICE_STALE_AFTER_HOURS', () => {
    const env = { ...BASE, [QUERY_ENV.priceStaleAfterHours]: '48' };
    expect(loadQueryConfig(env).priceStaleAfterMs).toBe(48 * HOUR_MS);
  });

  it.each(['0', '721', 'daily'])('rejects PRICE_STALE_AFTER_HOURS=%s with its range', (value) => {
    const env = { ...BASE, [QUERY_ENV.priceStaleAfterHours]: value };
    expect(() => loadQueryConfig(env)).toThrow(QUERY_ENV.priceStaleAfterHours);
    expect(() => loadQueryConfig(env)).toThrow('must be a number of hours from 1 to 720');
  });
});
