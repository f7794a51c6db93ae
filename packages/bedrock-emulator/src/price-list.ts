/**
 * The AWS Price List bulk API (`pricing.us-east-1.amazonaws.com/offers/v1.0/aws/…`) for the three
 * Bedrock offers, in the real URL shapes and file formats: the offer index, each offer's version
 * index, `current/index.json`, `current/region_index.json`, and the per-version and per-region
 * files. Plain HTTPS on AWS, no SigV4: the server tells these requests apart by path.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRICE_LIST_SLICE, type SliceOffer, type SliceRow } from './price-list-data.js';

export const PRICE_LIST_PREFIX = '/offers/v1.0/aws/';
const DISCLAIMER =
  'This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/';
/** The OnDemand offer term and rate codes every Bedrock SKU carries. */
const ON_DEMAND_TERM = 'JRTCKXETXF';
const RATE_CODE = '6YS6EN2CT7';

/** A real-looking SKU: 16 of A–Z/0–9, stable for the same offer, region, usage type and model. */
function skuOf(row: SliceRow): string {
  const digest = createHash('sha256')
    .update(
      `${row.offer}|${row.attributes.regionCode}|${row.attributes.usagetype}|${row.attributes.servicename}|${row.attributes.model ?? row.attributes.titanModel ?? ''}`,
    )
    .digest();
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return [...digest.subarray(0, 16)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function offerFile(offer: SliceOffer, rows: readonly SliceRow[]): unknown {
  const products: Record<string, unknown> = {};
  const onDemand: Record<string, unknown> = {};
  const effectiveDate = `${offer.publicationDate.slice(0, 10)}T00:00:00Z`;
  for (const row of rows) {
    const sku = skuOf(row);
    products[sku] = { sku, productFamily: row.productFamily, attributes: row.attributes };
    onDemand[sku] = {
      [`${sku}.${ON_DEMAND_TERM}`]: {
        offerTermCode: ON_DEMAND_TERM,
        sku,
        effectiveDate,
        priceDimensions: {
          [`${sku}.${ON_DEMAND_TERM}.${RATE_CODE}`]: {
            rateCode: `${sku}.${ON_DEMAND_TERM}.${RATE_CODE}`,
            description: row.description,
            beginRange: '0',
            endRange: 'Inf',
            unit: row.unit,
            pricePerUnit: { USD: row.usd },
            appliesTo: [],
          },
        },
        termAttributes: {},
      },
    };
  }
  return {
    formatVersion: 'v1.0',
    disclaimer: DISCLAIMER,
    offerCode: offer.offerCode,
    version: offer.version,
    publicationDate: offer.publicationDate,
    products,
    terms: { OnDemand: onDemand },
  };
}

function regionsOf(offer: SliceOffer): string[] {
  return [...new Set(offer.rows.map((row) => row.attributes.regionCode ?? ''))].sort();
}

/** The offers served, replaceable at run time (a new version, or a body that does not parse). */
export class EmulatedPriceList {
  readonly #offers = new Map<string, SliceOffer>();
  readonly #brokenBodies = new Map<string, string>();
  readonly #requests: string[] = [];

  constructor(offers: readonly SliceOffer[] = PRICE_LIST_SLICE) {
    for (const offer of offers) this.#offers.set(offer.offerCode, offer);
  }

  offers(): SliceOffer[] {
    return [...this.#offers.values()];
  }

  /** Publishes a new version of an offer (same or changed rows). */
  publish(offer: SliceOffer): void {
    this.#offers.set(offer.offerCode, offer);
    this.#brokenBodies.delete(offer.offerCode);
  }

  /**
   * Serves `body` instead of the offer's file (a truncated download, say) under a new version,
   * so a refresher sees a change and must keep its last good copy.
   */
  publishBroken(offerCode: string, version: string, body: string): void {
    const offer = this.#offers.get(offerCode);
    if (!offer) throw new Error(`no offer ${offerCode}`);
    this.#offers.set(offerCode, { ...offer, version });
    this.#brokenBodies.set(offerCode, body);
  }

  /** Paths requested, oldest first. */
  requests(): string[] {
    return [...this.#requests];
  }

  clearRequests(): void {
    this.#requests.length = 0;
  }

  /** The body for a bulk API path, or undefined for a path AWS would answer 403/404. */
  resolve(path: string): string | undefined {
    const rest = path.slice(PRICE_LIST_PREFIX.length);
    if (rest === 'index.json') return JSON.stringify(this.#index());
    const [code = '', ...parts] = rest.split('/');
    const offer = this.#offers.get(code);
    if (!offer) return undefined;
    const tail = parts.join('/');
    const broken = this.#brokenBodies.get(code);
    if (tail === 'index.json') return JSON.stringify(this.#versionIndex(offer));
    if (tail === 'current/region_index.json') return JSON.stringify(this.#regionIndex(offer));
    if (tail === 'current/index.json' || tail === `${offer.version}/index.json`) {
      return broken ?? JSON.stringify(offerFile(offer, offer.rows));
    }
    const regional = /^([0-9]+|current)\/([a-z0-9-]+)\/index\.json$/.exec(tail);
    if (regional && (regional[1] === 'current' || regional[1] === offer.version)) {
      const code = regional[2] ?? '';
      if (!regionsOf(offer).includes(code)) return undefined;
      if (broken) return broken;
      return JSON.stringify(
        offerFile(
          offer,
          offer.rows.filter((row) => row.attributes.regionCode === code),
        ),
      );
    }
    return undefined;
  }

  /** Bulk API requests carry no SigV4: an unsigned request under the prefix is the Price List. */
  static claims(req: IncomingMessage): boolean {
    return req.headers.authorization === undefined && (req.url ?? '').startsWith(PRICE_LIST_PREFIX);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    this.#requests.push(path);
    const body = req.method === 'GET' || req.method === 'HEAD' ? this.resolve(path) : undefined;
    if (body === undefined) {
      // S3-backed like the real host: a missing key is an XML AccessDenied, not JSON.
      res
        .writeHead(403, { 'Content-Type': 'application/xml' })
        .end(
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        );
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  #index(): unknown {
    const offers: Record<string, unknown> = {};
    for (const offer of this.#offers.values()) {
      const base = `${PRICE_LIST_PREFIX}${offer.offerCode}`;
      offers[offer.offerCode] = {
        offerCode: offer.offerCode,
        versionIndexUrl: `${base}/index.json`,
        currentVersionUrl: `${base}/current/index.json`,
        currentRegionIndexUrl: `${base}/current/region_index.json`,
      };
    }
    const latest = [...this.#offers.values()]
      .map((o) => o.publicationDate)
      .sort()
      .at(-1);
    return {
      formatVersion: 'v1.0',
      disclaimer: DISCLAIMER,
      publicationDate: latest,
      offers,
    };
  }

  #versionIndex(offer: SliceOffer): unknown {
    return {
      formatVersion: 'v1.0',
      disclaimer: DISCLAIMER,
      publicationDate: offer.publicationDate,
      offerCode: offer.offerCode,
      currentVersion: offer.version,
      versions: {
        [offer.version]: {
          versionEffectiveBeginDate: offer.publicationDate,
          versionEffectiveEndDate: '',
          offerVersionUrl: `${PRICE_LIST_PREFIX}${offer.offerCode}/${offer.version}/index.json`,
        },
      },
    };
  }

  #regionIndex(offer: SliceOffer): unknown {
    return {
      formatVersion: 'v1.0',
      disclaimer: DISCLAIMER,
      publicationDate: offer.publicationDate,
      regions: Object.fromEntries(
        regionsOf(offer).map((code) => [
          code,
          {
            regionCode: code,
            currentVersionUrl: `${PRICE_LIST_PREFIX}${offer.offerCode}/${offer.version}/${code}/index.json`,
          },
        ]),
      ),
    };
  }
}
