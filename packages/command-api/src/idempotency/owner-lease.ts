import { randomInt } from 'node:crypto';
import { backoffDelay } from '@aftersales/event-store';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

/**
 * Whether the process that claimed a key still lives: each API process registers itself in
 * `idempotency_owners` (its `owner` number and the backend of a connection it keeps open for the
 * purpose) and stamps its claims with `owner`. When the process dies (kill -9 included) its
 * connection closes and the backend leaves `pg_stat_activity` at once, so a retry of a key it
 * held finds the owner gone and takes the claim over without waiting for the claim's timeout.
 * After a database restart the lease is taken again as soon as the database answers; while it is
 * not held, claims carry no owner and fall back to the timeout.
 *
 * Not an advisory lock (as before): any role that may connect — a read-only BI login included —
 * could take the lock of a dead owner and keep its claims looking alive. The registry row is
 * written by the API's role only.
 */
export class OwnerLease {
  private ownerNumber = randomInt(1, 2 ** 31 - 1);
  private client: pg.PoolClient | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The number this process stamps on its claims. */
  get owner(): number {
    return this.ownerNumber;
  }

  /** The owner to stamp on a claim now, or null while the lease is not held. */
  get current(): number | null {
    return this.client ? this.owner : null;
  }

  /** Takes the lease; on failure keeps trying in the background (the API can run without it). */
  async start(): Promise<void> {
    await this.acquire(0);
  }

  private async acquire(attempt: number): Promise<void> {
    if (this.closed) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      const held = client;
      held.on('error', (err) => this.lost(held, err));
      // Owners whose backend is gone count as gone either way: forget them.
      await held.query(`DELETE FROM idempotency_owners o WHERE NOT ${HOLDER_ALIVE}`);
      // A number another live process holds is never taken over: draw another.
      while ((await held.query(REGISTER, [this.ownerNumber])).rowCount !== 1) {
        this.ownerNumber = randomInt(1, 2 ** 31 - 1);
      }
      this.client = held;
      if (attempt > 0) this.log.info({ owner: this.owner }, 'idempotency lease taken again');
    } catch (err) {
      client?.release(true);
      if (attempt === 0) this.log.warn({ err }, 'idempotency lease not taken; claims wait for their timeout');
      this.schedule(attempt + 1);
    }
  }

  private lost(client: pg.PoolClient, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(err);
    if (this.closed) return;
    this.log.warn({ err }, 'idempotency lease lost; taking it again');
    this.schedule(1);
  }

  private schedule(attempt: number): void {
    if (this.closed) return;
    const delay = backoffDelay({ initialMs: 100, maxMs: 5_000 }, attempt);
    this.retry = setTimeout(() => void this.acquire(attempt), delay);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client
      .query('DELETE FROM idempotency_owners WHERE owner = $1 AND holder_pid = pg_backend_pid()', [
        this.ownerNumber,
      ])
      .catch(() => undefined);
    client.release();
  }
}

// The registered backend still runs: its pid is listed with the same start time (the start
// time tells a reused pid apart; it reads NULL for another role's session, then pid alone).
const HOLDER_ALIVE = `EXISTS (SELECT 1 FROM pg_stat_activity a
    WHERE a.pid = o.holder_pid AND (a.backend_start IS NULL OR a.backend_start = o.holder_started_at))`;

/** Registers `$1` for this connection's backend, unless a live process holds that number. */
const REGISTER = `INSERT INTO idempotency_owners AS o (owner, holder_pid, holder_started_at)
  SELECT $1, pg_backend_pid(), a.backend_start FROM pg_stat_activity a WHERE a.pid = pg_backend_pid()
  ON CONFLICT (owner) DO UPDATE
     SET holder_pid = EXCLUDED.holder_pid, holder_started_at = EXCLUDED.holder_started_at,
         registered_at = now()
   WHERE NOT ${HOLDER_ALIVE}`;

/** The registry of owners; only the API's role writes it. */
export const OWNERS_DDL = `CREATE TABLE IF NOT EXISTS idempotency_owners (
  owner integer PRIMARY KEY,
  holder_pid integer NOT NULL,
  holder_started_at timestamptz,
  registered_at timestamptz NOT NULL DEFAULT now()
)`;

/** SQL: the claim's owner (a column of the row named `r`) no longer runs. */
export const OWNER_GONE = `(r.owner IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM idempotency_owners o WHERE o.owner = r.owner AND ${HOLDER_ALIVE}))`;
