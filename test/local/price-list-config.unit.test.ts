import { LocalConfigError, loadLocalConfig } from '@bedrock-profile-catalog/local';
import { describe, expect, it } from 'vitest';
import { startupErrorLine } from '../../packages/local/src/startup-error.js';

describe('local mode: PRICE_LIST_URL', () => {
  it('is unset by default (the Price List follows BEDROCK_ENDPOINT)', () => {
    expect(loadLocalConfig({}).priceListUrl).toBeUndefined();
  });

  it.each(['aws', 'http://127.0.0.1:4010', 'https://pricing.us-east-1.amazonaws.com'])(
    'takes %s',
    (value) => {
      expect(loadLocalConfig({ PRICE_LIST_URL: value }).priceListUrl).toBe(value);
    },
  );

  it.each(['pricing.us-east-1.amazonaws.com', 'ftp://mirror', ''])(
    'refuses %j with one line and a code',
    (value) => {
      let error: unknown;
      try {
        loadLocalConfig({ PRICE_LIST_URL: value });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(LocalConfigError);
      const line = startupErrorLine(error as LocalConfigError);
      expect(line).toBe(
        "bedrock-profile-catalog: invalid environment: PRICE_LIST_URL must be 'aws' or an http(s) URL such as http://127.0.0.1:4010 [INVALID_ENVIRONMENT]",
      );
    },
  );
});
