import type pg from 'pg';
import { applyMigrations, type Migration, type SchemaMigrations } from '../migrations';

/**
 * Versioned schema: each migration runs once, in order, recorded in `event_store.migrations`,
 * through the migration runner every package shares (`../migrations.ts`).
 *
 * Global order: a row's `position` is its writing transaction's id (`xid8`) shifted left by 20
 * bits plus its index in the append. Readers of "all" only read rows whose transaction is below
 * the oldest transaction that can still append here (see `HORIZON` in postgres-store.ts and
 * APPEND_MARK_TABLE below; `pg_snapshot_xmin` would be cluster-wide): every such transaction has ended, and every
 * transaction still to commit has a larger id, so the visible prefix never grows in the middle
 * (a sequence would: values are taken before commit, see Marten issue 4952). A long-open write
 * transaction stalls readers; it never makes them skip.
 */
export const SCHEMA = 'event_store';
export const POSITION_SHIFT = 20n;
export const NOTIFY_CHANNEL = 'event_store_appended';

/**
 * Every append transaction marks itself from BEFORE it gets its transaction id until it ends.
 * Readers of "all" then only wait for marked transactions (see `HORIZON` in postgres-store.ts):
 * a projection's or the notifier's own write transaction in the same database no longer holds
 * the log back. For that to be safe, an append must be the first write of its transaction: a
 * transaction that already has an id without the mark could have been passed over by a reader,
 * so it is refused (ES004). That also refuses a second append in one transaction, which positions
 * (transaction id and index in the append) could not number anyway.
 *
 * The mark is a ROW EXCLUSIVE lock on `append_mark`, a table that never holds a row. Taking it
 * needs a write privilege on that table, which only the store's owner (and roles it grants INSERT
 * to) has, so no other role can take it — a reporting role holding it with a transaction id would
 * stop every reader of the log — nor block it: every lock that conflicts with ROW EXCLUSIVE also
 * needs a write privilege. Before migration 6 the mark was a shared advisory lock, which any role
 * can take and hold (freezing readers) or take exclusively (blocking appends). Migration 6's
 * appends took it too, so that readers of the version before saw them during that upgrade;
 * from migration 7 appends take the table mark only, and a role that holds the advisory lock
 * exclusively blocks nothing. Readers still honour the advisory mark from roles that may insert
 * events (an append in flight while migration 6 or 7 ran may carry only it). Readers of a
 * release before migration 6 see only the advisory mark: stop them before migration 7 runs
 * (docs/migrations.md).
 */
export const APPEND_MARK_TABLE = `${SCHEMA}.append_mark`;
/** The advisory mark of migrations 4 to 6 (see above). */
export const LEGACY_APPEND_MARK = { classId: 7_340_291, objId: 1 } as const;

const markAppend = (mark: Mark) => `IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
          RAISE EXCEPTION USING ERRCODE = 'ES004',
            MESSAGE = 'an append must be the first write of its transaction, and its only append',
            HINT = 'append in a transaction of its own, or before writing anything else in it';
        END IF;
        ${mark === 'advisory' ? '' : `LOCK TABLE ${APPEND_MARK_TABLE} IN ROW EXCLUSIVE MODE;`}
        ${mark === 'writers' ? '' : `PERFORM pg_advisory_xact_lock_shared(${LEGACY_APPEND_MARK.classId}, ${LEGACY_APPEND_MARK.objId});`}`;

/**
 * `advisory`: the mark of migrations 4 and 5. `table`: migration 6, the table mark, and the
 * advisory one as well for readers of the version before. `writers`: from migration 7, the table
 * mark only.
 */
type Mark = 'advisory' | 'table' | 'writers';

/** Reads the stream's head revision and hash into v_current / v_hash (-1 and NULL when empty). */
const HEAD_OF = (stream: string) => `SELECT e.revision, e.hash INTO v_current, v_hash
            FROM ${SCHEMA}.events e WHERE e.stream_id = ${stream} ORDER BY e.revision DESC LIMIT 1;
          IF NOT FOUND THEN
            v_current := -1;
            v_hash := NULL;
          END IF;`;

/** Expected revision codes: -1 no stream, -2 any, -3 stream exists, >= 0 exact. */
const WRONG_EXPECTED = `(v_expected = -1 AND v_current <> -1) OR (v_expected = -3 AND v_current = -1)
           OR (v_expected >= 0 AND v_expected <> v_current)`;

/** The next link of the hash chain; must match computeEventHash (hash.ts) byte for byte. */
const HASH_STEP = (stream: string, offset: string, k: string) => `v_hash := sha256(convert_to(
            coalesce(encode(v_hash, 'hex'), '') || E'\\n' || ${stream} || E'\\n' || (v_current + ${offset})::text
              || E'\\n' || p_types[${k}] || E'\\n' || p_data[${k}] || E'\\n' || p_metadata[${k}], 'UTF8'));`;

/** The single append (migration 4 on): marked, then the stream's lock, revision check, hash chain. */
const appendEventsFunction = (mark: Mark) => `
      CREATE OR REPLACE FUNCTION ${SCHEMA}.append_events(
        p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[]
      ) RETURNS TABLE (next_revision bigint, last_position bigint, replayed boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_count int := cardinality(p_event_ids);
        v_inserted int;
        v_current bigint;
        v_expected bigint := p_expected;
        v_hash bytea;
        v_hashes bytea[] := '{}';
        v_base bigint;
      BEGIN
        ${markAppend(mark)}
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
        ${HEAD_OF('p_stream_id')}
        IF ${WRONG_EXPECTED} THEN
          RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
        END IF;
        FOR i IN 1..v_count LOOP
          ${HASH_STEP('p_stream_id', 'i', 'i')}
          v_hashes := v_hashes || v_hash;
        END LOOP;
        -- Any id already stored aborts the whole append (ES003); the caller asks find_replay.
        v_base := pg_current_xact_id()::text::bigint << ${POSITION_SHIFT};
        INSERT INTO ${SCHEMA}.events (position, stream_id, revision, event_id, type, data, metadata, hash)
        SELECT v_base + n.ord, p_stream_id, v_current + n.ord, n.event_id, n.type, n.data::jsonb,
               n.metadata::jsonb, v_hashes[n.ord]
          FROM unnest(p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(event_id, type, data, metadata, ord)
        ON CONFLICT (event_id) DO NOTHING;
        GET DIAGNOSTICS v_inserted = ROW_COUNT;
        IF v_inserted < v_count THEN
          RAISE EXCEPTION USING ERRCODE = 'ES003', MESSAGE = 'event ids already stored';
        END IF;
        RETURN QUERY SELECT v_current + v_count, v_base + v_count, false;
      END;
      $fn$;`;

/** Several appends in one transaction (see migration 4). */
const appendBatchFunction = (mark: Mark) => `      CREATE OR REPLACE FUNCTION ${SCHEMA}.append_batch(
        p_streams text[], p_expected bigint[], p_counts int[],
        p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[]
      ) RETURNS TABLE (item int, status int, next_revision bigint, last_position bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_items int := cardinality(p_streams);
        v_base bigint;
        v_offset int := 0;
        v_count int;
        v_expected bigint;
        v_current bigint;
        v_hash bytea;
        v_k int;
        v_status int[] := array_fill(0, ARRAY[v_items]);
        v_next bigint[] := array_fill(0::bigint, ARRAY[v_items]);
        v_first bigint[] := array_fill(0::bigint, ARRAY[v_items]);
        v_last bigint[] := array_fill(0::bigint, ARRAY[v_items]);
        v_idx int[] := '{}';
        v_streams text[] := '{}';
        v_revisions bigint[] := '{}';
        v_hashes bytea[] := '{}';
        v_inserted int;
        v_present int;
      BEGIN
        ${markAppend(mark)}
        -- The streams' locks, in one order, so two batches never wait on each other in a cycle.
        PERFORM pg_advisory_xact_lock(l.h)
          FROM (SELECT DISTINCT hashtextextended(s, 0) AS h FROM unnest(p_streams) AS s ORDER BY 1) AS l;
        v_base := pg_current_xact_id()::text::bigint << ${POSITION_SHIFT};

        -- Per item: head, expected revision, hash chain.
        FOR i IN 1..v_items LOOP
          v_count := p_counts[i];
          ${HEAD_OF('p_streams[i]')}
          v_expected := p_expected[i];
          IF ${WRONG_EXPECTED} THEN
            v_status[i] := 1;
          ELSE
            v_first[i] := v_base + cardinality(v_idx) + 1;
            FOR j IN 1..v_count LOOP
              v_k := v_offset + j;
              ${HASH_STEP('p_streams[i]', 'j', 'v_k')}
              v_idx := v_idx || v_k;
              v_streams := v_streams || p_streams[i];
              v_revisions := v_revisions || (v_current + j);
              v_hashes := v_hashes || v_hash;
            END LOOP;
            v_next[i] := v_current + v_count;
            v_last[i] := v_base + cardinality(v_idx);
          END IF;
          v_offset := v_offset + v_count;
        END LOOP;

        -- One insert for every item that passed.
        INSERT INTO ${SCHEMA}.events (position, stream_id, revision, event_id, type, data, metadata, hash)
        SELECT v_base + u.ord, u.s, u.r, p_event_ids[u.k], p_types[u.k], p_data[u.k]::jsonb,
               p_metadata[u.k]::jsonb, u.h
          FROM unnest(v_idx, v_streams, v_revisions, v_hashes) WITH ORDINALITY AS u(k, s, r, h, ord)
        ON CONFLICT (event_id) DO NOTHING;
        GET DIAGNOSTICS v_inserted = ROW_COUNT;

        -- Rare: some id was already stored. Take out the rows of each item that lost one.
        IF v_inserted < cardinality(v_idx) THEN
          FOR i IN 1..v_items LOOP
            CONTINUE WHEN v_status[i] <> 0;
            SELECT count(*)::int INTO v_present FROM ${SCHEMA}.events
              WHERE position BETWEEN v_first[i] AND v_last[i];
            IF v_present < p_counts[i] THEN
              DELETE FROM ${SCHEMA}.events WHERE position BETWEEN v_first[i] AND v_last[i];
              v_status[i] := 2;
            END IF;
          END LOOP;
        END IF;

        RETURN QUERY SELECT g.i, v_status[g.i], v_next[g.i], v_last[g.i]
          FROM generate_series(1, v_items) AS g(i);
      END;
      $fn$;`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events table',
    sql: `
      CREATE TABLE ${SCHEMA}.events (
        position    bigint      PRIMARY KEY,
        stream_id   text        NOT NULL,
        revision    bigint      NOT NULL,
        event_id    uuid        NOT NULL,
        type        text        NOT NULL,
        data        jsonb       NOT NULL,
        metadata    jsonb       NOT NULL,
        hash        bytea       NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
      );`,
  },
  {
    version: 2,
    name: 'append function',
    // Expected revision codes: -1 no stream, -2 any, -3 stream exists, >= 0 exact.
    // Raises ES001 (wrong expected revision, DETAIL = actual) and ES002 (event id conflict).
    sql: `
      CREATE FUNCTION ${SCHEMA}.append_events(
        p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[]
      ) RETURNS TABLE (next_revision bigint, last_position bigint, replayed boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_count int := cardinality(p_event_ids);
        v_known int;
        v_same int;
        v_offsets int;
        v_last_revision bigint;
        v_last_position bigint;
        v_conflict uuid;
        v_current bigint;
        v_hash bytea;
        v_hashes bytea[] := '{}';
        v_base bigint;
      BEGIN
        -- 0. Appends to one stream take turns (a lock on the stream id's hash, released at commit),
        -- so concurrent writers never race on a revision; appends to other streams run in parallel.
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

        -- 1. The same append again (same ids and content, in order) answers its first result.
        SELECT count(*)::int,
               count(*) FILTER (WHERE e.stream_id = p_stream_id AND e.type = n.type
                                  AND e.data = n.data::jsonb AND e.metadata = n.metadata::jsonb)::int,
               count(DISTINCT e.revision - n.ord)::int, max(e.revision), max(e.position), min(n.event_id::text)::uuid
          INTO v_known, v_same, v_offsets, v_last_revision, v_last_position, v_conflict
          FROM unnest(p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(event_id, type, data, metadata, ord)
          JOIN ${SCHEMA}.events e ON e.event_id = n.event_id;
        IF v_known > 0 THEN
          IF v_known = v_count AND v_same = v_count AND v_offsets = 1 THEN
            RETURN QUERY SELECT v_last_revision, v_last_position, true;
            RETURN;
          END IF;
          RAISE EXCEPTION USING ERRCODE = 'ES002', MESSAGE = 'event id already stored with other content',
            DETAIL = v_conflict::text;
        END IF;

        -- 2. The stream's head, and the expected revision.
        SELECT e.revision, e.hash INTO v_current, v_hash
          FROM ${SCHEMA}.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_current := -1;
        END IF;
        IF (p_expected = -1 AND v_current <> -1) OR (p_expected = -3 AND v_current = -1)
           OR (p_expected >= 0 AND p_expected <> v_current) THEN
          RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
        END IF;

        -- 3. The hash chain; must match computeEventHash (hash.ts) byte for byte.
        FOR i IN 1..v_count LOOP
          v_hash := sha256(convert_to(
            coalesce(encode(v_hash, 'hex'), '') || E'\\n' || p_stream_id || E'\\n' || (v_current + i)::text
              || E'\\n' || p_types[i] || E'\\n' || p_data[i] || E'\\n' || p_metadata[i], 'UTF8'));
          v_hashes := v_hashes || v_hash;
        END LOOP;

        -- 4. One multi-row insert. The unique keys stay the last line of defence; the caller
        -- re-runs on a unique violation (e.g. an id taken by another stream) for the precise answer.
        v_base := pg_current_xact_id()::text::bigint << ${POSITION_SHIFT};
        INSERT INTO ${SCHEMA}.events (position, stream_id, revision, event_id, type, data, metadata, hash)
        SELECT v_base + n.ord, p_stream_id, v_current + n.ord, n.event_id, n.type, n.data::jsonb,
               n.metadata::jsonb, v_hashes[n.ord]
          FROM unnest(p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(event_id, type, data, metadata, ord);
        RETURN QUERY SELECT v_current + v_count, v_base + v_count, false;
      END;
      $fn$;`,
  },
  {
    version: 3,
    name: 'append without the idempotency pre-check',
    // The common case (new ids) no longer pays a lookup per event: the insert skips ids already
    // stored and the function raises ES003 when it skipped any; the caller then asks
    // `find_replay` whether it was a repeat of an earlier append (ES001 gets the same check).
    sql: `
      CREATE FUNCTION ${SCHEMA}.find_replay(
        p_stream_id text, p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[]
      ) RETURNS TABLE (next_revision bigint, last_position bigint, replayed boolean)
      LANGUAGE plpgsql STABLE AS $fn$
      DECLARE
        v_count int := cardinality(p_event_ids);
        v_known int;
        v_same int;
        v_offsets int;
        v_last_revision bigint;
        v_last_position bigint;
        v_conflict uuid;
      BEGIN
        SELECT count(*)::int,
               count(*) FILTER (WHERE e.stream_id = p_stream_id AND e.type = n.type
                                  AND e.data = n.data::jsonb AND e.metadata = n.metadata::jsonb)::int,
               count(DISTINCT e.revision - n.ord)::int, max(e.revision), max(e.position), min(n.event_id::text)::uuid
          INTO v_known, v_same, v_offsets, v_last_revision, v_last_position, v_conflict
          FROM unnest(p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(event_id, type, data, metadata, ord)
          JOIN ${SCHEMA}.events e ON e.event_id = n.event_id;
        IF v_known = 0 THEN
          RETURN;
        END IF;
        IF v_known = v_count AND v_same = v_count AND v_offsets = 1 THEN
          RETURN QUERY SELECT v_last_revision, v_last_position, true;
          RETURN;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'ES002', MESSAGE = 'event id already stored with other content',
          DETAIL = v_conflict::text;
      END;
      $fn$;

      CREATE OR REPLACE FUNCTION ${SCHEMA}.append_events(
        p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[]
      ) RETURNS TABLE (next_revision bigint, last_position bigint, replayed boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_count int := cardinality(p_event_ids);
        v_inserted int;
        v_current bigint;
        v_hash bytea;
        v_hashes bytea[] := '{}';
        v_base bigint;
      BEGIN
        -- 1. Appends to one stream take turns (a lock on the stream id's hash, released at commit).
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

        -- 2. The stream's head, and the expected revision.
        SELECT e.revision, e.hash INTO v_current, v_hash
          FROM ${SCHEMA}.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_current := -1;
        END IF;
        IF (p_expected = -1 AND v_current <> -1) OR (p_expected = -3 AND v_current = -1)
           OR (p_expected >= 0 AND p_expected <> v_current) THEN
          RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
        END IF;

        -- 3. The hash chain; must match computeEventHash (hash.ts) byte for byte.
        FOR i IN 1..v_count LOOP
          v_hash := sha256(convert_to(
            coalesce(encode(v_hash, 'hex'), '') || E'\\n' || p_stream_id || E'\\n' || (v_current + i)::text
              || E'\\n' || p_types[i] || E'\\n' || p_data[i] || E'\\n' || p_metadata[i], 'UTF8'));
          v_hashes := v_hashes || v_hash;
        END LOOP;

        -- 4. One multi-row insert; any id already stored aborts the whole append (ES003).
        v_base := pg_current_xact_id()::text::bigint << ${POSITION_SHIFT};
        INSERT INTO ${SCHEMA}.events (position, stream_id, revision, event_id, type, data, metadata, hash)
        SELECT v_base + n.ord, p_stream_id, v_current + n.ord, n.event_id, n.type, n.data::jsonb,
               n.metadata::jsonb, v_hashes[n.ord]
          FROM unnest(p_event_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(event_id, type, data, metadata, ord)
        ON CONFLICT (event_id) DO NOTHING;
        GET DIAGNOSTICS v_inserted = ROW_COUNT;
        IF v_inserted < v_count THEN
          RAISE EXCEPTION USING ERRCODE = 'ES003', MESSAGE = 'event ids already stored';
        END IF;
        RETURN QUERY SELECT v_current + v_count, v_base + v_count, false;
      END;
      $fn$;`,
  },
  {
    version: 4,
    name: 'appends marked for readers; several appends in one transaction',
    // 1. append_events again, now MARKED (see APPEND_MARK_TABLE): readers only wait for transactions that
    //    can still append events, not for every transaction of the database.
    // 2. append_batch: concurrent appends to different streams, committed together (see
    //    append-queue.ts): one transaction and one WAL flush for all of them. Only the common case
    //    is decided here: status 0 = appended; 1 = wrong expected revision; 2 = an event id is
    //    already stored. The caller re-runs 1 and 2 through append_events/find_replay for the
    //    precise answer, so the rules of a single append stay in one place. The caller never puts
    //    one stream in a batch twice, so taking one item's rows out again cannot invalidate another
    //    item's revisions.
    sql: `${appendEventsFunction('advisory')}
${appendBatchFunction('advisory')}`,
  },
  {
    version: 5,
    name: 'linked appends: several streams, all or none',
    // append_batch_linked: append_batch, where the items that share a link number (p_links, 0
    // for none) are stored all or none. An item of a link that append_batch did not store (status
    // 1 or 2) takes its partners' rows out again (status 3): they are the newest rows of their
    // streams, written by this very transaction under the streams' locks, so no reader has seen
    // them and no hash chain loses a link. Each item's rows are contiguous, ending at its last
    // position. The caller refuses a link that did not come through whole.
    sql: `
      CREATE FUNCTION ${SCHEMA}.append_batch_linked(
        p_streams text[], p_expected bigint[], p_counts int[],
        p_event_ids uuid[], p_types text[], p_data text[], p_metadata text[], p_links int[]
      ) RETURNS TABLE (item int, status int, next_revision bigint, last_position bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_items int := cardinality(p_streams);
        v_status int[];
        v_next bigint[];
        v_last bigint[];
        v_failed int[];
      BEGIN
        SELECT array_agg(b.status ORDER BY b.item), array_agg(b.next_revision ORDER BY b.item),
               array_agg(b.last_position ORDER BY b.item)
          INTO v_status, v_next, v_last
          FROM ${SCHEMA}.append_batch(p_streams, p_expected, p_counts, p_event_ids, p_types, p_data,
                                      p_metadata) AS b;
        SELECT array_agg(DISTINCT p_links[g.k]) INTO v_failed
          FROM generate_series(1, v_items) AS g(k)
          WHERE p_links[g.k] <> 0 AND v_status[g.k] <> 0;
        IF v_failed IS NOT NULL THEN
          FOR k IN 1..v_items LOOP
            IF p_links[k] = ANY (v_failed) AND v_status[k] = 0 THEN
              DELETE FROM ${SCHEMA}.events
                WHERE position BETWEEN v_last[k] - p_counts[k] + 1 AND v_last[k];
              v_status[k] := 3;
            END IF;
          END LOOP;
        END IF;
        RETURN QUERY SELECT g.k, v_status[g.k], v_next[g.k], v_last[g.k]
          FROM generate_series(1, v_items) AS g(k);
      END;
      $fn$;`,
  },
  {
    version: 6,
    name: "the append mark only the store's writers can hold",
    // See APPEND_MARK_TABLE: appends now mark themselves with a lock on a table no other role can
    // lock, in place of an advisory lock any role can take or block.
    sql: `
      CREATE TABLE ${APPEND_MARK_TABLE} ();
      REVOKE ALL ON ${APPEND_MARK_TABLE} FROM PUBLIC;
      COMMENT ON TABLE ${APPEND_MARK_TABLE} IS
        'Holds no rows. An append locks it (ROW EXCLUSIVE) before its transaction gets an id; readers of the log wait for such transactions only.';
${appendEventsFunction('table')}
${appendBatchFunction('table')}`,
  },
  {
    version: 7,
    name: 'appends take only the mark no other role can block',
    // Migration 6's appends also took the shared advisory mark for readers of the release before
    // it; any role that may call the advisory-lock functions could take that lock exclusively
    // and stop every append. Now only the table mark (see APPEND_MARK_TABLE).
    sql: `
${appendEventsFunction('writers')}
${appendBatchFunction('writers')}`,
  },
];

/** The event store's migrations (see `migrations.ts`): recorded in `event_store.migrations`. */
export const eventStoreMigrations: SchemaMigrations = { schema: SCHEMA, migrations };

/** Applies the missing migrations. Safe to call from any number of processes at once. */
export function migrate(db: pg.Pool | pg.ClientBase): Promise<number[]> {
  return applyMigrations(db, eventStoreMigrations);
}
