import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { buildLazySchemas, lazySchema } from '../../packages/catalog/src/lazy-schema.js';

/** A lazySchema of a small record, counting how often it is built. */
function counted() {
  let builds = 0;
  const schema = lazySchema(() => {
    builds++;
    return z.object({ recordType: z.literal('a'), n: z.number().check(z.int()) });
  });
  return { schema, builds: () => builds };
}

describe('lazySchema', () => {
  it('builds nothing until used, then once', () => {
    const { schema, builds } = counted();
    const wrapped = z.union([z.nullable(schema), z.array(z.object({ inner: schema }))]);
    expect(builds()).toBe(0);
    expect(wrapped.parse({ recordType: 'a', n: 1 })).toEqual({ recordType: 'a', n: 1 });
    expect(wrapped.parse([{ inner: { recordType: 'a', n: 2 } }])).toHaveLength(1);
    expect(schema.safeParse({ recordType: 'a', n: 1.5 }).success).toBe(false);
    expect(Object.keys(schema.shape)).toEqual(['recordType', 'n']);
    expect(builds()).toBe(1);
  });

  it('parses, fails and wraps as the schema it stands for', () => {
    const { schema } = counted();
    expect(z.nullable(schema).parse(null)).toBeNull();
    const union = z.discriminatedUnion('recordType', [
      schema,
      z.object({ recordType: z.literal('b') }),
    ]);
    expect(union.parse({ recordType: 'a', n: 3 })).toEqual({ recordType: 'a', n: 3 });
    expect(union.safeParse({ recordType: 'c' }).success).toBe(false);
    expect(z.array(schema).parse([{ recordType: 'a', n: 2, extra: true }])).toEqual([
      { recordType: 'a', n: 2 },
    ]);
    const failed = schema.safeParse({ recordType: 'a', n: 'x' });
    expect(failed.error?.issues[0]).toMatchObject({ path: ['n'], code: 'invalid_type' });
    expect(schema instanceof z.ZodMiniObject).toBe(true);
  });

  it('keeps metadata registered on it, without building it', () => {
    const { schema, builds } = counted();
    z.globalRegistry.add(schema, { description: 'a record' });
    expect(builds()).toBe(0);
    expect(z.globalRegistry.get(schema)).toEqual({ description: 'a record' });
    expect(z.toJSONSchema(z.object({ a: schema })).properties?.a).toMatchObject({
      description: 'a record',
      required: ['recordType', 'n'],
    });
  });

  it('builds every schema not built yet at once, each once, for a function whose deadline counts', () => {
    const used = counted();
    const unused = counted();
    used.schema.parse({ recordType: 'a', n: 1 });
    expect(buildLazySchemas()).toBeGreaterThanOrEqual(1);
    expect([used.builds(), unused.builds()]).toEqual([1, 1]);
    expect(buildLazySchemas()).toBe(0);
    expect(unused.schema.parse({ recordType: 'a', n: 2 })).toEqual({ recordType: 'a', n: 2 });
    expect(unused.builds()).toBe(1);
  });
});
