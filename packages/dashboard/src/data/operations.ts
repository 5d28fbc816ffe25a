import { judgeHealth, readStatuses } from '@aftersales/projections';
import type { Pool } from 'pg';
import { rowsOrMissing } from './queries';

export type LoyaltyTotals = Readonly<{ customers: number; pendingPoints: number; availablePoints: number }>;
export type TierCount = Readonly<{ tier: string; customers: number }>;
export type DecisionCount = Readonly<{ rule: string; decision: string; reason: string; count: number }>;

/** How a projection is doing, as the runner's own health judgement says. */
export type ProjectionVerdict = 'ok' | 'behind' | 'stalled' | 'stopped';

export type ProjectionPanelRow = Readonly<{
  name: string;
  state: string;
  lagEvents: number;
  lagSeconds: number;
  lastProcessedAt: Date | null;
  verdict: ProjectionVerdict;
  problems: readonly string[];
  deadLetters: number;
}>;

export type DeadLetterRow = Readonly<{
  projection: string;
  eventType: string;
  error: string;
  failedAt: Date;
}>;

export const readLoyaltyTotals = async (pool: Pool): Promise<LoyaltyTotals | null> => {
  const rows = await rowsOrMissing(
    pool,
    `SELECT count(*) AS customers, coalesce(sum(pending_points), 0) AS pending,
            coalesce(sum(available_points), 0) AS available
       FROM bi.loyalty_balances`,
    (row) => ({
      customers: Number(row.customers),
      pendingPoints: Number(row.pending),
      availablePoints: Number(row.available),
    }),
  );
  return rows?.[0] ?? null;
};

const TIER_ORDER = "CASE tier WHEN 'gold' THEN 0 WHEN 'silver' THEN 1 WHEN 'bronze' THEN 2 ELSE 3 END";

export const readTiers = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT tier, count(*) AS customers FROM bi.loyalty_balances GROUP BY tier ORDER BY ${TIER_ORDER}`,
    (row): TierCount => ({ tier: String(row.tier), customers: Number(row.customers) }),
  );

export const readDecisions = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT rule, decision, reason, count(*) AS n FROM notifier.decisions
      GROUP BY rule, decision, reason ORDER BY rule, decision, reason`,
    (row): DecisionCount => ({
      rule: String(row.rule),
      decision: String(row.decision),
      reason: String(row.reason),
      count: Number(row.n),
    }),
  );

export const readDeadLetters = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT projection, event_type, error, failed_at FROM projections.dead_letters
      WHERE resolved_at IS NULL ORDER BY failed_at DESC LIMIT 20`,
    (row): DeadLetterRow => ({
      projection: String(row.projection),
      eventType: String(row.event_type),
      error: String(row.error),
      failedAt: row.failed_at as Date,
    }),
  );

const unresolvedByProjection = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT projection, count(*) AS n FROM projections.dead_letters WHERE resolved_at IS NULL GROUP BY projection`,
    (row) => [String(row.projection), Number(row.n)] as const,
  );

/**
 * The verdict comes from `judgeHealth`, the same judgement `/ready` uses; its problem messages
 * tell a stall (checkpoint not moving with events pending, or no runner heartbeat) from a lag
 * that is merely over the limit.
 */
function verdictOf(state: string, healthy: boolean, problems: readonly string[]): ProjectionVerdict {
  if (state === 'stopped') return 'stopped';
  if (healthy) return 'ok';
  if (problems.some((p) => p.startsWith('checkpoint') || p.includes('heartbeat'))) return 'stalled';
  return 'behind';
}

export async function readProjections(pool: Pool, now: Date): Promise<ProjectionPanelRow[] | null> {
  const statuses = await rowsOrMissing(pool, 'SELECT 1 FROM projections.projection_status LIMIT 1', () => 1);
  if (statuses === null) return null;
  const all = await readStatuses(pool);
  const health = judgeHealth(all, { now });
  const dead = new Map(await unresolvedByProjection(pool));
  return all.map((status) => {
    const judged = health.projections.find((p) => p.name === status.name);
    const problems = judged?.problems ?? [];
    return {
      name: status.name,
      state: status.state,
      lagEvents: status.lagEvents,
      lagSeconds: status.lagSeconds,
      lastProcessedAt: status.lastProcessedAt,
      verdict: verdictOf(status.state, judged?.healthy ?? false, problems),
      problems,
      deadLetters: dead.get(status.name) ?? 0,
    };
  });
}
