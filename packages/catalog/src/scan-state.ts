import type { ScanRecord } from './records.js';

/**
 * A scan as it stands at `now`: a record still `running` past its `deadlineAt` belongs to a
 * scanner that is gone (timed out, killed) and will never finish it, so it reads as `failed`
 * with error `interrupted`. Nothing has to run for a dead scan to stop reading `running`.
 */
export function settleScan(scan: ScanRecord, now: Date): ScanRecord {
  const pastDeadline =
    scan.status === 'running' &&
    scan.deadlineAt !== undefined &&
    Date.parse(scan.deadlineAt) < now.getTime();
  if (!pastDeadline) return scan;
  return {
    ...scan,
    status: 'failed',
    error: {
      code: 'interrupted',
      message: `the scanner stopped before finishing this scan: still running at its deadline ${scan.deadlineAt}`,
    },
  };
}
