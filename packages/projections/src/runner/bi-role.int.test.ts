import { createPostgresEventStore, type PostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { customerLookupProjection } from '../desk/customer-lookup';
import { opsProjections } from '../operational';
import { appendScenario, opsScenario } from '../operational/scenario';
import { createBiRole } from './bi-role';
import { rebuildProjections } from './rebuild';

const log = pino({ level: 'silent' });
let db: TestDatabase;
let pool: pg.Pool;
let store: PostgresEventStore;
const role = uniqueId('bi_').toLowerCase();

beforeAll(async () => {
  db = await createTestDatabase('proj_bi');
  pool = new pg.Pool({ connectionString: db.url, max: 6 });
  store = await createPostgresEventStore({ connectionString: db.url });
  await appendScenario(
    store,
    opsScenario((part) => `${part}-${uniqueId()}`),
  );
  await rebuildProjections({ store, pool, projections: [...opsProjections, customerLookupProjection], log });
});
afterAll(async () => {
  await store?.close();
  await pool?.end();
  await db?.drop();
  // Roles are cluster-wide: remove ours once the database holding its grants is gone.
  const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

/** Runs `sql` as the BI role; resolves with the rows or the SQLSTATE of the refusal. */
async function asBi(sql: string): Promise<{ rows?: unknown[]; code?: string }> {
  const url = new URL(db.url);
  url.username = role;
  url.password = 'bi-secret';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(sql);
    return { rows };
  } catch (err) {
    return { code: (err as { code?: string }).code ?? 'unknown' };
  } finally {
    await client.end();
  }
}

describe('BI role', () => {
  it('reads read models, bi views and freshness; cannot read the event store or dead letters; cannot write', async () => {
    await createBiRole(pool, role, 'bi-secret');
    expect((await asBi('SELECT * FROM bi.ops_order_status')).rows).toHaveLength(3);
    expect((await asBi('SELECT * FROM rm_ops_cases.returns')).rows).toHaveLength(2);
    expect((await asBi('SELECT name, lag_seconds FROM projections.projection_status')).rows).toHaveLength(4);
    // Private read models (`rm_private_*`): not even the support desk's digests reach BI.
    expect(await asBi('SELECT * FROM rm_private_desk_lookup.contacts')).toEqual({ code: '42501' });

    expect((await asBi('SELECT * FROM event_store.events LIMIT 1')).code).toBe('42501');
    expect((await asBi('SELECT * FROM projections.dead_letters')).code).toBe('42501');
    const write = await asBi(`UPDATE rm_ops_cases.returns SET status = 'x'`);
    expect(write.rows).toBeUndefined();
    expect(['42501', '25006']).toContain(write.code);
    const create = await asBi('CREATE TABLE bi.mine (x int)');
    expect(['42501', '25006']).toContain(create.code);
  });

  it('keeps its access after a rebuild swapped in new schemas', async () => {
    await createBiRole(pool, role, 'bi-secret');
    await rebuildProjections({
      store,
      pool,
      projections: [...opsProjections, customerLookupProjection],
      log,
    });
    expect((await asBi('SELECT * FROM rm_ops_order_status.order_status')).rows).toHaveLength(3);
    expect((await asBi('SELECT * FROM bi.ops_open_repairs')).rows).toHaveLength(1);
    expect(
      (await asBi('SELECT * FROM rm_ops_customer_timeline.customer_timeline')).rows?.length,
    ).toBeGreaterThan(10);
  });
});
