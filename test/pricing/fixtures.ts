/** Price rows and the model directory the pricing tests share: the emulator's slice and data. */
import {
  defaultEmulatorData,
  PRICE_LIST_SLICE,
  type SliceOffer,
  type SliceRow,
} from '../../packages/bedrock-emulator/src/index.js';
import type { ListedModel, ModelDirectory, PriceRow } from '../../packages/catalog/src/index.js';

export const SLICE_ROWS: readonly SliceRow[] = PRICE_LIST_SLICE.flatMap((offer) => offer.rows);

function versionOf(offer: string): string {
  return PRICE_LIST_SLICE.find((o) => o.offerCode === offer)?.version ?? '';
}

export function asPriceRow(row: SliceRow, sku = `SKU-${row.attributes.usagetype}`): PriceRow {
  return {
    offer: row.offer,
    version: versionOf(row.offer),
    sku,
    productFamily: row.productFamily,
    attributes: row.attributes,
    unit: row.unit,
    usd: row.usd,
    description: row.description,
    beginRange: '0',
    endRange: 'Inf',
  };
}

/** The one slice row with this usage type (and model or servicename, when several share it). */
export function sliceRow(usageType: string, model?: string): PriceRow {
  const found = SLICE_ROWS.filter(
    (row) =>
      row.attributes.usagetype === usageType &&
      (model === undefined ||
        row.attributes.model === model ||
        row.attributes.servicename === `${model} (Amazon Bedrock Edition)`),
  );
  if (found.length !== 1 || !found[0]) {
    throw new Error(`${found.length} slice rows for ${usageType} ${model ?? ''}`);
  }
  return asPriceRow(found[0]);
}

/** ListFoundationModels per region, as the emulator answers it. */
export function emulatorDirectory(): ModelDirectory {
  const data = defaultEmulatorData();
  return new Map(
    Object.entries(data.regions).map(([region, regionData]) => [
      region,
      regionData.foundationModels.map(
        (model): ListedModel => ({
          modelId: model.modelId,
          modelName: model.modelName,
          inferenceTypesSupported: model.inferenceTypesSupported,
        }),
      ),
    ]),
  );
}

/** An offer of the slice at a new version, with the rows of `usageType` priced at `usd`. */
export function repricedOffer(
  offerCode: string,
  version: string,
  usageType: string,
  usd: string,
  rows?: readonly SliceRow[],
): SliceOffer {
  const offer = PRICE_LIST_SLICE.find((o) => o.offerCode === offerCode);
  if (!offer) throw new Error(`no ${offerCode} in the slice`);
  return {
    ...offer,
    version,
    rows: (rows ?? offer.rows).map((row) =>
      row.attributes.usagetype === usageType ? { ...row, usd } : row,
    ),
  };
}
