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

  it.each(['0', '-1', 'soon', '10000'])('rejects %s, naming the variable', (value) => {
    const env = { ...BASE, [SCANNER_ENV.accessCheckMaxAgeHours]: value };
    expect(() => loadScannerConfig(env)).toThrow(SCANNER_ENV.accessCheckMaxAgeHours);
  });
});
