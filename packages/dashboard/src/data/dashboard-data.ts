import type { ReportingCalendar } from '@aftersales/domain';
import type { Pool } from 'pg';
import {
  type DeadLetterRow,
  type DecisionCount,
  type LoyaltyTotals,
  type ProjectionPanelRow,
  readDeadLetters,
  readDecisions,
  readLoyaltyTotals,
  readProjections,
  readTiers,
  type TierCount,
} from './operations';
import {
  type AfterSalesRow,
  type CohortCell,
  type CrrRow,
  type CsatRow,
  type NpsRow,
  type OnTimeRow,
  type ReturnRateRow,
  readAfterSales,
  readCohorts,
  readCrrMonthly,
  readCrrQuarterly,
  readCsat,
  readNps,
  readOnTime,
  readReportingCalendar,
  readReturnRates,
  readTurnaround,
  type TurnaroundRow,
} from './queries';
import { readSupport, type SupportData } from './support-queries';

/** Everything the page shows. A null section means its tables do not exist (not set up yet). */
export type DashboardData = Readonly<{
  generatedAt: Date;
  /** The calendar the periods are in (UTC Gregorian when absent). */
  reporting?: ReportingCalendar;
  crrMonthly: readonly CrrRow[] | null;
  crrQuarterly: readonly CrrRow[] | null;
  cohorts: readonly CohortCell[] | null;
  nps: readonly NpsRow[] | null;
  csat: readonly CsatRow[] | null;
  returnRates: readonly ReturnRateRow[] | null;
  turnaround: readonly TurnaroundRow[] | null;
  onTime: readonly OnTimeRow[] | null;
  afterSales: readonly AfterSalesRow[] | null;
  loyalty: LoyaltyTotals | null;
  tiers: readonly TierCount[] | null;
  decisions: readonly DecisionCount[] | null;
  projections: readonly ProjectionPanelRow[] | null;
  deadLetters: readonly DeadLetterRow[] | null;
  support: SupportData | null;
}>;

/** Reads every panel's figures; the queries run side by side on the pool. */
export async function readDashboard(pool: Pool, now = new Date()): Promise<DashboardData> {
  const [crrMonthly, crrQuarterly, cohorts, nps, csat, returnRates, turnaround, onTime, afterSales] =
    await Promise.all([
      readCrrMonthly(pool),
      readCrrQuarterly(pool),
      readCohorts(pool),
      readNps(pool),
      readCsat(pool),
      readReturnRates(pool),
      readTurnaround(pool),
      readOnTime(pool),
      readAfterSales(pool),
    ]);
  const [loyalty, tiers, decisions, projections, deadLetters, support, reporting] = await Promise.all([
    readLoyaltyTotals(pool),
    readTiers(pool),
    readDecisions(pool),
    readProjections(pool, now),
    readDeadLetters(pool),
    readSupport(pool),
    readReportingCalendar(pool),
  ]);
  return {
    generatedAt: now,
    reporting,
    crrMonthly,
    crrQuarterly,
    cohorts,
    nps,
    csat,
    returnRates,
    turnaround,
    onTime,
    afterSales,
    loyalty,
    tiers,
    decisions,
    projections,
    deadLetters,
    support,
  };
}
