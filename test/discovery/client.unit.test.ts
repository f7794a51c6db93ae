import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import * as discovery from '../../packages/discovery/src/index.js';

describe('createBedrockClientFactory', () => {
  it('caches one client per region', () => {
    const factory = discovery.createBedrockClientFactory({ endpoint: 'http://127.0.0.1:9' });
    try {
      const a = factory.clientFor('us-east-1');
      expect(factory.clientFor('us-east-1')).toBe(a);
      expect(factory.clientFor('eu-west-1')).not.toBe(a);
    } finally {
      factory.destroy();
    }
  });

  it('refuses a region that is not a region code (it would become part of a hostname)', () => {
    const factory = discovery.createBedrockClientFactory();
    try {
      expect(() => factory.clientFor('evil.example.com/x')).toThrow(/invalid region/);
    } finally {
      factory.destroy();
    }
  });

  it('configures an enforced request timeout, keep-alive and the attempt budget', async () => {
    const factory = discovery.createBedrockClientFactory({
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestTimeoutMs: 1234,
      maxAttempts: 5,
      maxSockets: 77,
    });
    try {
      const client = factory.clientFor('us-east-1');
      const handler = client.config.requestHandler as unknown as {
        httpHandlerConfigs(): Record<string, unknown>;
      };
      expect(await client.config.maxAttempts()).toBe(5);
      // The handler resolves its config on the first request; nothing listens on port 9.
      await client
        .send(new ListFoundationModelsCommand({}), { abortSignal: AbortSignal.timeout(50) })
        .catch(() => undefined);
      const config = handler.httpHandlerConfigs();
      expect(config).toMatchObject({ requestTimeout: 1234, throwOnRequestTimeout: true });
      for (const agent of [config.httpAgent, config.httpsAgent]) {
        expect(agent).toMatchObject({ keepAlive: true, maxSockets: 77 });
      }
    } finally {
      factory.destroy();
    }
  });

  it('sends every region to the endpoint override while keeping the region', async () => {
    const factory = discovery.createBedrockClientFactory({ endpoint: 'http://127.0.0.1:4010' });
    try {
      const client = factory.clientFor('ap-southeast-2');
      expect(await client.config.region()).toBe('ap-southeast-2');
      const endpoint = await client.config.endpoint?.();
      expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 4010 });
    } finally {
      factory.destroy();
    }
  });
});

describe('package exports', () => {
  it('exposes the public API from the package entry', () => {
    for (const name of [
      'scanRegion',
      'createBedrockClientFactory',
      'resolveRegions',
      'ssmRegionSource',
      'classifyScanError',
      'modelIdFromArn',
      'normaliseProfile',
      'normaliseModel',
      'normaliseThroughput',
    ]) {
      expect(typeof (discovery as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
