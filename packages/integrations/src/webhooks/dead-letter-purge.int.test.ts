import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { ensureIntegrationsSchema } from '../schema';
import { purgeWebhookDeadLetters } from './dead-letters';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('webhook dead letters: retention', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase('wh_dl_purge');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('does nothing before the schema exists', async () => {
    expect(await purgeWebhookDeadLetters(pool, 30, NOW)).toBe(0);
  });

  it('removes letters resolved before the horizon, keeps recent and unresolved ones', async () => {
    await ensureIntegrationsSchema(pool);
    const letter = (eventId: string, resolvedDaysAgo: number | null) =>
      pool.query(
        `INSERT INTO integrations.webhook_dead_letters
           (subscription_id, event_id, event_type, subject, position, attempts, error, failed_at, resolved_at)
         VALUES ('sub-1', $1, 'order.placed', 'o-1', 1, 9, 'HTTP 500', $2, $3)`,
        [eventId, daysAgo(100), resolvedDaysAgo === null ? null : daysAgo(resolvedDaysAgo)],
      );
    await letter('resolved-long-ago', 45);
    await letter('resolved-lately', 5);
    await letter('unresolved', null);
    expect(await purgeWebhookDeadLetters(pool, 30, NOW)).toBe(1);
    const { rows } = await pool.query<{ event_id: string }>(
      'SELECT event_id FROM integrations.webhook_dead_letters ORDER BY event_id',
    );
    expect(rows.map((r) => r.event_id)).toEqual(['resolved-lately', 'unresolved']);
  });
});
