/**
 * (f) The probe's own overhead: time to first token as the probe measures it against the
 * emulator's injected time (issue 13 §2). The probe times from the start of the HTTP attempt to
 * the first content delta, so what it adds is framing, parsing and the local socket.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { probe } from '../packages/discovery/src/probe.js';
import { log, median, ms, type Row, ratio } from './stats.js';

const INJECTED_MS = [50, 180, 500];
const PROBES = 20;
const TARGET_ID = 'bench.probe-target';

export async function benchProbe(): Promise<{ rows: Row[]; details: Record<string, number[]> }> {
  const emulator = await startEmulator({ port: 0 });
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  // The cost is not what is measured here: an unlimited budget.
  const budget = { reserve: async () => true, settle: async () => {} };
  const details: Record<string, number[]> = {};
  const rows: Row[] = [];
  try {
    for (const injected of INJECTED_MS) {
      emulator.runtime.setTarget(TARGET_ID, { ttftMs: injected });
      const samples: number[] = [];
      // One warm-up probe opens the connection.
      for (let i = 0; i <= PROBES; i++) {
        const result = await probe(
          client,
          {
            sourceRegion: 'us-east-1',
            targetId: TARGET_ID,
            tier: 'standard',
            price: { inputPer1k: 0, outputPer1k: 0 },
          },
          budget,
        );
        if (i > 0 && result.ttftMs !== null) samples.push(result.ttftMs);
      }
      details[`${injected}ms`] = samples;
      const measured = median(samples);
      log(`probe: injected ${injected} ms, measured p50 ${measured} ms over ${samples.length}`);
      const r = ratio(measured, injected);
      rows.push({
        section: 'f. probe overhead',
        metric: `time to first token as probed, median of ${PROBES} (${injected} ms injected)`,
        value: ms(measured),
        baseline: `injected ${ms(injected)}`,
        ratio: r,
        // The accuracy bound for a measured time to first token: ±15% + 10 ms.
        target: '≤ 1.15× + 10 ms',
        met: measured <= injected * 1.15 + 10,
      });
    }
  } finally {
    client.destroy();
    await emulator.close();
  }
  return { rows, details };
}
