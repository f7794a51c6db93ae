/** Shared set-up: one dynalite per run, catalog tables on it, and DynamoDB clients that count. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  EmulatorData,
  EmulatorStats,
  Fault,
  NewInferenceProfile,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { catalogCreateTableInput } from '@bedrock-profile-catalog/catalog';
import dynalite from 'dynalite';
import type { ServicesSpec } from './data.js';

export const LOCAL_CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

export interface Dynalite {
  endpoint: string;
  close(): Promise<void>;
}

/** An in-memory dynalite on a random loopback port (the same settings as the tests). */
export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
const READ_COMMANDS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'BatchGetItemCommand',
  'ScanCommand',
]);

/** DynamoDB requests as the SDK sent them (one per `send`, before retries). */
export interface RequestCounter {
  /** Write API calls (PutItem, BatchWriteItem, …). */
  writeCalls: number;
  /** Items written: each Put/Delete inside a BatchWriteItem counts, as DynamoDB bills it. */
  itemWrites: number;
  readCalls: number;
  byCommand: Record<string, number>;
  reset(): void;
}

function newCounter(): RequestCounter {
  const counter: RequestCounter = {
    writeCalls: 0,
    itemWrites: 0,
    readCalls: 0,
    byCommand: {},
    reset() {
      counter.writeCalls = 0;
      counter.itemWrites = 0;
      counter.readCalls = 0;
      counter.byCommand = {};
    },
  };
  return counter;
}

function itemsIn(commandName: string, input: Record<string, unknown>): number {
  if (commandName === 'BatchWriteItemCommand') {
    const requestItems = (input.RequestItems ?? {}) as Record<string, unknown[]>;
    return Object.values(requestItems).reduce((n, list) => n + list.length, 0);
  }
  if (commandName === 'TransactWriteItemsCommand') {
    return ((input.TransactItems ?? []) as unknown[]).length;
  }
  return 1;
}

export interface CountedTable {
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  counter: RequestCounter;
}

/** A DynamoDB client on `endpoint` whose middleware counts every request it sends. */
export function countedClients(endpoint: string): Omit<CountedTable, 'tableName'> {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const counter = newCounter();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counter.byCommand[name] = (counter.byCommand[name] ?? 0) + 1;
      if (WRITE_COMMANDS.has(name)) {
        counter.writeCalls += 1;
        counter.itemWrites += itemsIn(name, args.input as Record<string, unknown>);
      } else if (READ_COMMANDS.has(name)) {
        counter.readCalls += 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, documentClient, counter };
}

/** A fresh catalog table (schema from the catalog package) with counting clients. */
export async function createCountedTable(endpoint: string, prefix: string): Promise<CountedTable> {
  const clients = countedClients(endpoint);
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await clients.client.send(new CreateTableCommand(catalogCreateTableInput(tableName)));
  await waitUntilTableExists(
    { client: clients.client, maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 },
    { TableName: tableName },
  );
  clients.counter.reset();
  return { ...clients, tableName };
}

export interface Services {
  dynamo: string | null;
  emulators: Record<string, string>;
  close(): Promise<void>;
}

/** Starts bench/services.ts in a child process and waits for its URLs. */
export async function startServices(spec: ServicesSpec): Promise<Services> {
  const entry = fileURLToPath(new URL('./services.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, BENCH_SERVICES_SPEC: JSON.stringify(spec) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(buffer.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`services child exited early (${code})`)));
  });
  const urls = JSON.parse(line) as { dynamo: string | null; emulators: Record<string, string> };
  return {
    ...urls,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The emulator's control endpoint (README: "Control endpoint"), for an emulator in a child. */
export class RemoteEmulator {
  constructor(readonly url: string) {}

  async #call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}/__emulator${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status}`);
    const text = await response.text();
    return text === '' ? undefined : JSON.parse(text);
  }

  async regions(): Promise<string[]> {
    const state = (await this.#call('GET', '/state')) as { regions: string[] };
    return state.regions;
  }

  async data(): Promise<EmulatorData> {
    return (await this.#call('GET', '/data')) as EmulatorData;
  }

  async setFault(region: string, fault: Fault): Promise<void> {
    await this.#call('PUT', `/faults/${region}`, fault);
  }

  async clearFaults(): Promise<void> {
    await this.#call('DELETE', '/faults');
  }

  async addProfile(region: string, profile: NewInferenceProfile): Promise<void> {
    await this.#call('POST', `/regions/${region}/profiles`, profile);
  }

  async stats(): Promise<EmulatorStats> {
    return (await this.#call('GET', '/stats')) as EmulatorStats;
  }

  async resetStats(): Promise<void> {
    await this.#call('DELETE', '/stats');
  }
}
