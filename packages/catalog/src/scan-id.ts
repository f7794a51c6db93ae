import { randomBytes } from 'node:crypto';

/**
 * Scan IDs sort by start time and are URL-safe: `20261126T214322123Z-1a2b3c4d`. The start time
 * inside is only for people; ordering between scans uses the scan record's `startedAt`. A fixed
 * `suffix` makes the ID repeatable (a scheduled scan's, from its scheduled time).
 */
export function createScanId(startedAt: Date, suffix = randomBytes(4).toString('hex')): string {
  const stamp = startedAt.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${suffix}`;
}

export const SCAN_ID_PATTERN = /^[A-Za-z0-9-]{1,80}$/;
