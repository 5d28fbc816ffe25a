import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support';
import { applyInBatches, dumpRows, recorded, setUp } from '../shared/testing';
import { supportProjection } from './projection';
import { supportScenario } from './scenario';

// Every figure below is computed by hand from the history in scenario.ts (see its comment).
let db: TestDatabase;
let pool: pg.Pool;
const schema = 'rm_support_test';
const rows = async (sql: string) => (await pool.query(sql)).rows;
// The months of the fixed history; F to K are relative to `now` and fall in other months.
const FIXED = "month IN ('2026-03-01', '2026-04-01')";
const now = new Date();

beforeAll(async () => {
  db = await createTestDatabase('rmsupport');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await setUp(pool, supportProjection, schema);
  await applyInBatches(pool, supportProjection, schema, recorded(supportScenario(now)));
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('support read model and BI views', () => {
  it('first response and resolution: median and p90 in business and wall-clock hours', async () => {
    /** One month's response times over every channel and priority. */
    const responseTimes = (month: string) =>
      rows(`SELECT metric, cycles::int, median_business_hours::float AS mb, p90_business_hours::float AS pb,
                   median_wall_hours::float AS mw, p90_wall_hours::float AS pw
              FROM bi.support_response_times
             WHERE month = '${month}' AND channel = 'all' AND priority = 'all' ORDER BY metric`);
    // First responses: A 2 h (wall 2 h), B Fri 16:30–17:00 + Mon 09:00–10:00 = 1.5 h (wall 65.5 h),
    // C 0.5 h. Sorted business 0.5, 1.5, 2: median 1.5, p90 = 1.5 + 0.8 × 0.5 = 1.9;
    // wall 0.5, 2, 65.5: median 2, p90 = 2 + 0.8 × 63.5 = 52.8.
    // Resolutions: A 4 h (4 h); B 0.5 + 3 − 1 pending = 2.5 h (67.5 − 1 = 66.5 h); C 9 h (25 h), C again
    // 1 h (1 h). Business 1, 2.5, 4, 9: median 3.25, p90 = 4 + 0.7 × 5 = 7.5; wall 1, 4, 25, 66.5:
    // median 14.5, p90 = 25 + 0.7 × 41.5 = 54.05.
    expect(await responseTimes('2026-03-01')).toEqual([
      { metric: 'firstResponse', cycles: 3, mb: 1.5, pb: 1.9, mw: 2, pw: 52.8 },
      { metric: 'resolution', cycles: 4, mb: 3.25, pb: 7.5, mw: 14.5, pw: 54.05 },
    ]);
    // April, case E only. First response Tue 09:00–10:00: 1 h (wall 1 h).
    // Next response 1: 11:00–12:30 = 1.5 h (wall 1.5 h). Next response 2: Wed 15 Apr 16:00–17:00 1 h +
    // Thu 8 h + Fri 8 h + Mon 09:00–10:00 1 h = 18 h; wall Wed 16:00 → Mon 10:00 = 5 × 24 − 6 = 114 h.
    // Business 1.5, 18: median 9.75, p90 = 1.5 + 0.9 × 16.5 = 16.35; wall 1.5, 114: median 57.75,
    // p90 = 1.5 + 0.9 × 112.5 = 102.75.
    // Resolution Tue 14 09:00 → Mon 20 11:00: 4 × 8 h + 2 h = 34 h; wall 6 × 24 + 2 = 146 h.
    expect(await responseTimes('2026-04-01')).toEqual([
      { metric: 'firstResponse', cycles: 1, mb: 1, pb: 1, mw: 1, pw: 1 },
      { metric: 'nextResponse', cycles: 2, mb: 9.75, pb: 16.35, mw: 57.75, pw: 102.75 },
      { metric: 'resolution', cycles: 1, mb: 34, pb: 34, mw: 146, pw: 146 },
    ]);
    // The next responses are all email, normal: the same two cycles in every rollup.
    expect(
      await rows(`SELECT channel, priority, cycles::int, median_business_hours::float AS mb
                    FROM bi.support_response_times WHERE metric = 'nextResponse' ORDER BY 1, 2`),
    ).toEqual([
      { channel: 'all', priority: 'all', cycles: 2, mb: 9.75 },
      { channel: 'all', priority: 'normal', cycles: 2, mb: 9.75 },
      { channel: 'email', priority: 'all', cycles: 2, mb: 9.75 },
      { channel: 'email', priority: 'normal', cycles: 2, mb: 9.75 },
    ]);
    expect(
      await rows(`SELECT channel, priority, cycles::int, median_business_hours::float AS mb
                    FROM bi.support_response_times
                   WHERE metric = 'firstResponse' AND (channel = 'chat' OR priority = 'urgent') ORDER BY 1, 2`),
    ).toEqual([
      { channel: 'all', priority: 'urgent', cycles: 1, mb: 0.5 },
      { channel: 'chat', priority: 'all', cycles: 1, mb: 1.5 },
      { channel: 'chat', priority: 'normal', cycles: 1, mb: 1.5 },
      { channel: 'phone', priority: 'urgent', cycles: 1, mb: 0.5 },
    ]);
  });

  it('SLA attainment per metric: met of decided targets', async () => {
    // March (month of the due instant). First response: A, C met; B (late), D (recorded) breached.
    // Resolution: A, B, C again met; C breached; D still running, undecided.
    // April, E: first response due Tue 14 Apr 17:00, met at 10:00: 1 / 1. Next response 1 (16 h from
    // 11:00, due Thu 16 Apr 11:00) met at 12:30; next response 2 due Fri 17 Apr 16:00, answered Mon:
    // breached; 1 / 2 = 50 %. Resolution 40 h from Tue 09:00 is due Mon 20 Apr 17:00, solved 11:00: met.
    expect(
      await rows(`SELECT metric, month::text, targets::int, met::int, breached::int, attainment::float
                    FROM bi.support_sla_attainment WHERE ${FIXED} ORDER BY metric, month`),
    ).toEqual([
      { metric: 'firstResponse', month: '2026-03-01', targets: 4, met: 2, breached: 2, attainment: 50 },
      { metric: 'firstResponse', month: '2026-04-01', targets: 1, met: 1, breached: 0, attainment: 100 },
      { metric: 'nextResponse', month: '2026-04-01', targets: 2, met: 1, breached: 1, attainment: 50 },
      { metric: 'resolution', month: '2026-03-01', targets: 4, met: 3, breached: 1, attainment: 75 },
      { metric: 'resolution', month: '2026-04-01', targets: 1, met: 1, breached: 0, attainment: 100 },
    ]);
    // The running cycles of F, G and H have no breach recorded: undecided, in no month.
    expect(
      await rows(`SELECT count(*)::int AS n FROM ${schema}.support_sla_cycles
                   WHERE case_id IN ('case-f', 'case-g', 'case-h') AND outcome IS NOT NULL`),
    ).toEqual([{ n: 0 }]);
  });

  it('backlog, reopen rate and CSAT of cases', async () => {
    expect(
      await rows(
        `SELECT priority, assignee, age_bucket, cases::int, pending::int, oldest_opened_at
           FROM bi.support_backlog ORDER BY oldest_opened_at`,
      ),
    ).toEqual([
      // D, opened in March: 7 days or more, whatever the day the test runs.
      {
        priority: 'high',
        assignee: 'team:returns',
        age_bucket: '>= 7 d',
        cases: 1,
        pending: 0,
        oldest_opened_at: new Date('2026-03-04T09:00:00.000Z'),
      },
      // H, 5 days old; G, 2 days old and pending; F, 2 hours old. Solved J and K are not in it.
      {
        priority: 'normal',
        assignee: 'unassigned',
        age_bucket: '3-7 d',
        cases: 1,
        pending: 0,
        oldest_opened_at: new Date(now.getTime() - 5 * 24 * 3_600_000),
      },
      {
        priority: 'low',
        assignee: 'agent:agent-2',
        age_bucket: '1-3 d',
        cases: 1,
        pending: 1,
        oldest_opened_at: new Date(now.getTime() - 2 * 24 * 3_600_000),
      },
      {
        priority: 'normal',
        assignee: 'unassigned',
        age_bucket: '< 1 d',
        cases: 1,
        pending: 0,
        oldest_opened_at: new Date(now.getTime() - 2 * 3_600_000),
      },
    ]);
    // March: A, B, C solved first; C reopened: 1 / 3 = 33.33 %. April: E, not reopened: 0 / 1.
    expect(
      await rows(`SELECT month::text, cases_solved::int, reopened::int, reopen_rate::float
                    FROM bi.support_reopen_rate WHERE ${FIXED} ORDER BY month`),
    ).toEqual([
      { month: '2026-03-01', cases_solved: 3, reopened: 1, reopen_rate: 33.33 },
      { month: '2026-04-01', cases_solved: 1, reopened: 0, reopen_rate: 0 },
    ]);
    // March: CSAT 5 (A, email), 2 (B, chat), 4 (C, phone): two of three satisfied = 66.67 %, mean
    // 11 / 3 = 3.67. April: 3 (E, email): not satisfied, 0 %, mean 3.
    expect(
      await rows(`SELECT month::text, channel, responses::int, satisfied::int, csat::float, avg_csat::float
                    FROM bi.support_csat WHERE ${FIXED} ORDER BY month, channel`),
    ).toEqual([
      { month: '2026-03-01', channel: 'all', responses: 3, satisfied: 2, csat: 66.67, avg_csat: 3.67 },
      { month: '2026-03-01', channel: 'chat', responses: 1, satisfied: 0, csat: 0, avg_csat: 2 },
      { month: '2026-03-01', channel: 'email', responses: 1, satisfied: 1, csat: 100, avg_csat: 5 },
      { month: '2026-03-01', channel: 'phone', responses: 1, satisfied: 1, csat: 100, avg_csat: 4 },
      { month: '2026-04-01', channel: 'all', responses: 1, satisfied: 0, csat: 0, avg_csat: 3 },
      { month: '2026-04-01', channel: 'email', responses: 1, satisfied: 0, csat: 0, avg_csat: 3 },
    ]);
  });

  it('repeat purchases in the 90 days after a solved case, by SLA met or breached', async () => {
    // Met: A orders on 1 April, within 90 days of 2 March; K (solved 100 days ago) ordered 95 days
    // ago, 5 days after: 2 / 2 = 100 %. J (solved 30 days ago, no order) is left out: its 90 days
    // are not over (else 2 / 3). Breached: B (late first response) orders only in July, more than
    // 90 days after 9 March; C's order is cancelled; E (late next response) never orders: 0 / 3.
    expect(
      await rows(`SELECT sla_outcome, cases::int, repeat_cases::int, repeat_purchase_rate::float
                    FROM bi.support_repeat_purchase ORDER BY 1`),
    ).toEqual([
      { sla_outcome: 'breached', cases: 3, repeat_cases: 0, repeat_purchase_rate: 0 },
      { sla_outcome: 'met', cases: 2, repeat_cases: 2, repeat_purchase_rate: 100 },
    ]);
  });

  it('a rebuild event by event gives the same tables: each breach counted once', async () => {
    const rebuilt = 'rm_support_rebuilt';
    await setUp(pool, supportProjection, rebuilt);
    await applyInBatches(pool, supportProjection, rebuilt, recorded(supportScenario(now)), 1);
    for (const table of ['support_cases', 'support_sla_cycles', 'support_case_feedback', 'support_orders']) {
      expect(await dumpRows(pool, `${rebuilt}.${table}`), table).toEqual(
        await dumpRows(pool, `${schema}.${table}`),
      );
    }
    expect(
      await rows(`SELECT case_id, breaches FROM ${rebuilt}.support_cases WHERE breaches > 0 ORDER BY 1`),
    ).toEqual([
      { case_id: 'case-b', breaches: 1 },
      { case_id: 'case-c', breaches: 1 },
      { case_id: 'case-d', breaches: 1 },
    ]);
    // Views follow the schema setUp ran last: put them back on the first one.
    await setUp(pool, supportProjection, schema);
  });
});
