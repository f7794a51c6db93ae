import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { LocalConfigError, loadLocalConfig } from './config.js';
import { startLocalCatalog } from './local-catalog.js';
import { startupErrorLine } from './startup-error.js';

/** `npm start`: the whole catalog on this machine until Ctrl-C. */
async function main() {
  const config = loadLocalConfig(process.env);
  process.stdout.write('Starting bedrock-profile-catalog locally (first scan in progress)…\n');
  const catalog = await startLocalCatalog(config);
  const model = encodeURIComponent('anthropic.claude-3-haiku-20240307-v1:0');
  process.stdout.write(
    [
      '',
      `bedrock-profile-catalog is running at ${catalog.url}`,
      `  explorer: ${catalog.url}/  (CLI: npx bedrock-catalog --help)`,
      `  regions: ${catalog.regions.join(', ')}`,
      `  bedrock: ${catalog.emulator ? `embedded emulator ${catalog.emulator.url}` : (config.bedrockEndpoint ?? '')}`,
      `  table:   ${catalog.tableName} on ${catalog.dynamoEndpoint ?? 'AWS DynamoDB'}`,
      `  prices:  ${catalog.priceListUrl}/offers/v1.0/aws/index.json (refreshed now, then every ${SETTINGS.priceRefreshInterval.default} h)`,
      '',
      'Try:',
      `  curl -s ${catalog.url}/v1/regions`,
      `  curl -s "${catalog.url}/v1/models/${model}/invoke-targets?sourceRegion=eu-west-1"`,
      `  curl -s ${catalog.url}/v1/models/${model}/regions`,
      `  curl -s "${catalog.url}/v1/profiles/us.${model}/model?region=us-east-1"`,
      `  curl -s -X POST ${catalog.url}/v1/scans`,
      `  curl -s ${catalog.url}/openapi.json`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    catalog.close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof LocalConfigError) {
    process.stderr.write(`${startupErrorLine(error)}\n`);
  } else {
    process.stderr.write(
      `bedrock-profile-catalog failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
