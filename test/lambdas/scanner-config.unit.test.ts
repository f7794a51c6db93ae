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
