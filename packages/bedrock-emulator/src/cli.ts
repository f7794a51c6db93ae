/**
 * `npm run emulator -- --port 4010 [--host 127.0.0.1] [--page-size 10]`
 * Serves the default data until SIGINT/SIGTERM. Prints exactly one line, the URL, so scripts can
 * read it from stdout.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './server.js';

const USAGE = `Usage: npm run emulator -- [--port 4010] [--host 127.0.0.1] [--page-size 10]
  --port N        port to listen on (default 4010; 0 picks a free port)
  --host H        address to bind (default 127.0.0.1)
  --page-size N   page size of ListInferenceProfiles and ListProvisionedModelThroughputs (default 10)
`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        'page-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const values = parseOptions();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

function integerOption(name: string, raw: string, minimum: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    process.stderr.write(`--${name} must be an integer >= ${minimum}, got ${raw}\n`);
    process.exit(2);
  }
  return value;
}

const pageSize = values['page-size'];
const emulator = await startEmulator({
  port: integerOption('port', values.port, 0),
  host: values.host,
  ...(pageSize === undefined
    ? {}
    : {
        pageSize: {
          inferenceProfiles: integerOption('page-size', pageSize, 1),
          provisionedModelThroughputs: integerOption('page-size', pageSize, 1),
        },
      }),
});
process.stdout.write(
  `Bedrock emulator listening on ${emulator.url} (${emulator.regions().length} regions)\n`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
