/**
 * A zod schema built on first use. zod spends tens of microseconds building each schema, so a
 * module of exported schemas costs milliseconds at import, and the query function's cold start
 * would build hundreds it may never use on that instance. The stand-in this returns is typed as
 * the schema and behaves as it: parse with it, read its `shape` or `options`, wrap it
 * (`z.nullable`, `z.array`, `z.discriminatedUnion` build nothing until they parse), register it
 * (`z.globalRegistry.add` keys the stand-in and builds nothing). The first property read builds the
 * schema, once; every later read goes to that one schema.
 *
 * One difference: a schema derived from it (`.check`, `.clone`) has the built schema as parent,
 * not the stand-in, so it does not inherit metadata registered on the stand-in. Keep a schema
 * others derive from and describe by its parent (catalog RegionCode) a plain schema.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let schema: T | undefined;
  const built = (): T => {
    if (schema === undefined) {
      schema = build();
      BUILT.add(stand);
    }
    return schema;
  };
  const stand = new Proxy({} as T, {
    get: (_stand, key) => Reflect.get(built(), key),
    set: (_stand, key, value) => Reflect.set(built(), key, value),
    has: (_stand, key) => Reflect.has(built(), key),
    ownKeys: () => Reflect.ownKeys(built()),
    // Reported configurable: the stand-in itself holds no properties (a Proxy invariant).
    getOwnPropertyDescriptor: (_stand, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(built(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_stand, key, descriptor) => Reflect.defineProperty(built(), key, descriptor),
    deleteProperty: (_stand, key) => Reflect.deleteProperty(built(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(built()),
  });
  return stand;
}

const BUILT = new WeakSet<object>();

/** Whether a lazySchema has been built yet (for tests of what a module load or a request builds). */
export const isBuilt = (schema: object): boolean => BUILT.has(schema);
