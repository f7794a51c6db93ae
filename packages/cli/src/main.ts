import { ApiError } from './client.js';
import { type CommonValues, help, httpUrl, type Io, parseCommandLine } from './command.js';
import { changes } from './commands/changes.js';
import { lifecycle } from './commands/lifecycle.js';
import { model } from './commands/model.js';
import { prices } from './commands/prices.js';
import { profiles } from './commands/profiles.js';
import { quotas } from './commands/quotas.js';
import { regions } from './commands/regions.js';
import { resolve } from './commands/resolve.js';
import { scan } from './commands/scan.js';
import { targets } from './commands/targets.js';
import { throughputs } from './commands/throughputs.js';
import { CliError, UsageError } from './errors.js';
import {
  type CredentialSource,
  DEFAULT_URL,
  executeApiRegion,
  httpTransport,
  type Transport,
  tableTransport,
} from './transport.js';

export type { Io };

const COMMANDS = [
  regions,
  profiles,
  model,
  throughputs,
  targets,
  resolve,
  prices,
  changes,
  scan,
  lifecycle,
  quotas,
];

export const USAGE = help(COMMANDS);

export interface RunOptions {
  io?: Io;
  env?: Record<string, string | undefined>;
  /** Tests: a fixed credential source for SigV4 instead of the default chain. */
  credentials?: CredentialSource;
  now?: () => Date;
  /** Tests: how long `scan --wait` sleeps between polls. */
  pollMs?: number;
  fetch?: typeof fetch;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs one command; resolves to the process exit code (0 ok, 1 failure, 2 bad input). */
export async function run(argv: string[], options: RunOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  let transport: Transport | undefined;
  try {
    const line = parseCommandLine(argv, COMMANDS);
    if (line.kind === 'help') {
      io.stdout(line.text);
      return 0;
    }
    transport = makeTransport(line.values, options.env ?? process.env, options);
    return await line.command.run({
      values: line.values,
      arg: line.arg,
      transport,
      io,
      now: options.now ?? (() => new Date()),
      pollMs: options.pollMs ?? 1000,
    });
  } catch (error) {
    io.stderr(`bedrock-catalog: ${message(error, transport)}\n`);
    if (error instanceof UsageError) {
      io.stderr("Run 'bedrock-catalog --help' for usage.\n");
      return 2;
    }
    return 1;
  } finally {
    await transport?.close();
  }
}

function message(error: unknown, transport: Transport | undefined): string {
  if (error instanceof ApiError) {
    // The status only where there was HTTP: --table answers through the handler in-process.
    const status = transport?.kind === 'http' ? ` (HTTP ${error.status})` : '';
    return `${error.code}${status}: ${error.message}`;
  }
  if (error instanceof CliError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function makeTransport(
  values: CommonValues,
  env: Record<string, string | undefined>,
  options: RunOptions,
): Transport {
  const region = values['aws-region'];
  const credentials = options.credentials ? { credentials: options.credentials } : {};
  if (values.table !== undefined) {
    if (values.endpoint !== undefined) {
      throw new UsageError('use either --table or --endpoint, not both');
    }
    return tableTransport({
      tableName: values.table,
      endpoint: values['dynamodb-endpoint'],
      region: region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      ...credentials,
    });
  }
  const baseUrl =
    values.endpoint ?? httpUrl(env.BEDROCK_CATALOG_URL ?? DEFAULT_URL, 'BEDROCK_CATALOG_URL');
  return httpTransport({
    baseUrl,
    sigv4: values.sigv4 === true || executeApiRegion(new URL(baseUrl)) !== null,
    region,
    defaultRegion: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    ...credentials,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
