import { applyMigrations, type SchemaMigrations } from '@aftersales/event-store';
import type pg from 'pg';
import { INDEX_KEY_TABLE_DDL } from './blind-index';
import { newDataKey } from './envelope';

/** A customer's data key, or the fact that it was destroyed. */
export type KeyState = Readonly<{ status: 'active'; key: Buffer }> | Readonly<{ status: 'forgotten' }>;

export interface CustomerKeyStore {
  /** The key to encrypt with: created on first use; `forgotten` once destroyed (never recreated). */
  keyForWriting(customerId: string): Promise<KeyState>;
  /** Keys for reading; customers without a key row are absent from the map. */
  keysForReading(customerIds: readonly string[]): Promise<ReadonlyMap<string, KeyState>>;
  /** Destroys the key; returns whether it was already gone. Harmless to repeat. */
  destroy(customerId: string): Promise<Readonly<{ alreadyForgotten: boolean }>>;
  /** Removes dead copies of destroyed keys from storage, where the store can (best effort). */
  compact?(): Promise<void>;
}

/**
 * Keys live in `privacy.customer_keys`. Forgetting sets `data_key` to NULL and keeps the row as
 * a tombstone, so a late write for that customer can never mint a fresh key and store readable
 * data again. No cache: another process (the command API) must see a destruction at once.
 */
export const KEY_TABLE_DDL = `
CREATE SCHEMA IF NOT EXISTS privacy;
CREATE TABLE IF NOT EXISTS privacy.customer_keys (
  customer_id  text PRIMARY KEY,
  data_key     bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  forgotten_at timestamptz,
  CONSTRAINT key_or_tombstone CHECK ((data_key IS NULL) = (forgotten_at IS NOT NULL))
)`;

/**
 * The privacy schema's migrations, recorded in `privacy.migrations`. To change the table: append
 * an entry with the next version. Version 1 is the table as it was created before migrations
 * were versioned, written so that it also adopts such a database.
 */
export const privacyMigrations: SchemaMigrations = {
  schema: 'privacy',
  migrations: [
    {
      version: 1,
      name: 'customer keys (adopts a database created before versioned migrations)',
      sql: KEY_TABLE_DDL,
    },
    {
      version: 2,
      name: 'system keys (the blind index of contact details)',
      sql: INDEX_KEY_TABLE_DDL,
    },
  ],
};

type KeyRow = { customer_id: string; data_key: Buffer | null };

const toState = (row: KeyRow): KeyState =>
  row.data_key === null ? { status: 'forgotten' } : { status: 'active', key: row.data_key };

export class PostgresKeyStore implements CustomerKeyStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  /** Migrates the schema once per process (see `privacyMigrations`). */
  ensureSchema(): Promise<void> {
    this.ready ??= applyMigrations(this.pool, privacyMigrations).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }

  async keyForWriting(customerId: string): Promise<KeyState> {
    await this.ensureSchema();
    await this.pool.query(
      'INSERT INTO privacy.customer_keys (customer_id, data_key) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [customerId, newDataKey()],
    );
    const { rows } = await this.pool.query<KeyRow>(
      'SELECT customer_id, data_key FROM privacy.customer_keys WHERE customer_id = $1',
      [customerId],
    );
    const row = rows[0];
    if (!row) throw new Error(`key row for a customer vanished during the write`);
    return toState(row);
  }

  async keysForReading(customerIds: readonly string[]): Promise<ReadonlyMap<string, KeyState>> {
    if (customerIds.length === 0) return new Map();
    await this.ensureSchema();
    const { rows } = await this.pool.query<KeyRow>(
      'SELECT customer_id, data_key FROM privacy.customer_keys WHERE customer_id = ANY($1::text[])',
      [customerIds],
    );
    return new Map(rows.map((row) => [row.customer_id, toState(row)]));
  }

  async destroy(customerId: string): Promise<Readonly<{ alreadyForgotten: boolean }>> {
    await this.ensureSchema();
    const { rows } = await this.pool.query<{ already: boolean }>(
      `WITH before AS (
         SELECT forgotten_at IS NOT NULL AS already FROM privacy.customer_keys WHERE customer_id = $1
       ), upsert AS (
         INSERT INTO privacy.customer_keys (customer_id, data_key, forgotten_at) VALUES ($1, NULL, now())
         ON CONFLICT (customer_id) DO UPDATE
           SET data_key = NULL, forgotten_at = COALESCE(privacy.customer_keys.forgotten_at, now())
       )
       SELECT COALESCE((SELECT already FROM before), false) AS already`,
      [customerId],
    );
    return { alreadyForgotten: rows[0]?.already ?? false };
  }

  /**
   * An UPDATE leaves the old row version (with the key) on disk until vacuumed; vacuuming the
   * small key table right away shortens that window. Needs table ownership; best effort.
   */
  /**
   * Rewrites the key table (VACUUM FULL), so a destroyed key's old row version leaves the
   * database files: a plain VACUUM frees its space but leaves its bytes in the page. Holds the
   * table's lock while it copies (new customers' first writes wait), at most 5 s for the lock.
   */
  async compact(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("SET lock_timeout = '5s'");
      await client.query('VACUUM FULL privacy.customer_keys');
    } finally {
      await client.query('RESET lock_timeout').catch(() => undefined);
      client.release();
    }
  }
}

/** For unit tests and the in-memory store. */
export class InMemoryKeyStore implements CustomerKeyStore {
  private readonly keys = new Map<string, KeyState>();

  async keyForWriting(customerId: string): Promise<KeyState> {
    const existing = this.keys.get(customerId);
    if (existing) return existing;
    const created: KeyState = { status: 'active', key: newDataKey() };
    this.keys.set(customerId, created);
    return created;
  }

  async keysForReading(customerIds: readonly string[]): Promise<ReadonlyMap<string, KeyState>> {
    const found = new Map<string, KeyState>();
    for (const id of customerIds) {
      const state = this.keys.get(id);
      if (state) found.set(id, state);
    }
    return found;
  }

  async destroy(customerId: string): Promise<Readonly<{ alreadyForgotten: boolean }>> {
    const alreadyForgotten = this.keys.get(customerId)?.status === 'forgotten';
    this.keys.set(customerId, { status: 'forgotten' });
    return { alreadyForgotten };
  }
}
