import { createMemoryEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { listDeadLetters, retryDeadLetter } from './dead-letters';
import { rebuildProjection } from './rebuild';
import { ProjectionRunner } from './runner';
import { readStatuses } from './status';
import { countingProjection } from './testing/counting-projection';
import { appendCounts, countEvent } from './testing/events';
import { waitFor } from './testing/wait';

const log = pino({ level: 'silent' });
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('proj_runner');
  pool = new pg.Pool({ connectionString: db.url, max: 8 });
  pool.on('error', () => {});
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const countsOf = async (schema: string) => {
  const { rows } = await pool.query(
    `SELECT coalesce(sum(events), 0)::int AS events, coalesce(sum(value_sum), 0)::int AS value FROM ${schema}.stream_counts`,
  );
  return rows[0] as { events: number; value: number };
};
const statusOf = async (name: string) => (await readStatuses(pool)).find((s) => s.name === name);

describe('projection runner', () => {
  it('applies every event once and keeps the checkpoint with the tables', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    const total = await appendCounts(store, name, 120);
    const runner = new ProjectionRunner({
      store,
      pool,
      projection: countingProjection({ name }),
      log,
      batchSize: 25,
    }).start();
    try {
      await waitFor('catch-up', async () => (await countsOf(`rm_${name}`)).events === 120);
      const more = await appendCounts(store, `${name}b`, 30);
      await waitFor('live events', async () => (await countsOf(`rm_${name}`)).events === 150);
      expect(await countsOf(`rm_${name}`)).toEqual({ events: 150, value: total + more });
      const status = await waitFor('lag measured', async () => {
        const s = await statusOf(name);
        return s?.heartbeatAt && s.lagEvents === 0 && s.position === (await store.headPosition())
          ? s
          : undefined;
      });
      expect(status.state).toBe('running');
      expect(status.lagEvents).toBe(0);
      expect(status.lagSeconds).toBe(0);
      expect(runner.status().state).toBe('running');
    } finally {
      await runner.stop();
    }
  });

  it('keeps a hot standby that takes over when the active runner dies', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    const projection = countingProjection({ name });
    const options = { store, pool, projection, log, pollMs: 100 };
    const first = new ProjectionRunner(options).start();
    await waitFor('first active', () => first.status().state === 'running');
    const second = new ProjectionRunner(options).start();
    try {
      await waitFor('second on standby', () => second.status().state === 'standby');
      await appendCounts(store, name, 40);
      await waitFor('first applies', async () => (await countsOf(`rm_${name}`)).events === 40);
      expect(second.status().state).toBe('standby');
      // Kill the active runner's lease session, as if its process died.
      await pool.query('SELECT pg_terminate_backend(holder_pid) FROM projections.leases WHERE name = $1', [
        `projection:${name}`,
      ]);
      await first.stop();
      await waitFor('standby takes over', () => second.status().state === 'running');
      await appendCounts(store, `${name}b`, 25);
      await waitFor('standby applies', async () => (await countsOf(`rm_${name}`)).events === 65);
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM rm_${name}.seen`);
      expect(rows[0].n).toBe(65);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('survives Postgres outages: backends terminated mid-flow, it retries and resumes', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    const appName = uniqueId('runner_');
    const runnerPool = new pg.Pool({ connectionString: db.url, max: 4, application_name: appName });
    runnerPool.on('error', () => {});
    const warnings: string[] = [];
    const runner = new ProjectionRunner({
      store,
      pool: runnerPool,
      projection: countingProjection({ name }),
      log: pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) }),
      batchSize: 10,
      backoff: { initialMs: 20, maxMs: 200 },
    }).start();
    try {
      let appended = 0;
      for (let round = 0; round < 5; round++) {
        await appendCounts(store, `${name}${round}`, 30);
        appended += 30;
        // Terminate only what the runner holds: wait until it is connected again (a busy machine
        // could otherwise run every round before its first connection, and nothing is hit).
        await waitFor(
          'runner connected',
          async () =>
            (
              await pool.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
                [appName],
              )
            ).rows[0]?.n !== 0,
          30_000,
        );
        await pool.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [appName],
        );
      }
      await waitFor(
        'resume after outages',
        async () => (await countsOf(`rm_${name}`)).events === appended,
        30_000,
      );
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM rm_${name}.seen`);
      expect(rows[0].n).toBe(appended);
      expect((await statusOf(name))?.position).toBe(await store.headPosition());
      // The outages really hit it: it went through the retry path (and came back).
      expect(warnings.some((line) => line.includes('retrying') || line.includes('lease lost'))).toBe(true);
      expect(runner.status().state).toBe('running');
    } finally {
      await runner.stop();
      await runnerPool.end();
    }
  });

  it('dead-letters a poison event and skips it when the policy says skip', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    await appendCounts(store, name, 10);
    await store.appendToStream(`count-${name}-x`, [countEvent(100, { poison: true })]);
    await appendCounts(store, `${name}b`, 10);
    const runner = new ProjectionRunner({
      store,
      pool,
      projection: countingProjection({ name, onError: 'skip' }),
      log,
    }).start();
    try {
      await waitFor('all but the poison applied', async () => (await countsOf(`rm_${name}`)).events === 20);
      const [letter] = await listDeadLetters(pool, name);
      expect(letter).toMatchObject({ projection: name, streamId: `count-${name}-x`, eventType: 'Counted' });
      expect(letter?.error).toContain('poison event');
      expect(letter?.position).toBe(11n);
      await waitFor('checkpoint past the poison', async () => (await statusOf(name))?.position === 21n);
      expect(runner.status().state).toBe('running');
    } finally {
      await runner.stop();
    }
  });

  it('does not apply a skipped dead letter out of order on retry; a rebuild applies it in order and resolves it', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    let poisoned = true;
    const projection = countingProjection({ name, onError: 'skip', poisoned: () => poisoned });
    await appendCounts(store, name, 5);
    await store.appendToStream(`count-${name}-x`, [countEvent(100, { poison: true })]);
    await appendCounts(store, `${name}b`, 5);
    const runner = new ProjectionRunner({ store, pool, projection, log, pollMs: 100 }).start();
    try {
      await waitFor('all but the poison applied', async () => (await countsOf(`rm_${name}`)).events === 10);
      const before = await countsOf(`rm_${name}`);
      const [letter] = await listDeadLetters(pool, name);
      if (!letter) throw new Error('no dead letter');

      // Still failing: the retry says so, and that only a rebuild can bring it in.
      const stillFailing = await retryDeadLetter(pool, projection, letter.id);
      expect(stillFailing).toMatchObject({ resolved: false, rebuildRequired: true });
      expect(stillFailing.error).toContain('still fails');

      poisoned = false; // the fix is deployed
      const clean = await retryDeadLetter(pool, projection, letter.id);
      expect(clean).toMatchObject({ resolved: false, rebuildRequired: true });
      expect(clean.error).toContain('applies cleanly now');
      expect(clean.error).toContain(`pnpm ops rebuild ${name}`);
      // Nothing was applied by the retries: the trial was rolled back.
      expect(await countsOf(`rm_${name}`)).toEqual(before);
      expect(await listDeadLetters(pool, name)).toHaveLength(1);

      await rebuildProjection({ store, pool, projection, log });
      expect(await countsOf(`rm_${name}`)).toEqual({ events: 11, value: before.value + 100 });
      expect(await listDeadLetters(pool, name)).toEqual([]);
      const [resolved] = await listDeadLetters(pool, name, { includeResolved: true });
      expect(resolved?.resolvedAt).toBeInstanceOf(Date);
    } finally {
      await runner.stop();
    }
  });

  it('a rebuild keeps a dead letter open when its event still fails', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    const projection = countingProjection({ name, onError: 'skip' });
    await appendCounts(store, name, 3);
    await store.appendToStream(`count-${name}-x`, [countEvent(7, { poison: true })]);
    await rebuildProjection({ store, pool, projection, log });
    await rebuildProjection({ store, pool, projection, log });
    const letters = await listDeadLetters(pool, name);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.resolvedAt).toBeNull();
    expect((await countsOf(`rm_${name}`)).events).toBe(3);
  });

  it('stops on a poison event when the policy says stop, and resumes after a successful retry', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    let poisoned = true;
    const projection = countingProjection({ name, onError: 'stop', poisoned: () => poisoned });
    await appendCounts(store, name, 10);
    await store.appendToStream(`count-${name}-x`, [countEvent(100, { poison: true })]);
    await appendCounts(store, `${name}b`, 10);
    const runner = new ProjectionRunner({ store, pool, projection, log, pollMs: 100 }).start();
    try {
      const stopped = await waitFor('stopped', async () => {
        const s = await statusOf(name);
        return s?.state === 'stopped' ? s : undefined;
      });
      expect(stopped.lastError).toContain('poison event at position 11');
      expect(stopped.position).toBe(10n);
      expect(await countsOf(`rm_${name}`)).toMatchObject({ events: 10 });
      expect(runner.status().state).toBe('stopped');
      // Staleness is visible: the poison event and the ten after it are pending (a heartbeat
      // written before the stop may still show an earlier lag; the one after it settles on 11).
      const lagging = await waitFor('lag measured while stopped', async () => {
        const s = await statusOf(name);
        return s && s.lagEvents === 11 ? s : undefined;
      });
      expect(lagging.lagEvents).toBe(11);
      expect(lagging.lagSeconds).toBeGreaterThan(0);

      const [letter] = await listDeadLetters(pool, name);
      if (!letter) throw new Error('no dead letter');
      expect(await retryDeadLetter(pool, projection, letter.id)).toMatchObject({ resolved: false });
      poisoned = false; // the fix is deployed
      expect(await retryDeadLetter(pool, projection, letter.id)).toEqual({ resolved: true });
      await waitFor('resumed and caught up', async () => (await countsOf(`rm_${name}`)).events === 21);
      expect((await countsOf(`rm_${name}`)).value).toBeGreaterThanOrEqual(100);
      expect(await listDeadLetters(pool, name)).toEqual([]);
      const [resolved] = await listDeadLetters(pool, name, { includeResolved: true });
      expect(resolved?.retryCount).toBe(2);
      expect(resolved?.resolvedAt).toBeInstanceOf(Date);
    } finally {
      await runner.stop();
    }
  });
});
