import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { describe, expect, it } from 'vitest';
import { QUERY_ENV } from '../../lambdas/contract.js';
import { loadQueryConfig } from '../../lambdas/query/config.js';

const BASE = {
  [QUERY_ENV.tableName]: 'catalog-table',
  [QUERY_ENV.cursorSecret]: 'query-config-secret-0123',
  [QUERY_ENV.eventBusName]: 'default',
};

describe('Function: loadQueryConfig', () => {
  it('defaults the scan interval to the table', () => {
    expect(loadQueryConfig(BASE).scanIntervalSeconds).toBe(SETTINGS.scanInterval.default);
  });

  it('reads the interval the construct sets', () => {
    const env = { ...BASE, [QUERY_ENV.scanIntervalSeconds]: '3600' };
    expect(loadQueryConfig(env).scanIntervalSeconds).toBe(3600);
  });

  it.each(['0', '30', '90000', 'soon'])(
    'rejects SCAN_INTERVAL_SECONDS=%s with its range',
    (value) => {
      const env = { ...BASE, [QUERY_ENV.scanIntervalSeconds]: value };
      expect(() => loadQueryConfig(env)).toThrow(QUERY_ENV.scanIntervalSeconds);
      expect(() => loadQueryConfig(env)).toThrow(
        'must be a multiple of 60 seconds from 300 to 28800',
      );
    },
  );

  it('reads the scan cooldown, 60 s by default, and rejects one out of range', () => {
    expect(loadQueryConfig(BASE).scanCooldownSeconds).toBe(60);
    expect(
      loadQueryConfig({ ...BASE, [QUERY_ENV.scanCooldownSeconds]: '0' }).scanCooldownSeconds,
    ).toBe(0);
    const env = { ...BASE, [QUERY_ENV.scanCooldownSeconds]: '7200' };
    expect(() => loadQueryConfig(env)).toThrow(QUERY_ENV.scanCooldownSeconds);
  });

  it('takes the cursor key from the secret named by CURSOR_SECRET_ARN, never from a value', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:CursorSecret-abc123';
    const { [QUERY_ENV.cursorSecret]: _plain, ...deployed } = BASE;
    const env = { ...deployed, [QUERY_ENV.cursorSecretArn]: arn };

    expect(loadQueryConfig(env).cursorSecret).toEqual({ secretId: arn });
    expect(loadQueryConfig(BASE).cursorSecret).toEqual({ value: 'query-config-secret-0123' });
  });

  it('refuses both or neither of CURSOR_SECRET_ARN and CURSOR_SECRET', () => {
    const { [QUERY_ENV.cursorSecret]: _plain, ...neither } = BASE;
    const both = { ...BASE, [QUERY_ENV.cursorSecretArn]: 'arn:aws:secretsmanager:x' };

    for (const env of [neither, both]) {
      expect(() => loadQueryConfig(env)).toThrow(
        'set exactly one of CURSOR_SECRET_ARN (deployed) or CURSOR_SECRET (local runs)',
      );
    }
  });
});
