import type { Pool, PoolClient } from 'pg';
import { isTransient } from './errors';

/**
 * Runs `work` in one transaction on a pooled connection. A connection that failed with an
 * outage is destroyed rather than returned to the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no error listener: a backend killed between two queries would
  // otherwise raise an uncaught 'error'. The failure reaches us through the next query instead.
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    if (isTransient(err)) broken = err instanceof Error ? err : new Error(String(err));
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
