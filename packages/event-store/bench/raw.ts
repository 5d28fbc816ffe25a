import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { canonicalJson } from '../src/canonical-json';
import { orderEvent, throughput, timed } from './workload';

/**
 * The raw limits of the same PostgreSQL: an equivalent table (same columns, same unique keys),
 * plain single-row INSERTs, COPY, and a keyset read.
 */
const TABLE = `CREATE TABLE raw_events (
  position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL,
  type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, hash bytea NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, revision), UNIQUE (event_id))`;
const HASH = `\\x${'00'.repeat(32)}`;

export async function createRawTable(pool: pg.Pool): Promise<void> {
  await pool.query(TABLE);
}

/** `total` single-row INSERTs over `writers` clients; `round` keeps stream ids of repeated runs apart. */
export async function rawInserts(pool: pg.Pool, total: number, writers: number, round = 0): Promise<number> {
  return throughput(total, writers, (worker, index) => {
    const event = orderEvent(index);
    return pool.query({
      name: 'raw_insert',
      text: `INSERT INTO raw_events (stream_id, revision, event_id, type, data, metadata, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      values: [
        `raw-${round}-${worker}-${index}`,
        0,
        event.metadata.eventId,
        event.type,
        canonicalJson(event.data),
        canonicalJson(event.metadata),
        HASH,
      ],
    });
  });
}

const escapeCopy = (text: string) => text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

export async function rawCopy(pool: pg.Pool, total: number, offset: number): Promise<number> {
  const client = await pool.connect();
  try {
    return await timed(async () => {
      function* rows() {
        for (let index = offset; index < offset + total; index++) {
          const event = orderEvent(index);
          yield `copy-${Math.floor(index / 100)}\t${index % 100}\t${event.metadata.eventId}\t${event.type}\t${escapeCopy(
            canonicalJson(event.data),
          )}\t${escapeCopy(canonicalJson(event.metadata))}\t\\${HASH}\n`;
        }
      }
      const copy = client.query(
        copyFrom('COPY raw_events (stream_id, revision, event_id, type, data, metadata, hash) FROM STDIN'),
      );
      await pipeline(Readable.from(rows()), copy);
      return total;
    });
  } finally {
    client.release();
  }
}

/** Reads the whole table in position order, 5,000 rows a page, parsing JSON like a real reader. */
export async function rawKeysetRead(pool: pg.Pool): Promise<number> {
  return timed(async () => {
    let after = '0';
    let count = 0;
    for (;;) {
      const { rows } = await pool.query<{ position: string; data: unknown }>({
        name: 'raw_keyset',
        text: `SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at
               FROM raw_events WHERE position > $1 ORDER BY position LIMIT 5000`,
        values: [after],
      });
      if (rows.length === 0) return count;
      count += rows.length;
      after = rows[rows.length - 1]?.position ?? after;
    }
  });
}
