import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { ensureBookkeeping } from './bookkeeping';
import { purgeResolvedDeadLetters } from './dead-letters';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('projection dead letters: retention', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase('dl_purge');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('does nothing before the bookkeeping tables exist', async () => {
    expect(await purgeResolvedDeadLetters(pool, 30, NOW)).toBe(0);
  });

  it('removes letters resolved before the horizon, keeps recent and unresolved ones', async () => {
    await ensureBookkeeping(pool);
    const letter = (position: number, failedDaysAgo: number, resolvedDaysAgo: number | null) =>
      pool.query(
        `INSERT INTO projections.dead_letters
           (projection, position, stream_id, event_type, event_id, error, payload, recorded_at, failed_at, resolved_at)
         VALUES ('loyalty', $1, 's', 'X', $2, 'boom', '{}', $3, $3, $4)`,
        [
          position,
          `e-${position}`,
          daysAgo(failedDaysAgo),
          resolvedDaysAgo === null ? null : daysAgo(resolvedDaysAgo),
        ],
      );
    await letter(1, 60, 31); // resolved 31 days ago: goes
    await letter(2, 60, 29); // resolved 29 days ago: stays
    await letter(3, 900, null); // never resolved: an operator still has to act
    expect(await purgeResolvedDeadLetters(pool, 30, NOW)).toBe(1);
    const { rows } = await pool.query<{ position: string }>(
      'SELECT position FROM projections.dead_letters ORDER BY position',
    );
    expect(rows.map((r) => Number(r.position))).toEqual([2, 3]);
  });
});
