import type { InvokeTarget } from './api.js';

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

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
