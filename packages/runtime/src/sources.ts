import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import {
  apiUrl,
  type CredentialSource,
  executeApiRegion,
  signRequest,
} from '@bedrock-profile-catalog/cli';
import {
  ApiError,
  buildSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  Snapshot,
  type SnapshotView,
} from '@bedrock-profile-catalog/query-api';

/** Where the middleware gets its snapshots: the catalog API, the table, or snapshots in hand. */
export type SnapshotSource =
  | {
      /** The catalog API's base URL (the stack output ApiUrl, or `http://127.0.0.1:3000`). */
      apiUrl: string;
      /** Sign with SigV4 as the CLI does; default: when the URL is an execute-api host. */
      sigv4?: boolean;
      /** Default: the region of an execute-api host name. */
      signingRegion?: string;
      /** Default: the Node credential provider chain. */
      credentials?: CredentialSource;
    }
  | { tableName: string; documentClient: DynamoDBDocumentClient }
  | {
      /** Snapshot objects (one per source region), or a JSON file holding one or a list. */
      snapshot: SnapshotView | readonly SnapshotView[] | string;
    };

/** A held snapshot, with the API's ETag to ask for it again cheaply. */
export interface LoadedSnapshot {
  snapshot: SnapshotView;
  etag: string | null;
}

/** Reads one region's snapshot; `held` is sent back as `If-None-Match`. Null: none for it. */
export type SnapshotLoader = (
  region: string,
  held: LoadedSnapshot | null,
) => Promise<LoadedSnapshot | null>;

const LOAD_TIMEOUT_MS = 10_000;

export function loaderFor(source: SnapshotSource): SnapshotLoader {
  if ('apiUrl' in source) return apiLoader(source);
  if ('tableName' in source) return tableLoader(source);
  return fixedLoader(source.snapshot);
}

function apiLoader(source: Extract<SnapshotSource, { apiUrl: string }>): SnapshotLoader {
  let credentials = source.credentials;
  return async (region, held) => {
    const url = apiUrl(source.apiUrl, { method: 'GET', path: '/v1/snapshot', query: { region } });
    const signingRegion = source.signingRegion ?? executeApiRegion(url);
    const sign = source.sigv4 ?? signingRegion !== null;
    let headers: Record<string, string> = {};
    if (sign) {
      if (!signingRegion) throw new Error(`cannot sign for ${source.apiUrl}: pass signingRegion`);
      credentials ??= fromNodeProviderChain();
      headers = await signRequest(url, 'GET', undefined, { region: signingRegion, credentials });
    }
    headers = {
      ...headers,
      accept: 'application/json',
      'accept-encoding': 'gzip',
      ...(held?.etag ? { 'if-none-match': held.etag } : {}),
    };
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(LOAD_TIMEOUT_MS) });
    if (response.status === 304 && held) return held;
    const text = await response.text();
    const body: unknown = text === '' ? null : JSON.parse(text);
    if (response.status === 404) return null;
    if (response.status !== 200)
      throw ApiError.of(response.status, body, `HTTP ${response.status}`);
    return { snapshot: parseSnapshot(body, url.href), etag: response.headers.get('etag') };
  };
}

function tableLoader(source: Extract<SnapshotSource, { tableName: string }>): SnapshotLoader {
  const reader = new CatalogReader({
    documentClient: source.documentClient,
    tableName: source.tableName,
    // The snapshot reads no pages a caller resumes, so no cursor is ever handed out.
    cursorSecret: randomBytes(32).toString('hex'),
  });
  return async (region) => {
    const records = await reader.snapshot(region);
    if (records.region === null && records.models.length === 0) return null;
    return { snapshot: buildSnapshot(records, new Date()), etag: null };
  };
}

function fixedLoader(given: SnapshotView | readonly SnapshotView[] | string): SnapshotLoader {
  let all: Promise<readonly SnapshotView[]> | null = null;
  const read = async (): Promise<readonly SnapshotView[]> => {
    if (typeof given !== 'string') return Array.isArray(given) ? given : [given as SnapshotView];
    const json: unknown = JSON.parse(await readFile(given, 'utf8'));
    return (Array.isArray(json) ? json : [json]).map((one) => parseSnapshot(one, given));
  };
  return async (region) => {
    all ??= read().catch((error: unknown) => {
      all = null;
      throw error;
    });
    const found = (await all).find((one) => one.sourceRegion === region);
    if (found && found.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
      throw new SnapshotFormatError('the snapshot given', found.formatVersion);
    }
    return found ? { snapshot: found, etag: null } : null;
  };
}

/** A snapshot of another format: its schema is closed, so it is refused before it is parsed. */
export class SnapshotFormatError extends Error {
  readonly code = 'SNAPSHOT_FORMAT_UNSUPPORTED';
  constructor(from: string, version: unknown) {
    super(
      `${from}: snapshot formatVersion ${String(version)}, this middleware reads ${SNAPSHOT_FORMAT_VERSION}: use a middleware and a catalog of the same release, or write the file again from GET /v1/snapshot [SNAPSHOT_FORMAT_UNSUPPORTED]`,
    );
    this.name = 'SnapshotFormatError';
  }
}

function parseSnapshot(json: unknown, from: string): SnapshotView {
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== SNAPSHOT_FORMAT_VERSION) throw new SnapshotFormatError(from, version);
  const parsed = Snapshot.safeParse(json);
  if (!parsed.success) throw new Error(`${from}: not a catalog snapshot (${parsed.error.message})`);
  return parsed.data;
}

export interface WarningLogger {
  warn(message: string): void;
}

interface Entry {
  held: LoadedSnapshot | null;
  /** When the last load finished (held or failed); 0 before the first. */
  loadedAt: number;
  loading: Promise<void> | null;
  /** Warned since the last successful load: one warning per outage, not one per call. */
  warned: boolean;
}

/**
 * Snapshots by source region, stale while revalidate: the first call for a region waits for its
 * load; later calls use what is held and, once it is older than `refreshMs`, start one reload in
 * the background. A failed load keeps what was held (or nothing: calls then go out unchanged),
 * logs one warning, and is retried on use after `retryMs`.
 */
export class SnapshotStore {
  readonly #entries = new Map<string, Entry>();
  readonly #load: SnapshotLoader;
  readonly #refreshMs: number;
  readonly #retryMs: number;
  readonly #logger: WarningLogger;

  constructor(
    load: SnapshotLoader,
    options: { refreshMs: number; retryMs: number; logger: WarningLogger },
  ) {
    this.#load = load;
    this.#refreshMs = options.refreshMs;
    this.#retryMs = options.retryMs;
    this.#logger = options.logger;
  }

  /** The snapshot held for `region`, loading it on first use; null when none can be had. */
  async get(region: string): Promise<SnapshotView | null> {
    let entry = this.#entries.get(region);
    if (!entry) {
      entry = { held: null, loadedAt: 0, loading: null, warned: false };
      this.#entries.set(region, entry);
    }
    if (entry.loadedAt === 0) {
      await this.#reload(region, entry);
    } else {
      const age = Date.now() - entry.loadedAt;
      if (age >= (entry.held ? this.#refreshMs : this.#retryMs)) void this.#reload(region, entry);
    }
    return entry.held?.snapshot ?? null;
  }

  /** The held snapshot without loading (null when none). */
  held(region: string): SnapshotView | null {
    return this.#entries.get(region)?.held?.snapshot ?? null;
  }

  /** Loads `region` now (joining a load under way). */
  async refresh(region: string): Promise<void> {
    const entry = this.#entries.get(region) ?? {
      held: null,
      loadedAt: 0,
      loading: null,
      warned: false,
    };
    this.#entries.set(region, entry);
    await this.#reload(region, entry);
  }

  #reload(region: string, entry: Entry): Promise<void> {
    entry.loading ??= this.#load(region, entry.held)
      .then(
        (loaded) => {
          if (loaded === null && entry.held === null) {
            this.#warn(entry, `the catalog has no snapshot for ${region}`);
          }
          if (loaded !== null) {
            entry.held = loaded;
            entry.warned = false;
          }
        },
        (error: unknown) => {
          this.#warn(entry, `cannot load the catalog snapshot for ${region}: ${messageOf(error)}`);
        },
      )
      .finally(() => {
        entry.loadedAt = Date.now();
        entry.loading = null;
      });
    return entry.loading;
  }

  #warn(entry: Entry, reason: string) {
    if (entry.warned) return;
    entry.warned = true;
    const outcome = entry.held
      ? 'calls keep the snapshot held'
      : 'calls go out with the model ID as given';
    this.#logger.warn(`catalog routing: ${reason}; ${outcome}`);
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause ? `${error.message} (${cause})` : error.message;
}
