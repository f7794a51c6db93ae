/**
 * One AWS Price List row: a product (SKU, attributes) joined with one price dimension of its
 * OnDemand term, as the bulk offer files (`offers/v1.0/aws/<offer>/current/index.json`) carry
 * them. Plain data, so the classifier stays pure and fixtures are copied rows.
 */

/** The three offers that hold Bedrock model rates; contents move between them. */
export const BEDROCK_OFFERS = [
  'AmazonBedrock',
  'AmazonBedrockFoundationModels',
  'AmazonBedrockService',
] as const;
export type BedrockOffer = (typeof BEDROCK_OFFERS)[number];

export interface PriceRow {
  readonly offer: string;
  /** The offer file's `version`, e.g. `20260911124410`. */
  readonly version: string;
  readonly sku: string;
  readonly productFamily?: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
  readonly unit: string;
  /** `pricePerUnit.USD` exactly as published (a decimal string); never parsed before here. */
  readonly usd: string;
  readonly description?: string | undefined;
  readonly beginRange?: string | undefined;
  readonly endRange?: string | undefined;
  readonly effectiveDate?: string | undefined;
}

/** A product as the offer file has it under `products.<sku>`. */
export interface OfferProduct {
  readonly sku?: string;
  readonly productFamily?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

interface OfferPriceDimension {
  readonly unit?: string;
  readonly description?: string;
  readonly beginRange?: string;
  readonly endRange?: string;
  readonly pricePerUnit?: Readonly<Record<string, string>>;
}

/** `terms.OnDemand.<sku>`: offer term code → term. */
export type OfferSkuTerms = Readonly<
  Record<
    string,
    {
      readonly effectiveDate?: string;
      readonly priceDimensions?: Readonly<Record<string, OfferPriceDimension>>;
    }
  >
>;

/**
 * Every price dimension of one SKU as its own row (Bedrock has one term and one dimension per
 * SKU, but a second one must be classified, not dropped). A SKU with no USD price is a row with
 * `usd: ''`, which the classifier rejects with a reason.
 */
export function priceRowsOf(
  offer: string,
  version: string,
  sku: string,
  product: OfferProduct,
  terms: OfferSkuTerms | undefined,
): PriceRow[] {
  const base = {
    offer,
    version,
    sku,
    productFamily: product.productFamily,
    attributes: product.attributes ?? {},
  };
  const rows: PriceRow[] = [];
  for (const term of Object.values(terms ?? {})) {
    for (const dimension of Object.values(term.priceDimensions ?? {})) {
      rows.push({
        ...base,
        unit: dimension.unit ?? '',
        usd: dimension.pricePerUnit?.USD ?? '',
        description: dimension.description,
        beginRange: dimension.beginRange,
        endRange: dimension.endRange,
        effectiveDate: term.effectiveDate,
      });
    }
  }
  if (rows.length === 0) rows.push({ ...base, unit: '', usd: '' });
  return rows;
}
