/**
 * (b) Write cost: DynamoDB write requests of the catalog writer for a first scan, an unchanged
 * rescan and a rescan with 1% of the profiles changed, against the naive writer (every item
 * rewritten with a fresh TTL) scanning the same emulator state in the same run. Counted by SDK
 * middleware on each writer's own DynamoDB client. Counts are deterministic: one run each.
 */
import { seededRandom } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogWriter } from '@bedrock-profile-catalog/catalog';
import {
  createBedrockClientFactory,
  createScanner,
  type ScanCatalogWriter,
  summaryOf,
} from '@bedrock-profile-catalog/discovery';
import { type CountedTable, createCountedTable, LOCAL_CREDENTIALS, RemoteEmulator } from './env.js';
import { NaiveWriter } from './naive-writer.js';
import { type Row, ratio } from './stats.js';

interface Counts {
  itemWrites: number;
  writeCalls: number;
  readCalls: number;
}

export interface WriteCostDetails {
  regions: number;
  profiles: number;
  changedProfiles: number;
  phases: Record<string, { catalog: Counts; naive: Counts }>;
}

/** @param emulatorUrl an emulator with the default data set; 1% of its profiles get changed. */
export async function benchWriteCost(
  dynamoEndpoint: string,
  emulatorUrl: string,
): Promise<{ rows: Row[]; details: WriteCostDetails }> {
  const emulator = new RemoteEmulator(emulatorUrl);
  const regions = await emulator.regions();
  const factory = createBedrockClientFactory({
    endpoint: emulatorUrl,
    credentials: LOCAL_CREDENTIALS,
  });
  const ours = await createCountedTable(dynamoEndpoint, 'bench-writes');
  const naive = await createCountedTable(dynamoEndpoint, 'bench-naive');
  const catalogWriter = new CatalogWriter({
    documentClient: ours.documentClient,
    tableName: ours.tableName,
  });
  const naiveWriter = new NaiveWriter(naive.documentClient, naive.tableName);

  const scanWith = async (writer: ScanCatalogWriter, table: CountedTable): Promise<Counts> => {
    table.counter.reset();
    const scanner = createScanner({
      clientFor: factory.clientFor,
      writer,
      publishChanges: async () => {},
      regions,
      settings: { regionDeadlineMs: 30_000 },
    });
    const summary = summaryOf(await scanner.scan({ trigger: 'bench' }));
    if (summary.regionsFailed > 0) throw new Error('write-cost scan had failed regions');
    const { itemWrites, writeCalls, readCalls } = table.counter;
    return { itemWrites, writeCalls, readCalls };
  };
  const phase = async () => ({
    catalog: await scanWith(catalogWriter, ours),
    naive: await scanWith(naiveWriter, naive),
  });

  const data = await emulator.data();
  const profiles = Object.entries(data.regions).flatMap(([region, r]) =>
    r.inferenceProfiles.map((p) => ({ region, profile: p })),
  );
  const changedCount = Math.max(1, Math.round(profiles.length / 100));
  const details: WriteCostDetails = {
    regions: regions.length,
    profiles: profiles.length,
    changedProfiles: changedCount,
    phases: {},
  };
  try {
    details.phases.first = await phase();
    details.phases.unchanged = await phase();
    // 1% of the profiles get a new description (same ID): a content change the writer must see.
    const random = seededRandom(6);
    const picked = new Set<number>();
    while (picked.size < changedCount) picked.add(Math.floor(random() * profiles.length));
    for (const index of picked) {
      const entry = profiles[index];
      if (!entry) continue;
      const { region, profile } = entry;
      await emulator.addProfile(region, {
        ...profile,
        description: `${profile.description ?? ''} (changed by the benchmark)`,
      });
    }
    details.phases.changed = await phase();
  } finally {
    factory.destroy();
  }

  const section = `b. write cost (${regions.length} regions, ${profiles.length} profiles)`;
  const label: Record<string, string> = {
    first: 'first scan',
    unchanged: 'unchanged rescan',
    changed: `rescan, 1% profiles changed (${changedCount})`,
  };
  const rows: Row[] = [];
  for (const [name, counts] of Object.entries(details.phases)) {
    const r = ratio(counts.catalog.itemWrites, counts.naive.itemWrites);
    rows.push({
      section,
      metric: `${label[name]}: item writes (write calls; reads)`,
      value: `${counts.catalog.itemWrites} (${counts.catalog.writeCalls}; ${counts.catalog.readCalls} reads)`,
      baseline: `naive ${counts.naive.itemWrites} (${counts.naive.writeCalls}; ${counts.naive.readCalls} reads)`,
      ratio: r,
      target: name === 'unchanged' ? '≤ 0.05×' : '(info)',
      met: name === 'unchanged' ? r <= 0.05 : null,
    });
  }
  return { rows, details };
}
