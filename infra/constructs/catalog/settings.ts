import type { Duration } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { CatalogRegions, CatalogSettings } from '../../config.js';

/** The validated settings with every default applied, as the capability builders take them. */
export interface ResolvedCatalogSettings extends CatalogSettings {
  /** Prefix of the Powertools service names and the alarms' `service` dimension. */
  readonly serviceName: string;
  readonly logRetention: logs.RetentionDays;
}

/** `CATALOG_REGIONS` as both functions read it: `auto` or a comma-separated list. */
export function regionsEnvValue(regions: CatalogRegions): string {
  return regions === 'auto' ? 'auto' : regions.join(',');
}

/** The scanner's Powertools service name, which is also the dimension its alarms watch. */
export function scannerServiceName(settings: ResolvedCatalogSettings): string {
  return `${settings.serviceName}-scanner`;
}

/** The price refresh's Powertools service name, the dimension of its run metrics' alarm. */
export function priceRefreshServiceName(settings: ResolvedCatalogSettings): string {
  return `${settings.serviceName}-prices`;
}

export const seconds = (duration: Duration): string => String(duration.toSeconds());
