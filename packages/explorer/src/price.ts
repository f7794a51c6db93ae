import type { Change, InvokeTarget } from './api.js';

type Price = NonNullable<InvokeTarget['price']>;

/**
 * "$3.30", "$0.0825", "$27.50": four significant digits below $1 and up to four decimals above
 * (list prices such as 9.625 or 0.5775 are exact), at least two decimals, never rounded to 0.
 */
export function usd(value: number): string {
  const digits = (value >= 1 ? value.toFixed(4) : value.toPrecision(4)).replace(/\.?0+$/, '');
  const [whole, fraction = ''] = digits.split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
}

const perMTok = (value: number | null, direction: string) =>
  value === null ? `${direction} not published` : `${usd(value)} ${direction}`;

/**
 * What the resolver shows of a target's standard-tier price: input and output per 1M tokens and
 * the API's state (`published`, `notPublished`, …) on the line; cache prices, the offer version,
 * the reason and the note in the title. Null when the catalog holds no Price List data.
 */
export function priceSummary(
  price: Price | null,
): { state: Price['state']; text: string; title: string } | null {
  if (!price) return null;
  const { inputPerMTok: input, outputPerMTok: output } = price;
  const text =
    input === null && output === null
      ? 'list price:'
      : output === null
        ? `${perMTok(input, 'in')} · output not published`
        : `${perMTok(input, 'in')} · ${perMTok(output, 'out')} /1M tokens`;
  const cache = [
    price.cacheReadPerMTok === null ? null : `cache read ${usd(price.cacheReadPerMTok)}`,
    price.cacheWritePerMTok === null ? null : `cache write ${usd(price.cacheWritePerMTok)}`,
  ].filter((part): part is string => part !== null);
  const title = [
    cache.length > 0 ? `${capitalised(cache.join(', '))} /1M tokens` : null,
    price.source ? `${price.source.offer} ${price.source.version}` : null,
    price.derivedFrom ? `as ${price.derivedFrom}` : null,
    price.reason ?? null,
    price.note,
  ].filter((part): part is string => part !== null);
  return { state: price.state, text, title: title.join('. ') };
}

/** What a cell says instead of a number when its first target has no input or output price. */
const STATE_TEXT: Record<Price['state'], string> = {
  published: 'published',
  rateCard: 'rate card',
  singleRate: 'single rate',
  derived: 'derived',
  notPublished: 'not published',
  unmatched: 'unmatched',
  notTokenPriced: 'not per token',
  stale: 'stale',
};

/**
 * A matrix cell's price: the standard-tier input / output per 1M tokens of the target the
 * resolver would call first (the first usable one), or its state when neither is priced. The
 * title names the target and says the rest (cache, offer version, reason, note). Null when the
 * cell has no target or the catalog holds no Price List data.
 */
export function cellPrice(
  targets: readonly InvokeTarget[] | undefined,
): { state: Price['state']; text: string; label: string; title: string } | null {
  const first = targets?.find((t) => t.access?.usable !== false) ?? targets?.[0];
  const summary = priceSummary(first?.price ?? null);
  if (!first?.price || !summary) return null;
  const { inputPerMTok: input, outputPerMTok: output, state } = first.price;
  const priced = input !== null || output !== null;
  const amount = (value: number | null) => (value === null ? '–' : usd(value));
  return {
    state,
    text: priced ? `${amount(input)} / ${amount(output)}` : STATE_TEXT[state],
    label: priced
      ? `list price ${amount(input)} input, ${amount(output)} output per 1M tokens (${state})`
      : `list price ${STATE_TEXT[state]}`,
    title: `${first.targetId}: ${priced ? summary.text : STATE_TEXT[state]} (${state}). ${summary.title}`,
  };
}

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** A price cell's directions (the change log's `before`/`after` of `entity: price`), as shown. */
const DIRECTION_LABEL: Record<string, string> = {
  input: 'input',
  output: 'output',
  cacheRead: 'cache read',
  cacheWrite5m: 'cache write',
  cacheWrite30m: 'cache write 30m',
  cacheWrite1h: 'cache write 1h',
};

function pricesOf(cell: Change['before']): Map<string, number> {
  const directions = (cell?.directions ?? {}) as Record<string, { usdPerMTok?: unknown } | null>;
  const prices = new Map<string, number>();
  for (const [direction, price] of Object.entries(directions)) {
    if (typeof price?.usdPerMTok === 'number') prices.set(direction, price.usdPerMTok);
  }
  return prices;
}

/**
 * What a price change did, per direction: "output $16.50 → $16.00 /1M tokens" (a new cell lists
 * its prices, a removed one what they were). Null for other entities.
 */
export function priceChangeText(change: Change): string | null {
  if (change.entity !== 'price') return null;
  const before = pricesOf(change.before);
  const after = pricesOf(change.after);
  const parts = Object.entries(DIRECTION_LABEL).flatMap(([direction, label]) => {
    const was = before.get(direction);
    const now = after.get(direction);
    if (was === now) return [];
    if (was === undefined) return [`${label} ${usd(now as number)}`];
    if (now === undefined) return [`${label} was ${usd(was)}`];
    return [`${label} ${usd(was)} → ${usd(now)}`];
  });
  return parts.length > 0 ? `${parts.join(', ')} /1M tokens` : null;
}
