import type pg from 'pg';

export async function loadCheckpoint(pool: pg.Pool, relay: string): Promise<bigint> {
  const { rows } = await pool.query<{ position: string }>(
    'SELECT position FROM notifier.relay_checkpoints WHERE relay = $1',
    [relay],
  );
  return rows[0] ? BigInt(rows[0].position) : 0n;
}

/** Never moves backwards, so two relays racing after a failover cannot lose progress. */
export async function saveCheckpoint(pool: pg.Pool, relay: string, position: bigint): Promise<void> {
  await pool.query(
    `INSERT INTO notifier.relay_checkpoints (relay, position, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (relay) DO UPDATE SET position = GREATEST(notifier.relay_checkpoints.position, $2),
            updated_at = now()`,
    [relay, position.toString()],
  );
}
