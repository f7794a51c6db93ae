import { startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { createBedrockClientFactory } from '../../packages/discovery/src/client.js';
import { scanRegion } from '../../packages/discovery/src/scan.js';

const emu = await startEmulator();
const f = createBedrockClientFactory({
  endpoint: emu.url,
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
for (const r of [...emu.regions(), 'af-south-1']) {
  const res = await scanRegion(r, { client: f.clientFor(r) });
  console.log(
    r,
    res.ok ? JSON.stringify(res.counts) : JSON.stringify(res.error),
    JSON.stringify(res.pagesByListing),
    res.ok && res.dropped.length,
    res.attemptTimings.length,
    res.latencySamples.length,
  );
}
f.destroy();
await emu.close();
