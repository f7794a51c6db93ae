import { AsyncLocalStorage } from 'node:async_hooks';

/** One HTTP attempt to a region's control plane, as timed by the request handler. */
export interface AttemptTiming {
  /** Request handed to the socket until response headers arrived. Retry back-off is outside. */
  ms: number;
  statusCode: number;
  /**
   * First request on a new connection: its time includes TCP (and TLS) set-up, so it says more
   * about where the caller runs than about the region. Excluded from latency samples.
   */
  newConnection: boolean;
}

export type AttemptSink = (timing: AttemptTiming) => void;

/**
 * Clients are shared and cached per region, so timings are routed to whoever started the call
 * through the async context rather than through the client: two overlapping scans of the same
 * region each get exactly their own attempts.
 */
const sinks = new AsyncLocalStorage<AttemptSink>();

export function withAttemptSink<T>(sink: AttemptSink, fn: () => Promise<T>): Promise<T> {
  return sinks.run(sink, fn);
}

export function currentAttemptSink(): AttemptSink | undefined {
  return sinks.getStore();
}

/** Collects a region scan's attempts; `close()` ignores stragglers that answer after the scan. */
export class AttemptLog {
  readonly #timings: AttemptTiming[] = [];
  #closed = false;

  readonly sink: AttemptSink = (t) => {
    if (!this.#closed) this.#timings.push(t);
  };

  /** Warm-connection samples so far (the scan tops them up when there are too few). */
  get warmSamples(): number {
    return this.#timings.filter((t) => !t.newConnection).length;
  }

  close(): AttemptTiming[] {
    this.#closed = true;
    return [...this.#timings];
  }
}

/** Latency samples (ms, 2 decimals) from warm-connection attempts only. */
export function latencySamplesOf(timings: readonly AttemptTiming[]): number[] {
  return timings.filter((t) => !t.newConnection).map((t) => Math.round(t.ms * 100) / 100);
}
