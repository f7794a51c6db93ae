import { settingIssue } from '@bedrock-profile-catalog/catalog';
import { PriceListConfigError, priceListBaseUrl } from '@bedrock-profile-catalog/discovery';
import * as z from 'zod/mini';
import { PRICE_REFRESH_ENV } from '../contract.js';

const PriceRefreshEnv = z.object({
  [PRICE_REFRESH_ENV.tableName]: z.string().check(z.minLength(3)),
  [PRICE_REFRESH_ENV.priceListUrl]: z.optional(z.string()),
  [PRICE_REFRESH_ENV.eventBusName]: z.string().check(z.minLength(1)),
});

/** The price refresh's configuration cannot be read; one line naming the variable. */
export class PriceRefreshConfigError extends Error {
  override readonly name = 'PriceRefreshConfigError';
  readonly code = 'INVALID_PRICE_REFRESH_CONFIG';
}

/** Parsed once at module load: a bad deployment fails at init with one line naming the variable. */
export function loadPriceRefreshConfig(env: NodeJS.ProcessEnv) {
  const parsed = PriceRefreshEnv.safeParse(env);
  if (!parsed.success) {
    throw new PriceRefreshConfigError(
      `invalid price refresh configuration: ${settingIssue(parsed.error)}`,
    );
  }
  try {
    return {
      tableName: parsed.data[PRICE_REFRESH_ENV.tableName],
      eventBusName: parsed.data[PRICE_REFRESH_ENV.eventBusName],
      // Unset (as deployed): AWS's public host, which needs no credentials.
      priceListUrl: priceListBaseUrl({ priceListUrl: parsed.data[PRICE_REFRESH_ENV.priceListUrl] }),
    };
  } catch (error) {
    if (error instanceof PriceListConfigError) {
      throw new PriceRefreshConfigError(`invalid price refresh configuration: ${error.message}`);
    }
    throw error;
  }
}

export type PriceRefreshConfig = ReturnType<typeof loadPriceRefreshConfig>;
