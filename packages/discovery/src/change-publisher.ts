import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CHANGE_EVENT_SOURCE,
  type ChangeRecord,
  changeEvents,
} from '@bedrock-profile-catalog/catalog';

/** Publishes a region's changes; called as soon as that region is applied. */
export type ChangePublisher = (changes: readonly ChangeRecord[]) => Promise<void>;

/** PutEvents takes at most 10 entries per request. */
export const PUT_EVENTS_BATCH_SIZE = 10;

export class ChangePublishError extends Error {
  override readonly name = 'ChangePublishError';
  constructor(
    message: string,
    readonly failedEntries: number,
  ) {
    super(message);
  }
}

/**
 * EventBridge publisher: batches of 10, one detail-type per entity and kind (plus a lifecycle event
 * for a model whose lifecycle changed, see changeEvents). Entries EventBridge
 * rejects are retried once, then reported, because a lost change event is not repairable later.
 */
export function eventBridgeChangePublisher(deps: {
  client: EventBridgeClient;
  eventBusName: string;
}): ChangePublisher {
  return async (changes) => {
    const entries = changes.flatMap((change) =>
      changeEvents(change).map(({ detailType, detail }) => ({
        Source: CHANGE_EVENT_SOURCE,
        DetailType: detailType,
        Detail: JSON.stringify(detail),
        EventBusName: deps.eventBusName,
        Time: new Date(change.at),
        Resources: [],
      })),
    );
    let failed = 0;
    for (let start = 0; start < entries.length; start += PUT_EVENTS_BATCH_SIZE) {
      let batch = entries.slice(start, start + PUT_EVENTS_BATCH_SIZE);
      for (let attempt = 0; attempt < 2 && batch.length > 0; attempt++) {
        const response = await deps.client.send(new PutEventsCommand({ Entries: batch }));
        if (!response.FailedEntryCount) {
          batch = [];
          break;
        }
        // Results line up with the request entries; keep only those that failed.
        batch = batch.filter((_, index) => response.Entries?.[index]?.ErrorCode !== undefined);
      }
      failed += batch.length;
    }
    if (failed > 0) {
      throw new ChangePublishError(
        `${failed} change event(s) were rejected by EventBridge`,
        failed,
      );
    }
  };
}

/** Local mode: no event bus, so changes go to the log. */
export function loggingChangePublisher(
  log: (message: string, detail: object) => void,
): ChangePublisher {
  return async (changes) => {
    for (const change of changes) {
      for (const { detailType, detail } of changeEvents(change)) log(detailType, detail);
    }
  };
}
