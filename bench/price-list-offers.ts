/**
 * Full-size Price List offers for the refresh benchmark: each offer file of the emulator's slice
 * (its real row formats), its products repeated under new, distinct SKUs until the file reaches
 * the real offer's size, served over HTTP under `/offers/v1.0/aws/` next to the emulator's own
 * offer index and version indexes. The repeated rows classify like the originals (same model,
 * region and usage type at the same price), so the store still writes the slice's cells.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EmulatedPriceList,
  PRICE_LIST_PREFIX,
  PRICE_LIST_SLICE,
} from '@bedrock-profile-catalog/bedrock-emulator';

/**
 * The real files' sizes (2026-09-14): AmazonBedrock 15.99 MB, AmazonBedrockFoundationModels
 * 6.61 MB, AmazonBedrockService 0.39 MB, about 23 MB in all for a refresh that downloads every
 * offer (the first one, or one after all three changed).
 */
export const FULL_SIZE_OFFER_BYTES: Readonly<Record<string, number>> = {
  AmazonBedrock: 16_000_000,
  AmazonBedrockFoundationModels: 6_610_000,
  AmazonBedrockService: 390_000,
};

interface OfferFile {
  products: Record<string, { sku: string }>;
  terms: { OnDemand: Record<string, unknown> };
  [field: string]: unknown;
}

const SKU_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A 16-character SKU of the same alphabet as the emulator's, distinct per (SKU, copy). */
function copiedSku(sku: string, copy: number): string {
  const digest = createHash('sha256').update(`${sku}#${copy}`).digest();
  return [...digest.subarray(0, 16)]
    .map((byte) => SKU_ALPHABET[byte % SKU_ALPHABET.length])
    .join('');
}

/**
 * The offer file `slice` (an emulator `current/index.json` body), its products and terms
 * repeated under new SKUs until the body is at least `bytes` long. Compact JSON, as the emulator
 * serves it: AWS indents its files, so the same bytes hold more rows here than in a real file.
 */
export function inflateOfferFile(slice: string, bytes: number): { body: string; skus: number } {
  const file = JSON.parse(slice) as OfferFile;
  const entries = Object.keys(file.products).map((sku) => ({
    sku,
    product: JSON.stringify(file.products[sku]),
    terms: JSON.stringify(file.terms.OnDemand[sku]),
  }));
  const perCopy = entries.reduce(
    (n, e) => n + e.sku.length * 2 + e.product.length + e.terms.length + 8,
    0,
  );
  const copies = Math.max(1, Math.ceil((bytes - slice.length) / perCopy) + 1);
  const products: string[] = [];
  const terms: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const entry of entries) {
      const sku = copy === 0 ? entry.sku : copiedSku(entry.sku, copy);
      products.push(`${JSON.stringify(sku)}:${entry.product.replaceAll(entry.sku, sku)}`);
      terms.push(`${JSON.stringify(sku)}:${entry.terms.replaceAll(entry.sku, sku)}`);
    }
  }
  const { products: _products, terms: _terms, ...header } = file;
  const head = JSON.stringify(header).slice(0, -1);
  const body = `${head},"products":{${products.join(',')}},"terms":{"OnDemand":{${terms.join(',')}}}}`;
  return { body, skus: products.length };
}

export interface FullSizePriceList {
  /** The base URL holding `offers/v1.0/aws/index.json`. */
  readonly url: string;
  /** Per offer: the version served, the body's size and its SKU count. */
  offers(): Readonly<Record<string, { version: string; bytes: number; skus: number }>>;
  /** Publishes the same rows under the next version (a refresh downloads the offer again). */
  bump(offerCode: string): void;
  close(): Promise<void>;
}

/**
 * Serves the slice's offer index and version indexes and the inflated offer files (sizes by
 * offer code), each offer one version past the slice's, so a catalog priced from the emulator's
 * slice sees every offer changed.
 */
export async function startFullSizePriceList(
  sizes: Readonly<Record<string, number>> = FULL_SIZE_OFFER_BYTES,
): Promise<FullSizePriceList> {
  const next = (version: string) => String(BigInt(version) + 1n);
  const offers = new Map(
    PRICE_LIST_SLICE.map((offer) => [offer.offerCode, { ...offer, version: next(offer.version) }]),
  );
  const priceList = new EmulatedPriceList([...offers.values()]);
  const currentPath = (offerCode: string) => `${PRICE_LIST_PREFIX}${offerCode}/current/index.json`;
  const bodies = new Map<string, { version: string; body: string; skus: number }>();
  const inflate = (offerCode: string) => {
    const original = priceList.resolve(currentPath(offerCode)) ?? '';
    const { body, skus } = inflateOfferFile(original, sizes[offerCode] ?? original.length);
    const version = offers.get(offerCode)?.version ?? '';
    bodies.set(currentPath(offerCode), { version, body, skus });
  };
  for (const offerCode of offers.keys()) inflate(offerCode);

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const body = bodies.get(path)?.body ?? priceList.resolve(path);
    if (body === undefined) {
      response.writeHead(403).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    response.end(body);
  });
  // Longer than a 16 MB parse: an idle keep-alive socket closed under the client's next request
  // would read as a network failure of the offer.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    offers: () =>
      Object.fromEntries(
        [...offers.keys()].map((code) => {
          const served = bodies.get(currentPath(code));
          return [
            code,
            {
              version: served?.version ?? '',
              bytes: Buffer.byteLength(served?.body ?? ''),
              skus: served?.skus ?? 0,
            },
          ];
        }),
      ),
    bump: (offerCode) => {
      const offer = offers.get(offerCode);
      if (!offer) throw new Error(`no offer ${offerCode}`);
      const bumped = { ...offer, version: next(offer.version) };
      offers.set(offerCode, bumped);
      priceList.publish(bumped);
      inflate(offerCode);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
