import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, unitJitter } from '../../packages/catalog/src/hash.js';

describe('contentHash', () => {
  it('ignores the order of object keys at every depth', () => {
    const a = { b: 1, a: { y: [1, 2], x: null } };
    const b = { a: { x: null, y: [1, 2] }, b: 1 };

    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,2]},"b":1}');
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('changes when a value or the order of an array changes', () => {
    const base = contentHash({ arns: ['a', 'b'], status: 'ACTIVE' });

    expect(contentHash({ arns: ['b', 'a'], status: 'ACTIVE' })).not.toBe(base);
    expect(contentHash({ arns: ['a', 'b'], status: 'LEGACY' })).not.toBe(base);
  });
});

describe('unitJitter', () => {
  it('is deterministic and within [0, 1)', () => {
    const values = Array.from({ length: 500 }, (_, i) => unitJitter(`key-${i}`));

    expect(unitJitter('key-7')).toBe(values[7]);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // Spread: every tenth of the range is used.
    const deciles = new Set(values.map((v) => Math.floor(v * 10)));
    expect(deciles.size).toBe(10);
  });
});
