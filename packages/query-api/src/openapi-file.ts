import { readFile } from 'node:fs/promises';

/** Where `npm run openapi` writes the generated document, in the repository (not in a bundle). */
export const OPENAPI_DOCUMENT_FILE = new URL('../../../docs/openapi.json', import.meta.url);

/** Reads a generated OpenAPI document, for the handler's `openApiDocument` dependency. */
export function openApiDocumentFrom(file: URL | string): () => Promise<unknown> {
  return async () => JSON.parse(await readFile(file, 'utf8'));
}
