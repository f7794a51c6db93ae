import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPENAPI_DOCUMENT_FILE } from '@bedrock-profile-catalog/query-api';
import {
  buildOpenApiDocument,
  README_ROUTES,
  routeTableMarkdown,
} from '@bedrock-profile-catalog/query-api/openapi';

/**
 * `npm run openapi`: writes docs/openapi.json from the route table (the document GET /openapi.json
 * serves), formatted with Biome so `biome ci` accepts it, and the README's route table. A test
 * keeps both current.
 */
const target = fileURLToPath(OPENAPI_DOCUMENT_FILE);
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'inherit' });
process.stdout.write(`wrote ${target}\n`);

const readme = new URL('../README.md', import.meta.url);
const [start, end] = README_ROUTES;
const text = readFileSync(readme, 'utf8');
const from = text.indexOf(start);
const to = text.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
writeFileSync(
  readme,
  `${text.slice(0, from + start.length)}\n${routeTableMarkdown()}\n${text.slice(to)}`,
);
execFileSync('npx', ['biome', 'format', '--write', fileURLToPath(readme)], { stdio: 'inherit' });
process.stdout.write(`wrote the route table in ${fileURLToPath(readme)}\n`);
