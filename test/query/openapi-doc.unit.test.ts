import { readFileSync } from 'node:fs';
import {
  buildOpenApiDocument,
  README_ROUTES,
  routeTableMarkdown,
} from '@bedrock-profile-catalog/query-api/openapi';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
/** A markdown table's cells, without the padding the formatter adds. */
const cells = (table: string) =>
  table.split('\n').map((row) => row.split('|').map((cell) => cell.trim().replace(/^-+$/, '---')));

describe('generated from the route table (regenerate with `npm run openapi`)', () => {
  it('docs/openapi.json is the document the routes and schemas describe', () => {
    const committed = JSON.parse(read('../../docs/openapi.json'));
    // Through JSON, as served: the comparison ignores formatting but nothing else.
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('the README route table is the route list', () => {
    const readme = read('../../README.md');
    const [start, end] = README_ROUTES;
    const table = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    expect(cells(table)).toEqual(cells(routeTableMarkdown()));
  });
});
