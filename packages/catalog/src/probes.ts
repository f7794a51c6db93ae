import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { probeBudgetKeys, probeKeys } from './keys.js';
import { latencyStats } from './percentiles.js';
import {
  ProbeBudgetRecord,
  type ProbeOutcome,
  ProbeRecord,
  type ProbeTier,
  type TierSupport,
} from './probe-records.js';

const MICRO = 1_000_000;
const toMicro = (usd: number) => Math.ceil(usd * MICRO);
const monthOf = (at: Date) => at.toISOString().slice(0, 7);

/**
 * The probes' monthly spend, shared by every probe function: a reservation is one conditional
 * ADD that fails when it would pass the cap, so concurrent probes in several regions can never
 * spend past it together. Amounts are stored in whole micro-dollars.
 */
export class ProbeBudgetStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #capMicroUsd: number;
  readonly #now: () => Date;

  constructor(options: {
    documentClient: DynamoDBDocumentClient;
    tableName: string;
    monthlyCapUsd: number;
    now?: () => Date;
  }) {
    this.#client = options.documentClient;
    this.#table = options.tableName;
    this.#capMicroUsd = Math.floor(options.monthlyCapUsd * MICRO);
    this.#now = options.now ?? (() => new Date());
  }

  async reserve(usd: number): Promise<boolean> {
    const amount = toMicro(usd);
    if (amount > this.#capMicroUsd) return false;
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: probeBudgetKeys(monthOf(this.#now())),
          UpdateExpression:
            'SET recordType = :type, #month = :month, capMicroUsd = :cap ADD spentMicroUsd :amount',
          ConditionExpression: 'attribute_not_exists(spentMicroUsd) OR spentMicroUsd <= :room',
          ExpressionAttributeNames: { '#month': 'month' },
          ExpressionAttributeValues: {
            ':type': 'probeBudget',
            ':month': monthOf(this.#now()),
            ':cap': this.#capMicroUsd,
            ':amount': amount,
            ':room': this.#capMicroUsd - amount,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives back what a reservation did not use (a call never costs more than its reservation). */
  async settle(reservedUsd: number, actualUsd: number): Promise<void> {
    const refund = toMicro(reservedUsd) - toMicro(Math.min(actualUsd, reservedUsd));
    if (refund <= 0) return;
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: probeBudgetKeys(monthOf(this.#now())),
        UpdateExpression: 'ADD spentMicroUsd :refund',
        ExpressionAttributeValues: { ':refund': -refund },
      }),
    );
  }

  /** This month's cap and spend, in USD. */
  async usage(): Promise<{ month: string; capUsd: number; spentUsd: number }> {
    const month = monthOf(this.#now());
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: probeBudgetKeys(month) }),
    );
    const spent = Item ? ProbeBudgetRecord.parse(Item).spentMicroUsd : 0;
    return { month, capUsd: this.#capMicroUsd / MICRO, spentUsd: spent / MICRO };
  }
}

export interface ProbeObservation {
  sourceRegion: string;
  targetId: string;
  modelId: string;
  tier: ProbeTier;
  outcome: ProbeOutcome;
  ttftMs: number | null;
  tierSupport: TierSupport;
  costUsd: number;
  at: string;
}

/** Folds each probe into its record's rolling window (read, then a put conditional on it). */
export class ProbeWriter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #window: number;

  constructor(options: {
    documentClient: DynamoDBDocumentClient;
    tableName: string;
    window: number;
  }) {
    this.#client = options.documentClient;
    this.#table = options.tableName;
    this.#window = options.window;
  }

  async record(observation: ProbeObservation): Promise<ProbeRecord> {
    // Two probe runs of one target at once are rare; the loser re-reads and folds again.
    for (let attempt = 0; ; attempt++) {
      const keys = probeKeys(observation);
      const { Item } = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { PK: keys.PK, SK: keys.SK } }),
      );
      const previous = Item ? ProbeRecord.parse(Item) : null;
      const next = fold(previous, observation, this.#window);
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...keys, ...next },
            ...(previous
              ? {
                  ConditionExpression: 'lastProbedAt = :seen',
                  ExpressionAttributeValues: { ':seen': previous.lastProbedAt },
                }
              : { ConditionExpression: 'attribute_not_exists(PK)' }),
          }),
        );
        return next;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= 3) throw error;
      }
    }
  }
}

function fold(previous: ProbeRecord | null, o: ProbeObservation, window: number): ProbeRecord {
  const samples = [...(previous?.samples ?? [])];
  if (o.outcome === 'ok' && o.ttftMs !== null) samples.push(o.ttftMs);
  const kept = samples.slice(-window);
  const errors = { ...(previous?.errors ?? {}) };
  if (o.outcome !== 'ok') errors[o.outcome] = (errors[o.outcome] ?? 0) + 1;
  return {
    recordType: 'probe',
    sourceRegion: o.sourceRegion,
    targetId: o.targetId,
    modelId: o.modelId,
    tier: o.tier,
    samples: kept,
    ttftMs: latencyStats(kept),
    lastOutcome: o.outcome,
    errors,
    // A tier's answer stands until a probe says otherwise; `unknown` never overwrites one.
    tierSupport: o.tierSupport === 'unknown' ? (previous?.tierSupport ?? 'unknown') : o.tierSupport,
    lastProbedAt: o.at,
    spentUsd: (previous?.spentUsd ?? 0) + o.costUsd,
  };
}
