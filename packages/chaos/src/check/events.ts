import type { RecordedEvent } from '@aftersales/event-store';
import type { CommandRecord } from '../workload';

/**
 * Exactly once, reconciled from the log: the API stamps each command's events with its
 * Idempotency-Key as `causationId` (follow-ups on other streams carry the id of the event that
 * caused them), and a 2xx lists the events it recorded. So each event an acknowledged command
 * lists must be in the log once, no command may have recorded the same kind of event on the same
 * stream twice (a second execution), and every event must lead back to a command that was sent.
 * An event of the command that its answer does not list (a retry after a crash that found the
 * first run's work done) is reported apart: the effect is there once, the answer is incomplete.
 */
export type EventFindings = {
  /** Log events per command key (follow-ups included). */
  byKey: Map<string, RecordedEvent[]>;
  /** Commands with the same kind of event twice on one stream, or a listed event twice. */
  duplicates: Map<string, string[]>;
  /** Acknowledged commands with an event, once, that their answer does not list. */
  unlisted: Map<string, string[]>;
  /** Events an answer lists that are not in the log. */
  lost: Map<string, string[]>;
  /** Events that lead back to no command the workload sent. */
  orphans: RecordedEvent[];
};

type CommandResult = Readonly<{
  events?: readonly { eventId: string }[];
  related?: readonly { events?: readonly { eventId: string }[] }[];
}>;

export function listedEventIds(body: unknown): string[] {
  const result = (body ?? {}) as CommandResult;
  return [
    ...(result.events ?? []).map((e) => e.eventId),
    ...(result.related ?? []).flatMap((r) => (r.events ?? []).map((e) => e.eventId)),
  ];
}

export function reconcileEvents(
  commands: ReadonlyMap<string, CommandRecord>,
  log: readonly RecordedEvent[],
): EventFindings {
  const byEventId = new Map<string, RecordedEvent[]>();
  for (const event of log) {
    const same = byEventId.get(event.metadata.eventId) ?? [];
    same.push(event);
    byEventId.set(event.metadata.eventId, same);
  }
  // The command an event leads back to: its causation, followed through caused events.
  const rootOf = (event: RecordedEvent, depth = 0): string | undefined => {
    const cause = event.metadata.causationId;
    if (cause === undefined || depth > 20) return undefined;
    if (commands.has(cause)) return cause;
    const source = byEventId.get(cause)?.[0];
    return source ? rootOf(source, depth + 1) : undefined;
  };
  const byKey = new Map<string, RecordedEvent[]>();
  const orphans: RecordedEvent[] = [];
  for (const event of log) {
    const key = rootOf(event);
    if (key === undefined) {
      orphans.push(event);
      continue;
    }
    const mine = byKey.get(key) ?? [];
    mine.push(event);
    byKey.set(key, mine);
  }

  const duplicates = new Map<string, string[]>();
  const unlisted = new Map<string, string[]>();
  const lost = new Map<string, string[]>();
  const describe = (e: RecordedEvent) => `${e.streamId}@${e.revision} ${e.type}`;
  for (const [key, mine] of byKey) {
    const kinds = new Map<string, RecordedEvent[]>();
    for (const e of mine)
      kinds.set(`${e.streamId} ${e.type}`, [...(kinds.get(`${e.streamId} ${e.type}`) ?? []), e]);
    const twice = [...kinds.values()].filter((same) => same.length > 1).flat();
    if (twice.length > 0) duplicates.set(key, twice.map(describe));
  }
  for (const command of commands.values()) {
    if (!command.acknowledged) continue;
    const listed = listedEventIds(command.acknowledged.body);
    const missing = listed.filter((id) => !byEventId.has(id));
    const listedTwice = listed.filter((id) => (byEventId.get(id)?.length ?? 0) > 1);
    const notListed = (byKey.get(command.key) ?? []).filter((e) => !listed.includes(e.metadata.eventId));
    if (missing.length > 0) lost.set(command.key, missing);
    if (listedTwice.length > 0)
      duplicates.set(command.key, [...(duplicates.get(command.key) ?? []), ...listedTwice]);
    if (notListed.length > 0) unlisted.set(command.key, notListed.map(describe));
  }
  return { byKey, duplicates, unlisted, lost, orphans };
}
