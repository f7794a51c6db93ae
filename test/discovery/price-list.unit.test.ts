import { describe, expect, it } from 'vitest';
import {
  AWS_PRICE_LIST_URL,
  PriceListConfigError,
  priceListBaseUrl,
} from '../../packages/discovery/src/price-list.js';

describe('priceListBaseUrl', () => {
  it('takes PRICE_LIST_URL first, with aws meaning the public host', () => {
    expect(
      priceListBaseUrl({ priceListUrl: 'http://127.0.0.1:4010/', bedrockEndpoint: 'aws' }),
    ).toBe('http://127.0.0.1:4010');
    expect(priceListBaseUrl({ priceListUrl: 'aws', bedrockEndpoint: 'http://127.0.0.1:1' })).toBe(
      AWS_PRICE_LIST_URL,
    );
  });

  it('follows BEDROCK_ENDPOINT when unset: the emulator, or the public host for aws', () => {
    expect(priceListBaseUrl({ bedrockEndpoint: 'http://127.0.0.1:53121' })).toBe(
      'http://127.0.0.1:53121',
    );
    expect(priceListBaseUrl({ bedrockEndpoint: 'aws' })).toBe(AWS_PRICE_LIST_URL);
    expect(priceListBaseUrl({})).toBe('https://pricing.us-east-1.amazonaws.com');
  });

  it('refuses anything else with a one-line message and a code', () => {
    const attempt = () => priceListBaseUrl({ priceListUrl: 'pricing.example' });
    expect(attempt).toThrow(PriceListConfigError);
    expect(attempt).toThrow(
      "PRICE_LIST_URL must be 'aws' or an http(s) base URL such as http://127.0.0.1:4010 (got 'pricing.example')",
    );
    expect(new PriceListConfigError('x').code).toBe('invalidPriceListUrl');
  });
});
