/**
 * Refreshes Bedrock prices from the AWS Price List bulk files: public HTTPS, no credentials.
 * It reads the offer index, then each Bedrock offer's version index (small), and downloads an
 * offer's `current/index.json` only when its `currentVersion` differs from the stored one. The
 * download is parsed as it streams; an offer that fails to download or parse keeps its last
 * good snapshot, and the failure is reported, not thrown.
 */
import {
  BEDROCK_OFFERS,
  type ClassifiedRow,
  classifyPriceRow,
  type ModelDirectory,
  type OfferProduct,
  type OfferSkuTerms,
  type PriceRow,
  priceRowsOf,
} from '@bedrock-profile-catalog/catalog';
import * as z from 'zod/mini';
import { JsonEntryScanner, OfferParseError } from './price-list-stream.js';

/** The public bulk API host (its offer files are the same from every region). */
export const AWS_PRICE_LIST_URL = 'https://pricing.us-east-1.amazonaws.com';
const INDEX_PATH = '/offers/v1.0/aws/index.json';

/**
 * Where the Price List is read from. `PRICE_LIST_URL` is the base URL holding
 * `offers/v1.0/aws/index.json` (`aws`: the public host). Unset, it follows `BEDROCK_ENDPOINT`:
 * an emulator URL serves its offer slice on the same port, `aws` means the public host, and
 * unset means the deployed default (the public host).
 */
export function priceListBaseUrl(env: {
  readonly priceListUrl?: string | undefined;
  readonly bedrockEndpoint?: string | undefined;
}): string {
  const chosen = env.priceListUrl?.trim() || env.bedrockEndpoint?.trim() || 'aws';
  if (chosen === 'aws') return AWS_PRICE_LIST_URL;
  if (!/^https?:\/\/[^/\s]+/.test(chosen)) {
    throw new PriceListConfigError(
      `PRICE_LIST_URL must be 'aws' or an http(s) base URL such as http://127.0.0.1:4010 (got '${chosen}')`,
    );
  }
  return chosen.replace(/\/+$/, '');
}

export class PriceListConfigError extends Error {
  override readonly name = 'PriceListConfigError';
  readonly code = 'invalidPriceListUrl';
}

const OfferIndex = z.object({
  offers: z.record(
    z.string(),
    z.object({ versionIndexUrl: z.string(), currentVersionUrl: z.string() }),
  ),
});
const VersionIndex = z.object({ currentVersion: z.string().check(z.minLength(1)) });
const OfferHeader = z.object({
  offerCode: z.string(),
  version: z.string().check(z.minLength(1)),
  publicationDate: z.string().check(z.minLength(1)),
});

/** Row counts per classification state, for `/v1/prices/sources` and the alarms. */
export type OfferCounts = Record<ClassifiedRow['status'], number> & { rows: number };

/** One offer's last good download, classified against the model directory of that time. */
export interface OfferSnapshot {
  readonly offer: string;
  readonly version: string;
  readonly publicationDate: string;
  /** When this version was downloaded. */
  readonly fetchedAt: string;
  /** When a refresh last confirmed this version (downloaded, or found unchanged). */
  readonly checkedAt: string;
  /** The last refresh's failure while this version is kept; null after a good refresh. */
  readonly lastFailure: {
    readonly at: string;
    readonly code: string;
    readonly message: string;
  } | null;
  readonly rows: readonly PriceRow[];
  readonly classified: readonly ClassifiedRow[];
  readonly counts: OfferCounts;
}

export type PriceListSnapshot = ReadonlyMap<string, OfferSnapshot>;

export type OfferRefresh =
  | { readonly offer: string; readonly outcome: 'unchanged'; readonly version: string }
  | {
      readonly offer: string;
      readonly outcome: 'updated';
      readonly version: string;
      readonly previousVersion: string | null;
      readonly bytes: number;
    }
  | {
      readonly offer: string;
      readonly outcome: 'failed';
      /** The version kept (the last good one), or null when there is none yet. */
      readonly keptVersion: string | null;
      readonly code: 'http' | 'parse' | 'format' | 'network';
      readonly message: string;
    };

export interface RefreshPriceListOptions {
  readonly baseUrl: string;
  readonly previous: PriceListSnapshot;
  readonly directory: ModelDirectory;
  readonly offers?: readonly string[];
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /** Per request; the ~16 MB AmazonBedrock file takes seconds on a Lambda. */
  readonly timeoutMs?: number;
}

export interface PriceListRefresh {
  readonly snapshot: PriceListSnapshot;
  readonly refreshes: readonly OfferRefresh[];
}

class RefreshFailure extends Error {
  constructor(
    readonly code: 'http' | 'parse' | 'format' | 'network',
    message: string,
  ) {
    super(message);
  }
}

function urlOf(baseUrl: string, path: string): string {
  return /^https?:\/\//.test(path) ? path : `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
}

async function get(fetcher: typeof fetch, url: string, timeoutMs: number): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new RefreshFailure('network', `GET ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new RefreshFailure('http', `GET ${url}: HTTP ${response.status}`);
  }
  return response;
}

async function getJson<T>(
  fetcher: typeof fetch,
  url: string,
  timeoutMs: number,
  schema: z.ZodMiniType<T>,
): Promise<T> {
  const response = await get(fetcher, url, timeoutMs);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new RefreshFailure('parse', `GET ${url}: the body is not JSON`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new RefreshFailure(
      'format',
      `GET ${url}: ${z.prettifyError(parsed.error).split('\n')[0]}`,
    );
  }
  return parsed.data;
}

const isOfferEntry = (path: readonly string[]) =>
  (path.length === 1 && path[0] !== 'products' && path[0] !== 'terms') ||
  (path.length === 2 && path[0] === 'products') ||
  (path.length === 3 && path[0] === 'terms' && path[1] === 'OnDemand');

/**
 * Downloads and parses one offer file as it streams: products are kept (attributes only) until
 * their SKU's terms arrive, then joined into rows; top-level fields become the header.
 */
async function downloadOffer(
  fetcher: typeof fetch,
  url: string,
  timeoutMs: number,
): Promise<{ header: z.infer<typeof OfferHeader>; rows: PriceRow[]; bytes: number }> {
  const response = await get(fetcher, url, timeoutMs);
  const header: Record<string, unknown> = {};
  const products = new Map<string, OfferProduct>();
  const terms = new Map<string, OfferSkuTerms>();
  const scanner = new JsonEntryScanner(isOfferEntry, (path, value) => {
    const [first, second, third] = path;
    if (path.length === 1 && first) header[first] = value;
    else if (first === 'products' && second) products.set(second, value as OfferProduct);
    else if (third) terms.set(third, value as OfferSkuTerms);
  });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  try {
    const reader = response.body?.getReader();
    if (!reader) throw new RefreshFailure('parse', `GET ${url}: no body`);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      scanner.write(decoder.decode(value, { stream: true }));
    }
    scanner.write(decoder.decode());
    scanner.end();
  } catch (error) {
    if (error instanceof RefreshFailure) throw error;
    const code =
      error instanceof OfferParseError || error instanceof TypeError ? 'parse' : 'network';
    throw new RefreshFailure(code, `GET ${url}: ${(error as Error).message}`);
  }
  const parsedHeader = OfferHeader.safeParse(header);
  if (!parsedHeader.success) {
    throw new RefreshFailure(
      'format',
      `GET ${url}: the offer has no offerCode, version or publicationDate`,
    );
  }
  const { offerCode, version } = parsedHeader.data;
  const rows: PriceRow[] = [];
  for (const [sku, product] of products) {
    rows.push(...priceRowsOf(offerCode, version, sku, product, terms.get(sku)));
  }
  return { header: parsedHeader.data, rows, bytes };
}

function countsOf(classified: readonly ClassifiedRow[]): OfferCounts {
  const counts: OfferCounts = {
    rows: classified.length,
    priced: 0,
    notTokenPriced: 0,
    unclassified: 0,
    unknownUnit: 0,
    implausiblePrice: 0,
    unmatched: 0,
  };
  for (const row of classified) counts[row.status]++;
  return counts;
}

/** Classifies an offer's rows against the model directory (a new model can match old rows). */
export function classifyOffer(
  rows: readonly PriceRow[],
  directory: ModelDirectory,
): { classified: ClassifiedRow[]; counts: OfferCounts } {
  const classified = rows.map((row) => classifyPriceRow(row, directory));
  return { classified, counts: countsOf(classified) };
}

/** The kept snapshot, marked with the failure (which makes its prices `stale`). */
function failedOver(kept: OfferSnapshot, failure: RefreshFailure, at: Date): OfferSnapshot {
  return {
    ...kept,
    lastFailure: { at: at.toISOString(), code: failure.code, message: failure.message },
  };
}

export async function refreshPriceList(
  options: RefreshPriceListOptions,
): Promise<PriceListRefresh> {
  const fetcher = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 120_000;
  const offers = options.offers ?? BEDROCK_OFFERS;
  const snapshot = new Map(options.previous);
  const failAll = (failure: RefreshFailure): PriceListRefresh => {
    for (const [offer, kept] of options.previous) {
      if (offers.includes(offer)) snapshot.set(offer, failedOver(kept, failure, now()));
    }
    return {
      snapshot,
      refreshes: offers.map((offer) => ({
        offer,
        outcome: 'failed',
        keptVersion: options.previous.get(offer)?.version ?? null,
        code: failure.code,
        message: failure.message,
      })),
    };
  };

  let index: z.infer<typeof OfferIndex>;
  try {
    index = await getJson(fetcher, urlOf(options.baseUrl, INDEX_PATH), timeoutMs, OfferIndex);
  } catch (error) {
    if (error instanceof RefreshFailure) return failAll(error);
    throw error;
  }

  // Sequential on purpose: one large download at a time bounds the function's memory.
  const refreshes: OfferRefresh[] = [];
  for (const offer of offers) {
    const previous = options.previous.get(offer) ?? null;
    try {
      const entry = index.offers[offer];
      if (!entry) throw new RefreshFailure('format', `the offer index has no ${offer}`);
      const { currentVersion } = await getJson(
        fetcher,
        urlOf(options.baseUrl, entry.versionIndexUrl),
        timeoutMs,
        VersionIndex,
      );
      if (previous?.version === currentVersion) {
        snapshot.set(offer, { ...previous, checkedAt: now().toISOString(), lastFailure: null });
        refreshes.push({ offer, outcome: 'unchanged', version: currentVersion });
        continue;
      }
      const { header, rows, bytes } = await downloadOffer(
        fetcher,
        urlOf(options.baseUrl, entry.currentVersionUrl),
        timeoutMs,
      );
      if (header.offerCode !== offer) {
        throw new RefreshFailure('format', `${entry.currentVersionUrl} holds ${header.offerCode}`);
      }
      const { classified, counts } = classifyOffer(rows, options.directory);
      const fetchedAt = now().toISOString();
      snapshot.set(offer, {
        offer,
        version: header.version,
        publicationDate: header.publicationDate,
        fetchedAt,
        checkedAt: fetchedAt,
        lastFailure: null,
        rows,
        classified,
        counts,
      });
      refreshes.push({
        offer,
        outcome: 'updated',
        version: header.version,
        previousVersion: previous?.version ?? null,
        bytes,
      });
    } catch (error) {
      if (!(error instanceof RefreshFailure)) throw error;
      if (previous) snapshot.set(offer, failedOver(previous, error, now()));
      refreshes.push({
        offer,
        outcome: 'failed',
        keptVersion: previous?.version ?? null,
        code: error.code,
        message: error.message,
      });
    }
  }
  return { snapshot, refreshes };
}
