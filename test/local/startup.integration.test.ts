import { createServer, type Server } from 'node:net';
import type { Logger } from '@aws-lambda-powertools/logger';
import { LocalStartupError } from '@bedrock-profile-catalog/local';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestCatalog } from '../support/local-catalog.js';

/** What a user sees when `npm start` cannot do what they asked. */
describe('local mode start-up', () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  it('names the PORT that is taken instead of failing with a stack trace', async () => {
    const server = createServer();
    blocker = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };

    const started = startTestCatalog({ PORT: String(port), CATALOG_REGIONS: 'us-east-1' });

    await expect(started).rejects.toThrow(LocalStartupError);
    await expect(started).rejects.toMatchObject({
      code: 'PORT_UNAVAILABLE',
      message: expect.stringMatching(`^PORT ${port} is already in use`),
    });
  });

  it('warns when CATALOG_REGIONS names a region the embedded emulator does not host', async () => {
    const warn = vi.fn();
    const logger = { info: vi.fn(), debug: vi.fn(), warn, error: vi.fn() } as unknown as Logger;

    const catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,me-south-1' }, { logger });
    await catalog.close();

    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^CATALOG_REGIONS: the embedded emulator does not host me-south-1;/),
      expect.objectContaining({ hosted: expect.arrayContaining(['us-east-1']) }),
    );
  });
});
