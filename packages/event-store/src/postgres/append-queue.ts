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
  /** Called once per committed transaction that stored events. */
  onCommitted: () => void;
  /** Transactions in flight at once; more appends wait and then go together. */
  maxInFlight: number;
  /** Most events in one shared transaction. */
  maxBatchEvents: number;
}>;

type Waiting = { call: AppendCall; resolve: (result: AppendResult) => void; reject: (err: unknown) => void };

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
      this.waiting.push({ call, resolve, reject });
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
      const size = entry.call.eventIds.length;
      const fits = group.length === 0 || events + size <= this.options.maxBatchEvents;
      if (!fits) break;
      if (streams.has(entry.call.streamId)) {
        index++;
        continue;
      }
      streams.add(entry.call.streamId);
      events += size;
      group.push(entry);
      this.waiting.splice(index, 1);
    }
    return group;
  }

  private async run(group: readonly Waiting[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Waiting];
      await this.options.single(only.call).then(only.resolve, only.reject);
      return;
    }
    let outcomes: readonly BatchOutcome[] | undefined;
    try {
      outcomes = await this.options.batch(group.map((entry) => entry.call));
    } catch {
      // The shared transaction failed as a whole: each append tries again alone.
    }
    if (outcomes?.some((outcome) => outcome.status === 'appended')) this.options.onCommitted();
    await Promise.all(
      group.map((entry, index) => {
        const outcome = outcomes?.[index];
        if (outcome?.status === 'appended') {
          entry.resolve(outcome.result);
          return undefined;
        }
        return this.options.single(entry.call).then(entry.resolve, entry.reject);
      }),
    );
  }
}
