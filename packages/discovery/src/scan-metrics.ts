/**
 * The metrics a scan emits, once per scan that ran. Constants only (no imports): the Lambda
 * contract imports this file, so the alarms watch exactly the names the scanner emits.
 */
export const SCAN_METRICS = {
  regionsScanned: 'RegionsScanned',
  regionsFailed: 'RegionsFailed',
  itemsWritten: 'ItemsWritten',
  accessChecks: 'AccessChecks',
  accessCheckFailures: 'AccessCheckFailures',
  durationMs: 'ScanDurationMs',
} as const;
