/** The builders of the lazy schemas loaded and not built yet. */
const unbuilt = new Set<() => unknown>();

/**
 * A zod schema built on first use. zod spends tens of microseconds building each schema, so a
 * module of exported schemas costs milliseconds at import, and the query function's cold start
 * would build hundreds it may never use on that instance. The stand-in this returns is typed as
 * the schema and behaves as it: parse with it, read its `shape` or `options`, wrap it (`z.nullable`,
 * `z.array`, `z.object`, `z.union` build nothing until they parse; `z.discriminatedUnion` reads its
 * options at once, so build a union in a lazySchema of its own), register it (`z.globalRegistry.add`
 * keys the stand-in and builds nothing). The first property read builds the schema, once; every
 * later read goes to that one schema.
 *
 * Annotate each call `@__PURE__` (in a block comment before it): esbuild then drops a schema no
 * code of the bundle uses (it honours the annotation only at the call, not on this function).
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
      unbuilt.delete(built);
    }
    return schema;
  };
  unbuilt.add(built);
  return new Proxy({} as T, {
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
}

/**
 * Builds every lazy schema loaded and not built yet; returns how many. For a function whose
 * invocation deadline, not its init, is what counts (the scanner): its schemas are then built
 * at init, outside the time its scan may take, as they were before schemas were lazy.
 */
export function buildLazySchemas(): number {
  const builders = [...unbuilt];
  for (const build of builders) build();
  return builders.length;
}
