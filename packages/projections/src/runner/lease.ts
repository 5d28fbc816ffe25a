import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';

/** How long a lease lasts without renewal, and how often the holder renews it. */
export type LeaseTiming = Readonly<{ ttlMs: number; renewMs: number }>;

export const defaultLeaseTiming: LeaseTiming = { ttlMs: 15_000, renewMs: 3_000 };

/**
 * The lease that makes one runner per projection (or one rebuild per projection) the active one:
 * a row in `projections.leases` with an owner, the backend holding it and an expiry, written only
 * by the service's role.
 *
 * Why not an advisory lock (as before): any role that can connect may take any advisory lock, so
 * a read-only BI login could hold the runner's key and freeze a projection. A session-long row
 * lock is no better here: its open transaction holds an xid, which stops the Postgres event
 * store's readers (they read below the oldest running xid) and vacuum. The lease row lives in a
 * table no BI role has any privilege on: it can neither update, row-lock nor table-lock it.
 *
 * A standby takes over when the lease expired, or at once when the holder's backend is gone from
 * `pg_stat_activity` (its process died: kill -9 closes the connection) — as fast as the advisory
 * lock was. Two holders can never both commit a batch: the checkpoint's guarded update sees to
 * that; the lease only keeps the second from trying.
 */
export class Lease {
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID()}`;
  private client: pg.Client | undefined;
  private renewal: NodeJS.Timeout | undefined;
  private validUntil = 0;
  private lost = false;

  constructor(
    private readonly connection: pg.ClientConfig,
    /** Row key, e.g. `projection:loyalty` or `rebuild:loyalty`. */
    readonly key: string,
    private readonly onLost: (err: unknown) => void,
    private readonly timing: LeaseTiming = defaultLeaseTiming,
  ) {}

  /** True once acquired, while the connection holding it lives and its last renewal is valid. */
  get held(): boolean {
    return this.client !== undefined && !this.lost && Date.now() < this.validUntil;
  }

  /** Tries once; true when this instance now holds the lease. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    await this.release();
    const client = new pg.Client(this.connection);
    client.on('error', (err) => this.markLost(client, err));
    client.on('end', () => this.markLost(client, new Error('lease connection ended')));
    this.lost = false;
    this.client = client;
    try {
      await client.connect();
      const started = Date.now();
      const { rowCount } = await client.query(ACQUIRE, [this.key, this.owner, this.timing.ttlMs]);
      if (rowCount === 1) {
        this.validUntil = started + this.timing.ttlMs;
        this.scheduleRenewal(client);
        return true;
      }
    } catch (err) {
      await this.release();
      throw err;
    }
    await this.release();
    return false;
  }

  /** Gives the lease up (a standby takes over at its next try) and ends the connection. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    clearTimeout(this.renewal);
    if (!client) return;
    if (!this.lost) {
      await client.query(RELEASE, [this.key, this.owner]).catch(() => {});
    }
    await client.end().catch(() => {});
  }

  private scheduleRenewal(client: pg.Client) {
    this.renewal = setTimeout(() => void this.renew(client), this.timing.renewMs);
    this.renewal.unref();
  }

  private async renew(client: pg.Client) {
    if (client !== this.client || this.lost) return;
    const started = Date.now();
    try {
      const { rowCount } = await client.query(RENEW, [this.key, this.owner, this.timing.ttlMs]);
      if (rowCount !== 1) throw new Error(`lease ${this.key} was taken over`);
      this.validUntil = started + this.timing.ttlMs;
    } catch (err) {
      this.markLost(client, err);
      return;
    }
    if (client === this.client) this.scheduleRenewal(client);
  }

  private markLost(client: pg.Client, err: unknown) {
    if (client !== this.client || this.lost) return;
    this.lost = true;
    clearTimeout(this.renewal);
    this.onLost(err);
  }
}

// The holder's backend still runs when pg_stat_activity lists its pid with the same start time
// (the start time hides a reused pid; it reads NULL for another role's session, then pid alone).
const HOLDER_ALIVE = `EXISTS (SELECT 1 FROM pg_stat_activity a
   WHERE a.pid = l.holder_pid AND (a.backend_start IS NULL OR a.backend_start = l.holder_started_at))`;

/** Takes the row when free, expired, already ours, or held by a backend that is gone. */
const ACQUIRE = `
INSERT INTO projections.leases AS l (name, owner, holder_pid, holder_started_at, acquired_at, expires_at)
SELECT $1, $2, pg_backend_pid(), a.backend_start, now(), now() + $3 * interval '1 millisecond'
  FROM pg_stat_activity a WHERE a.pid = pg_backend_pid()
ON CONFLICT (name) DO UPDATE
   SET owner = EXCLUDED.owner, holder_pid = EXCLUDED.holder_pid,
       holder_started_at = EXCLUDED.holder_started_at, acquired_at = EXCLUDED.acquired_at,
       expires_at = EXCLUDED.expires_at
 WHERE l.owner = EXCLUDED.owner OR l.expires_at < now() OR NOT ${HOLDER_ALIVE}`;

const RENEW = `UPDATE projections.leases SET expires_at = now() + $3 * interval '1 millisecond'
  WHERE name = $1 AND owner = $2 AND holder_pid = pg_backend_pid()`;

const RELEASE = 'DELETE FROM projections.leases WHERE name = $1 AND owner = $2';

/** SQL (for a row `l` of `projections.leases`): someone holds the lease now. */
export const LEASE_LIVE = `(l.expires_at >= now() AND ${HOLDER_ALIVE})`;

/** Connection settings of a pool, for a dedicated client outside it. */
export function connectionOf(pool: { options: pg.PoolConfig }): pg.ClientConfig {
  const { max: _max, idleTimeoutMillis: _idle, ...rest } = pool.options;
  return rest;
}
