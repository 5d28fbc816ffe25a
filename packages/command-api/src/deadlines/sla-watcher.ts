import {
  type CaseEvent,
  type CaseState,
  caseDecider,
  type DecisionContext,
  defaultRulesTimeline,
  nextWatcherWake,
  type RulesTimeline,
  watcherCommandsAt,
  watcherEventName,
} from '@aftersales/domain';
import {
  backoffDelay,
  EventIdConflictError,
  type EventStore,
  type HandledEvent,
  handleCommand,
  type RecordedEvent,
  type Subscription,
  sleep,
  upcastToCurrent,
} from '@aftersales/event-store';
import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';

/** The namespace (uuid v5) of the ids of the facts the watcher records. */
export const WATCHER_EVENT_NAMESPACE = '0b7f3c52-9d1e-4f0a-8a6b-5c2e7d4f1a93';
const ACTOR = 'sla-watcher';

/** The id of a fact the watcher records: the same fact, whoever records it, has the same id. */
export const watcherEventId = (name: string): string => uuidv5(name, WATCHER_EVENT_NAMESPACE);

export type SlaWatcherOptions = Readonly<{
  store: EventStore;
  log: Logger;
  rules?: RulesTimeline;
  /** The wall clock (tests set their own). */
  now?: () => Date;
  /** Longest sleep between looks, so a slow clock or a missed wake-up costs at most this. */
  maxSleepMs?: number;
  /**
   * A case whose last event was recorded long after its business time is being imported (history
   * through the API): its clocks are judged only once it has been quiet this long, so a cycle the
   * import answers a moment later is not taken for a breach. Default 60 s; 0 turns it off.
   */
  importQuietMs?: number;
}>;

/** Business time this far behind store time marks an imported event (clocks of hosts drift less). */
const IMPORT_LAG_MS = 5 * 60_000;

export type SlaWatcher = Readonly<{
  /** Resolves once the log read at start has been folded (the watcher then acts on it). */
  caughtUp: Promise<void>;
  /** Cases the watcher keeps an eye on (not closed). */
  watched(): number;
  /**
   * Resolves once the watcher has looked at the log and the clock after this call and found
   * nothing due: everything up to now recorded (tests wait on this instead of sleeping).
   */
  idle(): Promise<void>;
  stop(): Promise<void>;
}>;

/** The instant a fact recorded by the watcher happened, as its business time. */
function factTime(event: CaseEvent, fallback: string): string {
  if (event.type === 'SlaBreached') return event.data.due;
  if (event.type === 'SlaAtRisk') return event.data.atRiskAt;
  if (event.type === 'CaseClosed') return event.data.closedAt;
  return fallback;
}

/**
 * The SLA deadline worker: records `SlaAtRisk` and `SlaBreached` once per target and cycle, and
 * closes solved cases at the end of the close window.
 *
 * 1. A catch-up subscription to the `case-` streams folds every case in memory (from the start
 *    of the log at each start: nothing to lose in a crash) and keeps each one's next wake.
 * 2. A loop sleeps until the earliest wake (or a new event), then runs the domain's watcher
 *    commands for the cases due, through the one command shell: each reads its stream afresh
 *    and decides on it, so a stale fold costs a read, never a wrong record.
 * 3. Every recorded fact carries an id and business time derived from the fact alone (case,
 *    metric, cycle; due instant), so a second watcher, a restart or a replay appends
 *    byte-identical events, which the store absorbs, or finds the fact in the stream and decides
 *    nothing.
 */
export function startSlaWatcher(options: SlaWatcherOptions): SlaWatcher {
  const { store, log } = options;
  const rules = options.rules ?? defaultRulesTimeline;
  const clock = options.now ?? (() => new Date());
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  const importQuietMs = options.importQuietMs ?? 60_000;
  /** Per imported case: the store time before which it is not judged. */
  const quietUntil = new Map<string, number>();
  const states = new Map<string, CaseState>();
  const wakes = new Map<string, number>();
  let stopped = false;
  let poke: (() => void) | undefined;
  // Set by every event and by stop: the loop looks again before it sleeps.
  let dirty = false;
  const wakeUp = () => {
    dirty = true;
    poke?.();
  };
  let idleWaiters: (() => void)[] = [];
  const context = (): DecisionContext => ({ now: clock().toISOString(), rules });

  const rewake = (streamId: string, state: CaseState) => {
    const wake = nextWatcherWake(state, context());
    if (state.status === 'closed') {
      states.delete(streamId);
      quietUntil.delete(streamId);
    } else states.set(streamId, state);
    if (wake === undefined) wakes.delete(streamId);
    else wakes.set(streamId, Math.max(Date.parse(wake), quietUntil.get(streamId) ?? 0));
  };

  // 1. Fold the case streams: the history page by page, then live from where it ended.
  const filter = { streamPrefixes: ['case-'] };
  const fold = (recorded: RecordedEvent) => {
    const event = upcastToCurrent(recorded) as unknown as CaseEvent;
    const before = states.get(recorded.streamId) ?? caseDecider.initialState();
    // A closed case dropped from memory never reopens: its later events change nothing.
    if (before.status === 'none' && event.type !== 'CaseOpened') return;
    const recordedAt = recorded.recordedAt.getTime();
    const imported = recordedAt - Date.parse(recorded.metadata.occurredAt) > IMPORT_LAG_MS;
    // Facts the watcher records itself carry their own (old) business time: they are not imports.
    if (importQuietMs > 0 && imported && recorded.metadata.actor !== ACTOR) {
      quietUntil.set(recorded.streamId, recordedAt + importQuietMs);
    }
    rewake(recorded.streamId, caseDecider.evolve(before, event));
  };
  let subscription: Subscription | undefined;
  const caughtUp = (async () => {
    let after: bigint | undefined;
    let attempt = 0;
    while (!stopped) {
      let page: RecordedEvent[];
      try {
        page = await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 1_000, filter });
      } catch (err) {
        // The store unreachable at start: wait it out, like every worker does.
        attempt += 1;
        log.warn({ err, attempt }, 'sla watcher could not read the cases yet');
        await sleep(backoffDelay({ initialMs: 250, maxMs: 30_000 }, attempt));
        continue;
      }
      const last = page.at(-1);
      if (!last) break;
      for (const recorded of page) fold(recorded);
      after = last.position;
    }
    return after;
  })();
  const following = caughtUp.then(async (after) => {
    if (stopped) return;
    subscription = store.subscribeToAll({
      ...(after === undefined ? {} : { after }),
      filter,
      onRetry: (err, attempt) => log.warn({ err, attempt }, 'sla watcher subscription retrying'),
    });
    for await (const recorded of subscription) {
      fold(recorded);
      wakeUp();
    }
  });
  following.catch((err) => log.error({ err }, 'sla watcher stopped following the log'));

  // 2. Run the commands of one case due now; the stream's state afterwards sets its next wake.
  async function attend(streamId: string) {
    const state = states.get(streamId);
    if (!state) return;
    let latest: CaseState = state;
    for (const command of watcherCommandsAt(state, context())) {
      const at = context();
      const run = () =>
        handleCommand(store, streamId, caseDecider, command, {
          context: at,
          metadata: { occurredAt: at.now, actor: ACTOR },
          retryForMs: 5_000,
          // 3. Ids and business time from the fact, the rest fixed: the same fact, the same bytes.
          append: ({ events, expectedRevision }) =>
            store.appendToStream(
              streamId,
              events.map((event) => withFactIdentity(event as HandledEvent<CaseEvent>)),
              { expectedRevision },
            ),
        });
      try {
        latest = (await run()).state;
      } catch (err) {
        // Another watcher stored the same fact decided on an older state: read again.
        if (!(err instanceof EventIdConflictError)) throw err;
        latest = (await run()).state;
      }
    }
    rewake(streamId, latest);
  }

  const loop = (async () => {
    await caughtUp;
    let failures = 0;
    while (!stopped) {
      dirty = false;
      const now = clock().getTime();
      const due = [...wakes].filter(([, at]) => at <= now).map(([streamId]) => streamId);
      for (const streamId of due) {
        if (stopped) break;
        try {
          await attend(streamId);
          failures = 0;
        } catch (err) {
          // The store unreachable, say: the wake stays, and the next look tries again.
          failures += 1;
          log.warn({ err, streamId }, 'sla watcher could not record a deadline');
          break;
        }
      }
      let next = Number.POSITIVE_INFINITY;
      for (const at of wakes.values()) next = Math.min(next, at);
      const backoff = failures > 0 ? backoffDelay({ initialMs: 500, maxMs: 30_000 }, failures) : 0;
      const sleep = Math.max(backoff, Math.min(maxSleepMs, next - clock().getTime()));
      if (dirty && failures === 0) continue;
      if (failures === 0 && next > clock().getTime()) {
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, sleep));
        poke = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      poke = undefined;
    }
  })();
  loop.catch((err) => log.error({ err }, 'sla watcher stopped'));

  return {
    caughtUp: caughtUp.then(() => undefined),
    watched: () => states.size,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wakeUp();
      }),
    async stop() {
      stopped = true;
      wakeUp();
      await caughtUp.catch(() => undefined);
      await subscription?.close();
      await Promise.allSettled([following, loop]);
    },
  };
}

function withFactIdentity(event: HandledEvent<CaseEvent>) {
  const name = watcherEventName(event);
  if (name === undefined) return event;
  return {
    ...event,
    metadata: {
      eventId: watcherEventId(name),
      occurredAt: factTime(event, event.metadata.occurredAt),
      actor: ACTOR,
      schemaVersion: event.metadata.schemaVersion,
    },
  };
}
