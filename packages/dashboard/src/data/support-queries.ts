import type { Pool } from 'pg';
import { type Decimal, rowsOrMissing } from './queries';

/** The support figures, read as the `bi.support_*` views computed them (numeric as text). */
export type ResponseTimeRow = Readonly<{
  metric: string;
  month: Date;
  cycles: number;
  medianBusinessHours: Decimal;
  p90BusinessHours: Decimal;
  medianWallHours: Decimal;
  p90WallHours: Decimal;
}>;
export type AttainmentRow = Readonly<{
  metric: string;
  month: Date;
  targets: number;
  met: number;
  breached: number;
  attainment: Decimal;
}>;
export type BacklogRow = Readonly<{
  priority: string;
  assignee: string;
  ageBucket: string;
  cases: number;
  pending: number;
}>;
export type SupportMonthRow = Readonly<{
  month: Date;
  casesSolved: number;
  reopenRate: Decimal;
  csatResponses: number;
  csat: Decimal;
}>;
export type SupportRepeatRow = Readonly<{
  slaOutcome: string;
  cases: number;
  repeatCases: number;
  repeatPurchaseRate: Decimal;
}>;

export type SupportData = Readonly<{
  responseTimes: readonly ResponseTimeRow[];
  attainment: readonly AttainmentRow[];
  backlog: readonly BacklogRow[];
  months: readonly SupportMonthRow[];
  repeat: readonly SupportRepeatRow[];
}>;

const int = (value: unknown) => Number(value ?? 0);
const decimal = (value: unknown): Decimal => (value === null || value === undefined ? null : String(value));
const date = (value: unknown) => new Date(value as string | Date);

/** Null when the support read model is not set up yet. */
export async function readSupport(pool: Pool): Promise<SupportData | null> {
  const [responseTimes, attainment, backlog, months, repeat] = await Promise.all([
    rowsOrMissing(
      pool,
      `SELECT metric, month, cycles, median_business_hours, p90_business_hours, median_wall_hours, p90_wall_hours
         FROM bi.support_response_times
        WHERE channel = 'all' AND priority = 'all' AND metric IN ('firstResponse', 'resolution')
        ORDER BY month, metric`,
      (row): ResponseTimeRow => ({
        metric: String(row.metric),
        month: date(row.month),
        cycles: int(row.cycles),
        medianBusinessHours: decimal(row.median_business_hours),
        p90BusinessHours: decimal(row.p90_business_hours),
        medianWallHours: decimal(row.median_wall_hours),
        p90WallHours: decimal(row.p90_wall_hours),
      }),
    ),
    rowsOrMissing(
      pool,
      'SELECT metric, month, targets, met, breached, attainment FROM bi.support_sla_attainment ORDER BY month, metric',
      (row): AttainmentRow => ({
        metric: String(row.metric),
        month: date(row.month),
        targets: int(row.targets),
        met: int(row.met),
        breached: int(row.breached),
        attainment: decimal(row.attainment),
      }),
    ),
    rowsOrMissing(
      pool,
      `SELECT priority, assignee, age_bucket, cases, pending FROM bi.support_backlog
        ORDER BY array_position(ARRAY['urgent', 'high', 'normal', 'low'], priority), assignee, age_bucket`,
      (row): BacklogRow => ({
        priority: String(row.priority),
        assignee: String(row.assignee),
        ageBucket: String(row.age_bucket),
        cases: int(row.cases),
        pending: int(row.pending),
      }),
    ),
    rowsOrMissing(
      pool,
      `SELECT coalesce(r.month, c.month) AS month, coalesce(r.cases_solved, 0) AS cases_solved, r.reopen_rate,
              coalesce(c.responses, 0) AS responses, c.csat
         FROM bi.support_reopen_rate r
         FULL JOIN (SELECT * FROM bi.support_csat WHERE channel = 'all') c ON c.month = r.month
        ORDER BY 1`,
      (row): SupportMonthRow => ({
        month: date(row.month),
        casesSolved: int(row.cases_solved),
        reopenRate: decimal(row.reopen_rate),
        csatResponses: int(row.responses),
        csat: decimal(row.csat),
      }),
    ),
    rowsOrMissing(
      pool,
      'SELECT sla_outcome, cases, repeat_cases, repeat_purchase_rate FROM bi.support_repeat_purchase ORDER BY 1 DESC',
      (row): SupportRepeatRow => ({
        slaOutcome: String(row.sla_outcome),
        cases: int(row.cases),
        repeatCases: int(row.repeat_cases),
        repeatPurchaseRate: decimal(row.repeat_purchase_rate),
      }),
    ),
  ]);
  if (!responseTimes || !attainment || !backlog || !months || !repeat) return null;
  return { responseTimes, attainment, backlog, months, repeat };
}
