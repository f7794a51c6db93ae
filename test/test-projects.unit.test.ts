import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_PROJECTS } from '../vitest.config.js';

const suffixes = Object.values(TEST_PROJECTS).map((project) => project.suffix);

/** Every `*.test.ts` under test/, as a path from the repository root. */
const testFiles = readdirSync(import.meta.dirname, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => `test/${name.replaceAll('\\', '/')}`)
  .sort();

describe('Vitest projects', () => {
  it('put every test file in exactly one project, by its suffix', () => {
    const unassigned = testFiles
      .map((file) => ({ file, projects: suffixes.filter((suffix) => file.endsWith(suffix)) }))
      .filter(({ projects }) => projects.length !== 1)
      .map(({ file }) => file);
    expect(unassigned, `name each with one of ${suffixes.join(', ')}`).toEqual([]);
    expect(testFiles).toContain('test/test-projects.unit.test.ts');
  });
});
