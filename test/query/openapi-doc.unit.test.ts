import { readFileSync } from 'node:fs';
import { buildOpenApiDocument } from '@bedrock-profile-catalog/query-api';
import { describe, expect, it } from 'vitest';

describe('docs/openapi.json', () => {
  it('is the document the API serves (regenerate with `npm run openapi`)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'),
    );
    // Through JSON, as served: the comparison ignores formatting but nothing else.
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});
