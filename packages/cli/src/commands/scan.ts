import type { ScanStartedAnswer } from '../api-types.js';
import { call, waitForScan } from '../client.js';
import { defineCommand, printJson, region } from '../command.js';
import { UsageError } from '../errors.js';
import { ms, table } from '../format.js';

function regionList(value: string, flag: string): string[] {
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r) => region(r, flag));
  if (regions.length === 0) throw new UsageError(`scan: ${flag} needs at least one region`);
  return regions;
}

export const scan = defineCommand({
  name: 'scan',
  summary: 'start a scan now (all regions, or these)',
  options: {
    regions: {
      type: 'string',
      value: 'REGIONS',
      help: 'a comma list of regions',
      parse: regionList,
    },
    wait: { type: 'boolean', help: 'poll until the scan finishes; exit 1 if it failed' },
  },
  async run({ values, transport, io, pollMs }) {
    if (transport.kind === 'table') {
      throw new UsageError('scan needs the HTTP API (--endpoint); --table only reads');
    }
    const { regions } = values;
    const started = await call<ScanStartedAnswer>(transport, {
      method: 'POST',
      path: '/v1/scans',
      ...(regions ? { body: { regions } } : {}),
    });
    if (!values.wait) {
      if (values.json) return printJson(io, started);
      io.stdout(
        `Scan ${started.scanId} started. Follow it at GET /v1/scans/${started.scanId} (scan --wait starts a scan and waits for it)\n`,
      );
      return 0;
    }
    const finished = await waitForScan(transport, started.scanId, pollMs);
    const code = finished.status === 'failed' ? 1 : 0;
    if (values.json) {
      printJson(io, finished);
      return code;
    }
    io.stdout(`Scan ${finished.scanId}: ${finished.status} in ${ms(finished.durationMs)} ms\n`);
    if (finished.error) io.stdout(`${finished.error.code}: ${finished.error.message}\n`);
    io.stdout(
      table(
        ['REGION', 'STATUS', 'MS', 'ERROR'],
        finished.regions.map((r) => [
          r.region,
          r.status,
          ms(r.durationMs),
          r.error ? `${r.error.code}: ${r.error.message}` : '',
        ]),
      ),
    );
    return code;
  },
});
