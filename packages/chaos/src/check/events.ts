import type { RecordedEvent } from '@aftersales/event-store';
import type { CommandRecord } from '../workload';

/**
 * Exactly once, reconciled from the log: the API stamps each command's events with its
 * Idempotency-Key as `causationId` (follow-ups on other streams carry the id of the event that
 * caused them), and a 2xx lists every event it recorded. So each acknowledged command's events
 * must be in the log once each and nothing else may carry its key; every event must lead back to
 * a command the workload sent.
 */
export type EventFindings = {
  /** Log events per command key (follow-ups included). */
  byKey: Map<string, RecordedEvent[]>;
  /** Events of acknowledged commands that their answer does not list (a second execution). */
  duplicates: Map<string, string[]>;
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
  const lost = new Map<string, string[]>();
  for (const command of commands.values()) {
    if (!command.acknowledged) continue;
    const listed = listedEventIds(command.acknowledged.body);
    const missing = listed.filter((id) => !byEventId.has(id));
    const twice = listed.filter((id) => (byEventId.get(id)?.length ?? 0) > 1);
    const unlisted = (byKey.get(command.key) ?? [])
      .filter((e) => !listed.includes(e.metadata.eventId))
      .map((e) => `${e.streamId}@${e.revision} ${e.type}`);
    if (missing.length > 0) lost.set(command.key, missing);
    if (twice.length + unlisted.length > 0) duplicates.set(command.key, [...twice, ...unlisted]);
  }
  return { byKey, duplicates, lost, orphans };
}
