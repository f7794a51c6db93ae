import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPENAPI_DOCUMENT_FILE } from '@bedrock-profile-catalog/query-api';
import { buildOpenApiDocument } from '@bedrock-profile-catalog/query-api/openapi';

/**
 * `npm run openapi`: writes docs/openapi.json from the route table (the document GET /openapi.json
 * serves), then formats it with Biome so `biome ci` accepts it. A test keeps the file current.
 */
const target = fileURLToPath(OPENAPI_DOCUMENT_FILE);
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'inherit' });
process.stdout.write(`wrote ${target}\n`);
