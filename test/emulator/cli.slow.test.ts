import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import { afterEach, describe, expect, it } from 'vitest';
import { bedrockClient } from './support.js';

let child: ChildProcess | undefined;

/**
 * npx does not forward signals to its children, so the CLI runs in its own process group and the
 * whole group gets the signal, as a terminal's Ctrl-C would deliver it.
 */
function signalGroup(process: ChildProcess, signal: NodeJS.Signals): void {
  if (process.pid === undefined) return;
  try {
    globalThis.process.kill(-process.pid, signal);
  } catch {
    // already gone
  }
}

afterEach(() => {
  if (child) signalGroup(child, 'SIGKILL');
  child = undefined;
});

/** Resolves with the first stdout line; rejects if the process exits first. */
function firstLine(process: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.stdout) throw new Error('no stdout');
    const lines = createInterface({ input: process.stdout });
    lines.once('line', (line) => resolve(line));
    process.once('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
  });
}

/** Polls until nothing listens on `url` any more. */
async function untilRefused(url: string): Promise<void> {
  for (;;) {
    try {
      await fetch(`${url}/__emulator/state`);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run emulator', () => {
  it('prints one URL line, serves Bedrock requests, and stops listening on SIGINT', async () => {
    // Prepare
    child = spawn('npx', ['tsx', 'packages/bedrock-emulator/src/cli.ts', '--port', '0'], {
      cwd: new URL('../..', import.meta.url),
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
    });

    // Act
    const line = await firstLine(child);
    const match =
      /^Bedrock emulator listening on (http:\/\/127\.0\.0\.1:\d+) \((\d+) regions\)$/.exec(line);
    const url = match?.[1] ?? 'http://127.0.0.1:1';
    const page = await bedrockClient({ url }, 'us-east-1').send(
      new ListInferenceProfilesCommand({}),
    );
    signalGroup(child, 'SIGINT');
    await untilRefused(url);

    // Assess
    expect(match).not.toBeNull();
    expect(Number(match?.[2])).toBeGreaterThanOrEqual(12);
    expect(page.inferenceProfileSummaries?.length).toBeGreaterThan(0);
  });
});

/** Runs the CLI to completion and returns its exit code and output. */
function runToExit(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const process = spawn('npx', ['tsx', 'packages/bedrock-emulator/src/cli.ts', ...args], {
      cwd: new URL('../..', import.meta.url),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    process.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    process.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    process.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run emulator, usage', () => {
  it('prints its usage for --help and exits 0', async () => {
    const { code, stdout } = await runToExit(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--port');
  });

  it('names an unknown option in one line, without a stack trace, and exits 2', async () => {
    const { code, stderr } = await runToExit(['--bogus']);
    expect(code).toBe(2);
    expect(stderr).toContain('--bogus');
    expect(stderr).not.toContain('    at ');
  });
});
