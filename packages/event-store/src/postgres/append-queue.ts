import { LinkedAppendRefusedError } from '../errors';
import type { AppendResult, ExpectedRevision } from '../port';

/** One append as the SQL functions take it: stream, expected-revision code, and the event columns. */
export type AppendCall = Readonly<{
  streamId: string;
  /** The expected-revision code of the SQL functions (-1 no stream, -2 any, -3 exists, ≥ 0 exact). */
  expected: string;
  expectedRevision: ExpectedRevision;
  eventIds: readonly string[];
  types: readonly string[];
  data: readonly string[];
  metadata: readonly string[];
}>;

/** What `append_batch` decided for one item; anything but `appended` is re-run on its own. */
export type BatchOutcome =
  | Readonly<{ status: 'appended'; result: AppendResult }>
  | Readonly<{ status: 'retry-alone' }>;

export type AppendQueueOptions = Readonly<{
  /** The precise single-append path: conflicts, replays and retries are all decided there. */
  single: (call: AppendCall) => Promise<AppendResult>;
  /** Several appends to distinct streams in one transaction; one outcome per call, in order. */
  batch: (calls: readonly AppendCall[]) => Promise<readonly BatchOutcome[]>;
  /**
   * As `batch`, where the calls that share a link number (`links`, 0 for none) are stored all
   * or none: a linked call is `appended` only if all its partners are.
   */
  batchLinked: (calls: readonly AppendCall[], links: readonly number[]) => Promise<readonly BatchOutcome[]>;
  /** Turns a failure of a whole shared transaction into the error a linked append rejects with. */
  mapError: (err: unknown) => unknown;
  /** Called once per committed transaction that stored events. */
  onCommitted: () => void;
  /** Transactions in flight at once; more appends wait and then go together. */
  maxInFlight: number;
  /** Most events in one shared transaction. */
  maxBatchEvents: number;
}>;

/** One append, or several linked ones (all or none), waiting for a transaction. */
type Waiting = {
  calls: readonly AppendCall[];
  linked: boolean;
  resolve: (results: AppendResult[]) => void;
  reject: (err: unknown) => void;
};

/**
 * Group commit for appends. While fewer than `maxInFlight` transactions run, an append goes out
 * at once, alone, exactly as before; once they are all busy, appends wait here and the next free
 * slot takes every waiting append (to distinct streams, up to `maxBatchEvents` events) into ONE
 * transaction. Under load that turns N commits, N WAL flushes and N round trips into one, and it
 * costs an idle caller nothing: no timer, no waiting for company.
 *
 * Each caller still hears only its own outcome, after the commit that made it durable. Anything
 * unusual in a shared transaction (wrong expected revision, an id already stored, an error of the
 * whole transaction) is re-run through the single path, which is idempotent by event id: a
 * transaction that committed before its connection dropped is found there as a replay.
 */
export class AppendQueue {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly options: AppendQueueOptions) {}

  submit(call: AppendCall): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.waiting.push({
        calls: [call],
        linked: false,
        resolve: ([result]) => resolve(result as AppendResult),
        reject,
      });
      this.pump();
    });
  }

  /**
   * Appends to distinct streams, all or none, in the next shared transaction. Anything but all
   * of them stored rejects with `LinkedAppendRefusedError` (nothing stored), or with the error of
   * the whole transaction (outcome unknown); nothing is retried alone here.
   */
  submitLinked(calls: readonly AppendCall[]): Promise<AppendResult[]> {
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.waiting.push({ calls, linked: true, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The oldest waiting appends, one per stream, within the event budget; the rest keep their turn. */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const streams = new Set<string>();
    let events = 0;
    for (let index = 0; index < this.waiting.length; ) {
      const entry = this.waiting[index] as Waiting;
      const size = entry.calls.reduce((sum, call) => sum + call.eventIds.length, 0);
      const fits = group.length === 0 || events + size <= this.options.maxBatchEvents;
      if (!fits) break;
      if (entry.calls.some((call) => streams.has(call.streamId))) {
        index++;
        continue;
      }
      for (const call of entry.calls) streams.add(call.streamId);
      events += size;
      group.push(entry);
      this.waiting.splice(index, 1);
    }
    return group;
  }

  private async run(group: readonly Waiting[]): Promise<void> {
    const [only] = group as [Waiting];
    if (group.length === 1 && !only.linked) {
      await this.options
        .single(only.calls[0] as AppendCall)
        .then((result) => only.resolve([result]), only.reject);
      return;
    }
    const calls = group.flatMap((entry) => entry.calls);
    let outcomes: readonly BatchOutcome[] | undefined;
    let failure: unknown;
    try {
      if (group.some((entry) => entry.linked)) {
        const links = group.flatMap((entry, index) => entry.calls.map(() => (entry.linked ? index + 1 : 0)));
        outcomes = await this.options.batchLinked(calls, links);
      } else outcomes = await this.options.batch(calls);
    } catch (err) {
      // The shared transaction failed as a whole: each append tries again alone.
      failure = err;
    }
    if (outcomes?.some((outcome) => outcome.status === 'appended')) this.options.onCommitted();
    let offset = 0;
    await Promise.all(
      group.map((entry) => {
        const own = entry.calls.map((_, index) => outcomes?.[offset + index]);
        offset += entry.calls.length;
        const results = own.flatMap((outcome) => (outcome?.status === 'appended' ? [outcome.result] : []));
        if (results.length === entry.calls.length) {
          entry.resolve(results);
          return undefined;
        }
        if (entry.linked) {
          entry.reject(
            outcomes
              ? new LinkedAppendRefusedError(entry.calls.map((call) => call.streamId))
              : this.options.mapError(failure),
          );
          return undefined;
        }
        return this.options
          .single(entry.calls[0] as AppendCall)
          .then((result) => entry.resolve([result]), entry.reject);
      }),
    );
  }
}
