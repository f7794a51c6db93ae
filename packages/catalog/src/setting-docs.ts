/**
 * What each numeric setting (settings.ts) is for, in a sentence. Apart from the table, which
 * every function loads, so their bundles carry no prose; read it for documentation.
 */
import type { SETTINGS } from './settings.js';

export const SETTING_DESCRIPTIONS = {
  scanInterval: 'Time between scheduled scans, whole minutes.',
  ttl: 'Item lifetime after the scan that wrote it; also more than TTL_MIN_SCAN_INTERVALS scans.',
  latencyWindow: 'Latency samples kept per region for the percentiles.',
  changeRetentionDays: 'How long change and scan records are kept (and queryable).',
  accessCheckMaxAge: "How long a model's access check is reused before it is made again.",
  scanCooldown: 'POST /v1/scans within this long of a scan of the same regions answers that scan.',
  regionDeadline: "Wall-clock budget for one region's scan, retries included.",
  pageLimit: 'Items per page of an API listing (`limit`).',
  localScanInterval:
    'Local mode: time between scans; 0 scans once at start, then on POST /v1/scans.',
  quotaRefreshInterval: "How long a region's Service Quotas are reused before they are read again.",
  priceRefreshInterval:
    'Time between Price List checks (whole hours); an offer is downloaded only when its version changed.',
  usageRefreshInterval: "How long a region's CloudWatch usage is reused before it is read again.",
  priceStaleAfter:
    "A Price List offer not confirmed by a refresh for this long makes its targets' prices `stale`.",
  probeInterval: 'Active probes (opt-in): time between probe runs, whole minutes.',
  localProbeInterval:
    'Local mode: time between probe runs against the Bedrock endpoint; 0: no probes.',
  probeMonthlyBudget:
    'Active probes: the most they spend in a UTC month, at the configured prices; no probe starts past it.',
  probeInputPrice: 'Active probes: input price of a target with no override of its own.',
  probeOutputPrice: 'Active probes: output price of a target with no override of its own.',
} as const satisfies Record<keyof typeof SETTINGS, string>;
