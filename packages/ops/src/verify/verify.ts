import { computeEventHash, type EventStore } from '@aftersales/event-store';
import type pg from 'pg';
import type { Progress } from '../export/export';
import { type Anchor, checkAnchor, loadAnchors, saveAnchors, vanishedStreams } from './anchors';
import { type ChainRow, type IntegrityIssue, verifyStream } from './chain';
import { checkExternal, type ExternalAnchors, type ExternalCheck, type ExternalHead } from './external';

export type VerifyReport = Readonly<{
  ok: boolean;
  streams: number;
  events: number;
  issues: readonly IntegrityIssue[];
  /** Streams whose head was (re)anchored by this run. */
  anchored: number;
  /** The witnesses outside the database that were checked, and how many streams each knew. */
  external: readonly ExternalCheck[];
}>;

export type VerifyOptions = Readonly<{
  pageSize?: number;
  /**
   * The store to read when it is not the Postgres store of `pool` (EventStoreDB, memory): read
   * through `readAllChained`, one page of the log at a time.
   */
  store?: EventStore;
  external?: readonly ExternalAnchors[];
}>;

type Scan = {
  issues: IntegrityIssue[];
  streams: number;
  events: number;
  intactHeads: { streamId: string; revision: bigint; hash: string }[];
  /** Every stream's head, with the event id at each revision an external witness asked for. */
  heads: Map<string, { revision: bigint; eventIdAt?: string }>;
};

const PAGE = 5000;

type Row = {
  stream_id: string;
  revision_text: string;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  hash: string;
};

/**
 * Reads `event_store.events` directly (not through the port: verify needs the stored hash and
 * the content exactly as stored), stream by stream in revision order, a page at a time so
 * memory stays bounded by the longest stream. Content is re-serialised canonically, as at append.
 * Each stream is also checked against the head anchored by the previous run (see `anchors.ts`).
 */
async function scanPostgres(
  pool: pg.Pool,
  anchors: ReadonlyMap<string, Anchor>,
  wanted: ReadonlyMap<string, ExternalHead>,
  onProgress: Progress | undefined,
  pageSize: number,
): Promise<Scan> {
  const { rows: countRows } = await pool.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM event_store.events',
  );
  const total = BigInt(countRows[0]?.n ?? '0');
  const heads: Scan['heads'] = new Map();
  const intactHeads: { streamId: string; revision: bigint; hash: string }[] = [];
  const issues: IntegrityIssue[] = [];
  let streams = 0;
  let events = 0n;
  let current: ChainRow[] = [];
  const finishStream = () => {
    const head = current[current.length - 1];
    if (!head) return;
    const chainIssues = verifyStream(current);
    const found = [
      ...chainIssues,
      ...checkAnchor(current, anchors.get(head.streamId), chainIssues.length === 0),
    ];
    issues.push(...found);
    const want = wanted.get(head.streamId)?.revision;
    heads.set(head.streamId, {
      revision: head.revision,
      ...(want === undefined ? {} : { eventIdAt: current.find((row) => row.revision === want)?.eventId }),
    });
    if (found.length === 0)
      intactHeads.push({ streamId: head.streamId, revision: head.revision, hash: head.hash });
    streams++;
    current = [];
  };

  let cursor: { streamId: string; revision: string } | undefined;
  for (;;) {
    const { rows } = await pool.query<Row>(
      // The text copy of the revision gets its own name: `ORDER BY revision` would otherwise sort
      // by the output column (as text: 0, 1, 10, 11, …, 2) instead of the bigint.
      `SELECT e.stream_id, e.revision::text AS revision_text, e.event_id::text, e.type, e.data::text,
              e.metadata::text, encode(e.hash, 'hex') AS hash
         FROM event_store.events e
        WHERE $1::text IS NULL OR (e.stream_id, e.revision) > ($1::text, $2::bigint)
        ORDER BY e.stream_id, e.revision
        LIMIT ${pageSize}`,
      [cursor?.streamId ?? null, cursor?.revision ?? null],
    );
    for (const row of rows) {
      if (current.length > 0 && current[0]?.streamId !== row.stream_id) finishStream();
      current.push({
        streamId: row.stream_id,
        revision: BigInt(row.revision_text),
        eventId: row.event_id,
        type: row.type,
        data: JSON.parse(row.data),
        metadata: JSON.parse(row.metadata),
        hash: row.hash,
      });
      events++;
    }
    onProgress?.(events, total);
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) break;
    cursor = { streamId: last.stream_id, revision: last.revision_text };
  }
  finishStream();
  return { issues, streams, events: Number(events), intactHeads, heads };
}

/**
 * Any store through `readAllChained`, the whole log in position order a page at a time; memory
 * holds one entry per stream. Each event must follow its stream's previous one (no gap) and hash,
 * from that one's link, to its own stored link. (The Postgres scan, reading a stream at a time,
 * also tells a moved event from an altered one; here both are `altered`.)
 */
async function scanStore(
  store: EventStore,
  anchors: ReadonlyMap<string, Anchor>,
  wanted: ReadonlyMap<string, ExternalHead>,
  onProgress: Progress | undefined,
  pageSize: number,
): Promise<Scan> {
  const read = store.readAllChained?.bind(store);
  if (!read) throw new Error(`the ${store.kind} store keeps no hash chain (readAllChained)`);
  type State = { revision: bigint; hash: string; broken: boolean; eventIdAt?: string; hashAtAnchor?: string };
  const states = new Map<string, State>();
  const issues: IntegrityIssue[] = [];
  let events = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await read({ ...(after === undefined ? {} : { after }), maxCount: pageSize });
    for (const event of page) {
      events++;
      const state = states.get(event.streamId) ?? { revision: -1n, hash: '', broken: false };
      const { recordedAt: _recordedAt, ...metadata } = event.metadata as Record<string, unknown>;
      if (event.revision !== state.revision + 1n) {
        issues.push({
          kind: 'missing',
          streamId: event.streamId,
          fromRevision: (state.revision + 1n).toString(),
          toRevision: (event.revision - 1n).toString(),
          detail: `revisions ${state.revision + 1n}..${event.revision - 1n} are gone; revision ${event.revision} cannot be chained`,
        });
        state.broken = true;
      } else {
        const expected = computeEventHash({
          previousHash: state.hash,
          streamId: event.streamId,
          revision: event.revision,
          type: event.type,
          data: event.data,
          metadata,
        });
        if (expected !== event.hash) {
          issues.push({
            kind: 'altered',
            streamId: event.streamId,
            revision: event.revision.toString(),
            eventId: event.metadata.eventId,
            detail: 'content does not match the hash written at append',
          });
          state.broken = true;
        }
      }
      state.revision = event.revision;
      state.hash = event.hash;
      if (wanted.get(event.streamId)?.revision === event.revision) state.eventIdAt = event.metadata.eventId;
      if (anchors.get(event.streamId)?.revision === event.revision) state.hashAtAnchor = event.hash;
      states.set(event.streamId, state);
    }
    onProgress?.(BigInt(events), BigInt(events));
    // Only an empty page ends the log: a store may answer a page short of the size asked.
    const last = page[page.length - 1];
    if (!last) break;
    after = last.position;
  }
  const intactHeads: Scan['intactHeads'] = [];
  const heads: Scan['heads'] = new Map();
  for (const [streamId, state] of states) {
    const anchor = anchors.get(streamId);
    const found: IntegrityIssue[] = [];
    if (anchor) {
      // The same judgement as checkAnchor, from what the scan kept of the stream.
      const rows = [
        {
          streamId,
          revision: state.revision,
          eventId: '',
          type: '',
          data: null,
          metadata: null,
          hash: state.hash,
        },
      ];
      if (state.hashAtAnchor !== undefined && state.revision !== anchor.revision) {
        rows.unshift({ ...rows[0], revision: anchor.revision, hash: state.hashAtAnchor } as (typeof rows)[0]);
      }
      found.push(...checkAnchor(rows, anchor, !state.broken));
    }
    issues.push(...found);
    heads.set(streamId, {
      revision: state.revision,
      ...(state.eventIdAt === undefined ? {} : { eventIdAt: state.eventIdAt }),
    });
    if (!state.broken && found.length === 0)
      intactHeads.push({ streamId, revision: state.revision, hash: state.hash });
  }
  return { issues, streams: states.size, events, intactHeads, heads };
}

/**
 * Verifies the log: every stream's hash chain, the heads anchored by the previous run (in
 * `ops.verify_anchors`), and the heads that witnesses outside the database hold (`external`,
 * read first, so that whatever they saw was in the log before the scan began). Anchors move to
 * the heads of the intact streams.
 */
export async function verifyLog(
  pool: pg.Pool,
  onProgress?: Progress,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? PAGE;
  const witnesses: { source: string; heads: ReadonlyMap<string, ExternalHead> }[] = [];
  for (const external of options.external ?? []) {
    witnesses.push({ source: external.source, heads: await external.read() });
  }
  // One wanted revision per stream: the highest any witness holds.
  const wanted = new Map<string, ExternalHead>();
  for (const { heads } of witnesses) {
    for (const [streamId, head] of heads) {
      const known = wanted.get(streamId);
      if (!known || known.revision < head.revision) wanted.set(streamId, head);
    }
  }
  const anchors = await loadAnchors(pool);
  const scan =
    options.store && options.store.kind !== 'postgres'
      ? await scanStore(options.store, anchors, wanted, onProgress, pageSize)
      : await scanPostgres(pool, anchors, wanted, onProgress, pageSize);
  const issues = [...scan.issues, ...vanishedStreams(anchors, new Set(scan.heads.keys()))];
  for (const { source, heads } of witnesses) {
    // A witness's own revision may be lower than another's: check each against what it saw.
    const scanned = new Map(
      [...heads.keys()].flatMap((streamId) => {
        const seen = scan.heads.get(streamId);
        if (!seen) return [];
        const eventIdAt =
          wanted.get(streamId)?.revision === heads.get(streamId)?.revision ? seen.eventIdAt : undefined;
        return [
          [streamId, { revision: seen.revision, ...(eventIdAt === undefined ? {} : { eventIdAt }) }] as const,
        ];
      }),
    );
    issues.push(...checkExternal(source, heads, scanned));
  }
  await saveAnchors(pool, scan.intactHeads);
  return {
    ok: issues.length === 0,
    streams: scan.streams,
    events: scan.events,
    issues,
    anchored: scan.intactHeads.length,
    external: witnesses.map(({ source, heads }) => ({ source, streams: heads.size })),
  };
}
