import { ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockClient } from './support.js';

let emulator: RunningEmulator;
let events: EventBridgeClient;

beforeAll(async () => {
  emulator = await startEmulator();
  events = new EventBridgeClient({
    region: 'eu-west-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
});

beforeEach(() => emulator.clearEvents());

afterAll(async () => {
  events.destroy();
  await emulator.close();
});

describe('the emulator as EventBridge (PutEvents on the same port)', () => {
  it('records every entry the real EventBridgeClient puts and answers with event IDs', async () => {
    // Arrange
    const time = new Date('2026-12-01T10:00:00.000Z');

    // Act
    const response = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'catalog-bus',
            Source: 'bedrock-profile-catalog',
            DetailType: 'Inference Profile Added',
            Detail: JSON.stringify({ region: 'eu-west-1', id: 'p1', kind: 'added' }),
            Time: time,
          },
          { Source: 'other', DetailType: 'Thing', Detail: '{"a":1}' },
        ],
      }),
    );

    // Assess
    expect(response.FailedEntryCount).toBe(0);
    expect(response.Entries).toHaveLength(2);
    expect(response.Entries?.every((e) => typeof e.EventId === 'string')).toBe(true);
    expect(emulator.events()).toMatchObject([
      {
        eventId: response.Entries?.[0]?.EventId,
        eventBusName: 'catalog-bus',
        source: 'bedrock-profile-catalog',
        detailType: 'Inference Profile Added',
        detail: { region: 'eu-west-1', id: 'p1', kind: 'added' },
        time: time.toISOString(),
        region: 'eu-west-1',
      },
      { eventBusName: 'default', source: 'other', detail: { a: 1 } },
    ]);
  });

  it('fails only the entries that are malformed, as EventBridge does, and records the rest', async () => {
    const response = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 's', DetailType: 'd', Detail: 'not json' },
          { Source: 's', DetailType: 'd', Detail: '{}' },
          { DetailType: 'd', Detail: '{}' },
        ],
      }),
    );

    expect(response.FailedEntryCount).toBe(2);
    expect(response.Entries?.map((e) => e.ErrorCode)).toEqual([
      'MalformedDetail',
      undefined,
      'InvalidArgument',
    ]);
    expect(emulator.events()).toHaveLength(1);
  });

  it('refuses more than 10 entries with a ValidationException', async () => {
    const entries = Array.from({ length: 11 }, () => ({
      Source: 's',
      DetailType: 'd',
      Detail: '{}',
    }));

    await expect(events.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(emulator.events()).toEqual([]);
  });

  it('serves the recorded events on the control API, and forgets them on DELETE', async () => {
    await events.send(
      new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{"n":1}' }] }),
    );

    const listed = await fetch(`${emulator.url}/__emulator/events`).then((r) => r.json());
    const deleted = await fetch(`${emulator.url}/__emulator/events`, { method: 'DELETE' });

    expect(listed.events).toMatchObject([{ source: 's', detailType: 'd', detail: { n: 1 } }]);
    expect(deleted.status).toBe(204);
    expect(emulator.events()).toEqual([]);
  });

  it('still answers Bedrock calls on the same port', async () => {
    const bedrock = bedrockClient(emulator, 'us-east-1');

    const page = await bedrock.send(new ListInferenceProfilesCommand({}));

    expect(page.inferenceProfileSummaries?.length).toBeGreaterThan(0);
    bedrock.destroy();
  });
});
