import { describe, expect, it } from 'vitest';
import { PRICE_REFRESH_ENV } from '../../lambdas/contract.js';
import {
  loadPriceRefreshConfig,
  PriceRefreshConfigError,
} from '../../lambdas/price-refresh/config.js';

const BASE = {
  [PRICE_REFRESH_ENV.tableName]: 'catalog-table',
  [PRICE_REFRESH_ENV.eventBusName]: 'catalog-bus',
};

describe('price refresh configuration', () => {
  it("reads AWS's public Price List host when PRICE_LIST_URL is unset (as deployed)", () => {
    expect(loadPriceRefreshConfig(BASE)).toEqual({
      tableName: 'catalog-table',
      eventBusName: 'catalog-bus',
      priceListUrl: 'https://pricing.us-east-1.amazonaws.com',
    });
  });

  it('takes a base URL (trailing slash dropped) or aws', () => {
    const env = { ...BASE, [PRICE_REFRESH_ENV.priceListUrl]: 'http://127.0.0.1:4010/' };
    expect(loadPriceRefreshConfig(env).priceListUrl).toBe('http://127.0.0.1:4010');
    expect(
      loadPriceRefreshConfig({ ...BASE, [PRICE_REFRESH_ENV.priceListUrl]: 'aws' }).priceListUrl,
    ).toBe('https://pricing.us-east-1.amazonaws.com');
  });

  it.each([
    [{ ...BASE, [PRICE_REFRESH_ENV.priceListUrl]: 'pricing.example' }, /PRICE_LIST_URL must be/],
    [{}, /TABLE_NAME/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadPriceRefreshConfig(env);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PriceRefreshConfigError);
    expect((error as PriceRefreshConfigError).code).toBe('INVALID_PRICE_REFRESH_CONFIG');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
