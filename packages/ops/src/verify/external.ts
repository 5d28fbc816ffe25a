import type { IntegrityIssue } from './chain';

/** A stream's head as a witness outside the verified database last saw it. */
export type ExternalHead = Readonly<{ revision: bigint; eventId: string }>;

/**
 * Anchors kept outside the database that verify reads: e.g. the NATS stream the relay fills as
 * events are appended (see `@aftersales/notifier` `readRelayedHeads`). Written while the system
 * runs, not by verify, so a deleted tail is caught even before a first verify run.
 */
export type ExternalAnchors = Readonly<{
  /** e.g. `NATS stream AFTERSALES_EVENTS`. */
  source: string;
  read(): Promise<ReadonlyMap<string, ExternalHead>>;
}>;

export type ExternalCheck = Readonly<{ source: string; streams: number }>;

/** What the scan saw of the streams a witness knows: the head, and the event id at its revision. */
export type ScannedHeads = ReadonlyMap<string, Readonly<{ revision: bigint; eventIdAt?: string }>>;

/** Each witnessed head must still be in the log, with the same event at that revision. */
export function checkExternal(
  source: string,
  witnessed: ReadonlyMap<string, ExternalHead>,
  scanned: ScannedHeads,
): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  for (const [streamId, head] of witnessed) {
    const seen = scanned.get(streamId);
    if (!seen) {
      issues.push({
        kind: 'missing',
        streamId,
        fromRevision: '0',
        toRevision: head.revision.toString(),
        detail: `the whole stream is gone; ${source} holds its revision ${head.revision} (event ${head.eventId})`,
      });
    } else if (seen.revision < head.revision) {
      issues.push({
        kind: 'missing',
        streamId,
        fromRevision: (seen.revision + 1n).toString(),
        toRevision: head.revision.toString(),
        detail: `the stream ends at revision ${seen.revision}; ${source} holds revision ${head.revision} (event ${head.eventId}): its tail is gone`,
      });
    } else if (seen.eventIdAt !== undefined && seen.eventIdAt.toLowerCase() !== head.eventId.toLowerCase()) {
      issues.push({
        kind: 'altered',
        streamId,
        revision: head.revision.toString(),
        eventId: seen.eventIdAt,
        detail: `${source} holds event ${head.eventId} at revision ${head.revision}; the log has ${seen.eventIdAt} there`,
      });
    }
  }
  return issues;
}
