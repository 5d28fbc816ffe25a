/** A command's answer within a turn of several: its own result or its own refusal. */
export type Settled<R> = Readonly<{ ok: true; value: R }> | Readonly<{ ok: false; error: unknown }>;

/**
 * Commands on one stream, given the same queue, run one after another. Concurrent writers of a
 * hot stream (50 redemptions at once) would otherwise all decide on the same revision, one would
 * win, and the rest conflict, read again and race again: one success per round, and every
 * losing append still waits its turn on the stream in the store. Queued, each decides on the
 * state the one before left (from the stream cache when there is one) and appends without a
 * conflict; writers in other processes can still conflict, and are retried as before.
 * A command must not wait, inside its own turn, for another command on the same stream with the
 * same queue (the API never does: the steps of a plan run one after another).
 */
export class StreamQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Per stream, the turn not yet begun that a command may still join (see `join`). */
  private readonly open = new Map<string, OpenTurn>();

  constructor(
    /** Most commands decided in one turn of `join`. */
    private readonly maxJoined = 64,
  ) {}

  /** `work` alone, after everything queued on the stream before it. */
  run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    // Whatever joins after this waits for it.
    this.open.delete(streamId);
    return this.chain(streamId, work);
  }

  /**
   * `job` in the next turn of the stream, with every job that joins it (same `group`) before
   * that turn begins; `runAll` is given them in the order they came and answers each.
   */
  join<J, R>(
    streamId: string,
    group: unknown,
    job: J,
    runAll: (jobs: readonly J[]) => Promise<readonly Settled<R>[]>,
  ): Promise<R> {
    const waiting = this.open.get(streamId);
    if (waiting && waiting.group === group && waiting.jobs.length < this.maxJoined) {
      return new Promise<R>((resolve, reject) => {
        waiting.jobs.push({ job, resolve: resolve as (value: unknown) => void, reject });
      });
    }
    const turn: OpenTurn = { group, jobs: [] };
    this.open.set(streamId, turn);
    const mine = new Promise<R>((resolve, reject) => {
      turn.jobs.push({ job, resolve: resolve as (value: unknown) => void, reject });
    });
    void this.chain(streamId, async () => {
      if (this.open.get(streamId) === turn) this.open.delete(streamId);
      try {
        const answers = await runAll(turn.jobs.map((j) => j.job as J));
        turn.jobs.forEach((j, i) => {
          const answer = answers[i];
          if (answer?.ok) j.resolve(answer.value);
          else j.reject(answer ? answer.error : new Error('no answer for a joined command'));
        });
      } catch (err) {
        for (const j of turn.jobs) j.reject(err);
      }
    });
    return mine;
  }

  private async chain<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(streamId);
    const mine = (before ?? Promise.resolve()).then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(streamId, settled);
    try {
      return await mine;
    } finally {
      if (this.tails.get(streamId) === settled) this.tails.delete(streamId);
    }
  }

  /** Streams with commands queued or running (tests, metrics). */
  get size(): number {
    return this.tails.size;
  }
}

type OpenTurn = {
  group: unknown;
  jobs: { job: unknown; resolve: (value: unknown) => void; reject: (err: unknown) => void }[];
};
