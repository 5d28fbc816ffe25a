import { createMemoryEventStore } from '@aftersales/event-store';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { ProjectionRunner } from '../runner/runner';
import { readStatuses } from '../runner/status';
import { countingProjection } from '../runner/testing/counting-projection';
import { appendCounts } from '../runner/testing/events';
import { waitFor } from '../runner/testing/wait';
import { type Readiness, startServiceServer } from './http';

const log = pino({ level: 'silent' });
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('proj_ready');
  pool = new pg.Pool({ connectionString: db.url, max: 6 });
  pool.on('error', () => {});
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const ready = async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}/ready`);
  return { status: response.status, body: (await response.json()) as Readiness };
};

describe('readiness of the projections service', () => {
  it('a standby is not ready while nobody applies events, and says so; ready once it takes over', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    const options = {
      store,
      pool,
      projection: countingProjection({ name }),
      log,
      pollMs: 50,
      lagIntervalMs: 100,
    };
    const first = new ProjectionRunner(options).start();
    await appendCounts(store, name, 10);
    await waitFor('first runner caught up', async () => {
      const status = (await readStatuses(pool)).find((s) => s.name === name);
      return status?.position === (await store.headPosition()) && status.heartbeatAt !== null;
    });
    await first.stop();

    // Another process's runner holds the lease and is wedged: its connection lives, it applies nothing.
    const wedged = new pg.Client({ connectionString: db.url });
    await wedged.connect();
    await wedged.query(
      `INSERT INTO projections.leases (name, owner, holder_pid, holder_started_at, acquired_at, expires_at)
       SELECT $1, 'elsewhere:1:wedged', pid, backend_start, now(), now() + interval '1 hour'
         FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
      [`projection:${name}`],
    );
    const standby = new ProjectionRunner(options).start();
    const server = await startServiceServer(0, pool, log, { runners: () => [standby.status()] });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await waitFor('on standby', () => standby.status().state === 'standby');
      await appendCounts(store, `${name}b`, 5);
      // The standby measures the lag nobody else measures, and marks the projection stalled.
      const row = await waitFor(
        'lag measured by the standby',
        async () => {
          const status = (await readStatuses(pool)).find((s) => s.name === name);
          return status?.lagEvents === 5 ? status : undefined;
        },
        5_000,
      );
      expect(row.state).toBe('stalled');
      const answer = await ready(port);
      expect(answer.status).toBe(503);
      const projection = answer.body.projections.find((p) => p.name === name);
      expect(projection?.here).toBe('standby');
      expect(projection?.activeRunner).toBe('elsewhere:1:wedged');
      expect(projection?.problems.join('; ')).toContain('stalled: no runner applies events');

      // The wedged holder's process dies: the standby takes over at once and is ready.
      await wedged.end();
      await waitFor('standby takes over', () => standby.status().state === 'running');
      const after = await waitFor(
        'ready again',
        async () => {
          const r = await ready(port);
          return r.status === 200 ? r : undefined;
        },
        10_000,
      );
      expect(after.body.projections.find((p) => p.name === name)?.here).toBe('running');
      const caughtUp = await waitFor('lag measured again', async () => {
        const status = (await readStatuses(pool)).find((s) => s.name === name);
        return status?.lagEvents === 0 ? status : undefined;
      });
      expect(caughtUp.state).toBe('running');
      expect(caughtUp.position).toBe(await store.headPosition());
    } finally {
      server.close();
      await wedged.end().catch(() => {});
      await standby.stop();
    }
  });

  it('a projection this process runs but nobody has set up, or nobody holds, is not ready', async () => {
    const name = uniqueId('count_');
    const unheld = uniqueId('count_');
    // Left as a runner killed with -9 leaves it: "running", a fresh heartbeat, no lease.
    await pool.query(
      `INSERT INTO projections.projection_status (name, version, schema_name, position, state, heartbeat_at)
       VALUES ($1, 1, $2, NULL, 'running', now())`,
      [unheld, `rm_${unheld}`],
    );
    const server = await startServiceServer(0, pool, log, {
      runners: () => [{ name, state: 'standby', position: null, lastError: undefined, attempts: 0 }],
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const answer = await ready(port);
      expect(answer.status).toBe(503);
      expect(answer.body.projections.find((p) => p.name === name)?.problems).toEqual([
        'no status yet: no runner has set the projection up',
      ]);
      expect(answer.body.projections.find((p) => p.name === unheld)?.problems).toEqual([
        'no runner holds the lease',
      ]);
    } finally {
      server.close();
    }
  });
});
