import { describe, expect, it } from 'vitest';
import { EmulatedPriceList } from '../../packages/bedrock-emulator/src/index.js';
import {
  JsonEntryScanner,
  OfferParseError,
} from '../../packages/discovery/src/price-list-stream.js';

const OFFER_PATHS = (path: readonly string[]) =>
  (path.length === 1 && path[0] !== 'products' && path[0] !== 'terms') ||
  (path.length === 2 && path[0] === 'products') ||
  (path.length === 3 && path[0] === 'terms' && path[1] === 'OnDemand');

function scan(text: string, chunkSize: number, select = OFFER_PATHS) {
  const entries: [string, unknown][] = [];
  const scanner = new JsonEntryScanner(select, (path, value) => {
    entries.push([path.join('.'), value]);
  });
  for (let at = 0; at < text.length; at += chunkSize) scanner.write(text.slice(at, at + chunkSize));
  scanner.end();
  return entries;
}

/** What the scanner should give: the same entries by a whole-file JSON.parse. */
function expectedEntries(text: string): [string, unknown][] {
  const offer = JSON.parse(text) as Record<string, unknown> & {
    products: Record<string, unknown>;
    terms: { OnDemand: Record<string, unknown> };
  };
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(offer)) {
    if (key === 'products') {
      for (const [sku, product] of Object.entries(offer.products)) {
        entries.push([`products.${sku}`, product]);
      }
    } else if (key === 'terms') {
      for (const [sku, terms] of Object.entries(offer.terms.OnDemand)) {
        entries.push([`terms.OnDemand.${sku}`, terms]);
      }
    } else {
      entries.push([key, value]);
    }
  }
  return entries;
}

describe('JsonEntryScanner', () => {
  const offerFile = new EmulatedPriceList().resolve(
    '/offers/v1.0/aws/AmazonBedrockFoundationModels/current/index.json',
  );
  if (!offerFile) throw new Error('no offer file');
  // Pretty-printed like the real files, so whitespace between tokens is exercised too.
  const pretty = JSON.stringify(JSON.parse(offerFile), null, 4);

  it.each([1, 7, 4096, pretty.length])(
    'yields every product and SKU term of a real-format offer, in chunks of %i',
    (chunkSize) => {
      expect(scan(pretty, chunkSize)).toEqual(expectedEntries(pretty));
    },
  );

  it('copes with braces, quotes and escapes inside strings and keys', () => {
    const text =
      '{"version":"v\\"1","products":{"A\\"}":{"attributes":{"x":"}{][\\\\","n":[1,{"y":null}]}}},"n":-1.5e3,"t":true}';
    expect(scan(text, 3)).toEqual([
      ['version', 'v"1'],
      ['products.A"}', { attributes: { x: '}{][\\', n: [1, { y: null }] } }],
      ['n', -1500],
      ['t', true],
    ]);
  });

  it.each([
    ['truncated', pretty.slice(0, pretty.length / 2)],
    ['empty', ''],
    ['missing its last brace', pretty.trimEnd().slice(0, -1)],
    ['followed by garbage', `${pretty}{}`],
    ['not an object', '[1,2]'],
    ['two values without a comma', '{"version":"1" "x":2}'],
    ['a key without a value', '{"version":}'],
    ['a broken selected value', '{"products":{"A":{"x":tru}}}'],
  ])('throws OfferParseError for a file %s', (_label, text) => {
    expect(() => scan(text, 5)).toThrow(OfferParseError);
  });
});
