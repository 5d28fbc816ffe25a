import { isLowScore } from '@aftersales/domain';
import { PostgresEventStore, type RecordedEvent } from '@aftersales/event-store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
// The support read model, reached by path as the other cross-package test pieces are.
import { supportProjection } from '../../../projections/src/read-models/support/projection';
import { ensureBookkeeping } from '../../../projections/src/runner/bookkeeping';
import { simulate } from '../simulate';
import { planSimulation } from './plan';

/**
 * The simulated support history read through the real support projection: the BI views must show
 * something true of a desk — every channel and priority, most targets met and a share breached,
 * and a CSAT that follows speed.
 */
const options = { seed: 12, until: '2026-09-01T00:00:00.000Z', months: 18, customers: 160 } as const;
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('sim_support');
  const store = await PostgresEventStore.connect({ connectionString: db.url });
  const summary = await simulate({ ...options, via: 'store', store, progress: false });
  await store.close();
  // Every command goes as planned, the support commands and all the others.
  expect(summary.surprises).toEqual([]);
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  // The projections' own schema first (the reporting calendar's period functions the views use).
  await ensureBookkeeping(pool);
  // Read by SQL (see simulate.int.test.ts: readers stop below transactions open elsewhere).
  const { rows } = await pool.query(
    'SELECT stream_id, type, data, metadata, revision, position, recorded_at FROM event_store.events ORDER BY position',
  );
  const events: RecordedEvent[] = rows.map((r) => ({
    streamId: r.stream_id,
    type: r.type,
    data: r.data,
    metadata: r.metadata,
    revision: BigInt(r.revision),
    position: BigInt(r.position),
    recordedAt: r.recorded_at,
  }));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await supportProjection.setup(client, 'rm_support');
    for (const statement of supportProjection.views?.('rm_support') ?? []) await client.query(statement);
    await supportProjection.apply(client, events, 'rm_support');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}, 240_000);
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const one = async (sql: string) => (await pool.query(sql)).rows[0];

describe('the simulated support history', () => {
  it('has cases on every channel and priority, reopened now and then, and escalations of low scores', async () => {
    // Escalations are opened by the workflow (a low score); the desk then works them (see below).
    const { channels, priorities, cases, reopened, solved, escalated } = await one(
      `SELECT count(DISTINCT channel)::int AS channels, count(DISTINCT priority)::int AS priorities,
              count(*) FILTER (WHERE escalated_from_feedback_id IS NULL)::int AS cases,
              count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
              count(*) FILTER (WHERE first_solved_at IS NOT NULL AND escalated_from_feedback_id IS NULL)::int AS solved,
              count(*) FILTER (WHERE escalated_from_feedback_id IS NOT NULL AND priority = 'high')::int AS escalated
         FROM rm_support.support_cases`,
    );
    expect(cases).toBeGreaterThan(40);
    expect(escalated).toBeGreaterThan(0);
    expect(channels).toBe(5);
    expect(priorities).toBe(4);
    expect(solved / cases).toBeGreaterThan(0.8);
    expect(reopened).toBeGreaterThan(0);
  });

  it('answers and solves escalations, so only recent ones are still open at the end', async () => {
    // As many escalations as the plan has low scores that go through (one case per feedback).
    const lowScores = planSimulation(options).commands.filter(
      ({ command, expectedRejection, occurredAt }) =>
        !expectedRejection &&
        command.type === 'SubmitFeedback' &&
        isLowScore({ ...command.data, submittedAt: occurredAt }),
    ).length;
    const { escalated, answered, solved, open, oldestOpen, oldestOtherOpen } = await one(
      `SELECT count(*) FILTER (WHERE escalated_from_feedback_id IS NOT NULL)::int AS escalated,
              count(*) FILTER (WHERE escalated_from_feedback_id IS NOT NULL
                                 AND first_response_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE escalated_from_feedback_id IS NOT NULL
                                 AND first_solved_at IS NOT NULL)::int AS solved,
              count(*) FILTER (WHERE escalated_from_feedback_id IS NOT NULL
                                 AND status IN ('open', 'pending'))::int AS open,
              min(opened_at) FILTER (WHERE escalated_from_feedback_id IS NOT NULL
                                       AND status IN ('open', 'pending')) AS "oldestOpen",
              min(opened_at) FILTER (WHERE escalated_from_feedback_id IS NULL
                                       AND status IN ('open', 'pending')) AS "oldestOtherOpen"
         FROM rm_support.support_cases`,
    );
    expect(lowScores).toBeGreaterThan(10);
    expect(escalated).toBe(lowScores);
    expect(answered / escalated).toBeGreaterThan(0.9);
    expect(solved / escalated).toBeGreaterThan(0.85);
    // At most a small share still open, and only young ones: none opened before the last 14 days
    // of the history (the desk is still looking into those), nor before the oldest other open case,
    // each with a margin of 3 days.
    expect(open / escalated).toBeLessThan(0.1);
    const margin = 3 * 24 * 3_600_000;
    if (open > 0) {
      const oldest = (oldestOpen as Date).getTime();
      expect(Date.parse(options.until) - oldest).toBeLessThan(14 * 24 * 3_600_000 + margin);
      if (oldestOtherOpen)
        expect(oldest).toBeGreaterThanOrEqual((oldestOtherOpen as Date).getTime() - margin);
    }
  });

  it('meets most targets and breaches a share of them', async () => {
    const { met, breached } = await one(
      `SELECT sum(met)::int AS met, sum(breached)::int AS breached FROM bi.support_sla_attainment`,
    );
    const share = breached / (met + breached);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.35);
  });

  it('gives a CSAT that follows speed: cases with a breach score lower', async () => {
    const rows = (
      await pool.query(
        `SELECT (EXISTS (SELECT 1 FROM rm_support.support_sla_cycles y
                          WHERE y.case_id = f.case_id AND y.outcome = 'breached')) AS breached,
                avg(f.csat)::float AS csat, count(*)::int AS n
           FROM rm_support.support_case_feedback f GROUP BY 1`,
      )
    ).rows as { breached: boolean; csat: number; n: number }[];
    const met = rows.find((r) => !r.breached);
    const late = rows.find((r) => r.breached);
    expect(met?.n).toBeGreaterThan(10);
    expect(late?.n).toBeGreaterThan(3);
    expect((met?.csat ?? 0) - (late?.csat ?? 0)).toBeGreaterThan(0.8);
  });
});
