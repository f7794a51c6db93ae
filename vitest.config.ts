import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Tests by cost. Every test file's name ends in exactly one of these suffixes, which puts it in
 * that project (test/test-projects.unit.test.ts fails on a file that matches none):
 * - unit: pure, in process, no servers; `npm run test:unit` is the fast loop.
 * - integration: against dynalite, the Bedrock emulator or local mode, in process.
 * - infra: CDK synth in process, cdk-nag.
 * - slow: subprocesses (`cdk synth`, `npx`/`tsx`), the browser, the soak, and the end-to-end
 *   scan-request flow (a stack synth plus both handlers).
 */
export const TEST_PROJECTS = {
  unit: { suffix: '.unit.test.ts', dynalite: false },
  integration: { suffix: '.integration.test.ts', dynalite: true },
  // Each synthesises whole stacks: seconds alone, much longer on a loaded 2-core machine.
  infra: { suffix: '.infra.test.ts', dynalite: false, testTimeout: 90_000 },
  // Slow by design: a 30 s default would make them flaky on a busy machine.
  slow: { suffix: '.slow.test.ts', dynalite: true, testTimeout: 120_000 },
} as const;

function project(name: keyof typeof TEST_PROJECTS): TestProjectInlineConfiguration {
  const settings: { suffix: string; dynalite: boolean; testTimeout?: number } = TEST_PROJECTS[name];
  const { suffix, dynalite, testTimeout } = settings;
  return {
    extends: true,
    test: {
      name,
      include: [`test/**/*${suffix}`],
      // One in-memory dynalite per project that needs it; each file uses its own table name.
      ...(dynalite ? { globalSetup: ['test/support/global-setup.ts'] } : {}),
      ...(testTimeout ? { testTimeout } : {}),
    },
  };
}

export default defineConfig({
  test: {
    projects: (Object.keys(TEST_PROJECTS) as (keyof typeof TEST_PROJECTS)[]).map(project),
    setupFiles: ['test/support/setup.ts'],
    // The SDK's "Node 22 after January 2027" notice is for users, not for every test worker.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
  },
});
