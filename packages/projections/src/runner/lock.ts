import pg from 'pg';

/**
 * The session advisory lock that makes one runner per projection the active one. It lives on
 * a dedicated connection (not a pooled one) so the lock's lifetime is that connection's: when
 * the process dies or the backend is terminated, Postgres releases it and a standby takes over.
 */
export class ProjectionLock {
  private client: pg.Client | undefined;
  private lost = false;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly name: string,
    private readonly onLost: (err: unknown) => void,
    /** Lock namespace: `aftersales.projection` (the active runner) or `aftersales.rebuild`. */
    private readonly namespace = 'aftersales.projection',
  ) {}

  /** True once acquired and while the connection holding it is alive. */
  get held(): boolean {
    return this.client !== undefined && !this.lost;
  }

  /** Tries once; true when this instance now holds the lock. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    await this.release();
    const client = new pg.Client(this.connection);
    client.on('error', (err) => this.markLost(client, err));
    client.on('end', () => this.markLost(client, new Error('lock connection ended')));
    this.lost = false;
    this.client = client;
    try {
      await client.connect();
      const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok', [
        this.namespace,
        this.name,
      ]);
      if (rows[0]?.ok === true) return true;
    } catch (err) {
      await this.release();
      throw err;
    }
    await this.release();
    return false;
  }

  /** Ends the dedicated connection, which releases the lock. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => {});
  }

  private markLost(client: pg.Client, err: unknown) {
    if (client !== this.client || this.lost) return;
    this.lost = true;
    this.onLost(err);
  }
}

/** Connection settings of a pool, for a dedicated client outside it. */
export function connectionOf(pool: { options: pg.PoolConfig }): pg.ClientConfig {
  const { max: _max, idleTimeoutMillis: _idle, ...rest } = pool.options;
  return rest;
}
