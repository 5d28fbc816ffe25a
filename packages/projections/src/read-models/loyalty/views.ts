import { BI_SCHEMA, createBiSchema } from '../shared/bi';
import { ident, type ViewSpec, viewDdl } from '../shared/ddl';
import { reportingMonth, reportingMonthComment, withMonthLabel } from '../shared/reporting-calendar';

const balanceColumns = [
  { name: 'pending_points', comment: 'Points not yet available: their return window is still open.' },
  { name: 'available_points', comment: 'Points the customer can redeem now.' },
  { name: 'redeemed_points', comment: 'Points spent on redemptions so far.' },
  { name: 'expired_points', comment: 'Points that reached expires_at unspent and unreversed.' },
  { name: 'reversed_points', comment: 'Points taken back by refunds.' },
  {
    name: 'lifetime_points',
    comment: 'All points ever earned or awarded = pending + available + redeemed + expired + reversed.',
  },
  {
    name: 'tier',
    comment:
      'bronze, silver or gold: the highest tier the spend of any one currency reaches over the rolling window (12 months by default), against that currency thresholds.',
  },
  {
    name: 'tier_spend',
    comment:
      'Spend in the rolling window, net of refunds, in whole units of tier_currency (0 when no priced currency); other currencies are in loyalty_tier_spend, never added.',
  },
  {
    name: 'next_expiry_at',
    comment: 'Soonest instant at which some of the pending or available points expire (NULL if none).',
  },
  { name: 'next_expiry_points', comment: 'Points that expire at next_expiry_at unless redeemed first.' },
  {
    name: 'tier_currency',
    comment:
      'The currency whose spend reaches the tier (the most points worth of spend among equals); NULL when no priced currency was spent.',
  },
];

const balanceSignature = `pending_points bigint, available_points bigint, redeemed_points bigint, expired_points bigint,
  reversed_points bigint, lifetime_points bigint, tier text, tier_spend numeric,
  next_expiry_at timestamptz, next_expiry_points bigint, tier_currency text`;

/** The loyalty views BI reads, in schema `bi`. */
export function loyaltyBiViews(schema: string): ViewSpec[] {
  const s = ident(schema);
  return [
    {
      name: 'loyalty_balances',
      comment: 'Loyalty balance of every customer right now (loyalty_balances_as_of(now())).',
      columns: [{ name: 'customer_id', comment: 'Customer id.' }, ...balanceColumns],
      query: `SELECT * FROM ${s}.loyalty_balances_as_of(now())`,
    },
    {
      name: 'loyalty_ledger',
      comment: 'Every loyalty lot with what happened to its points, as of now.',
      columns: [
        { name: 'lot_id', comment: 'Lot id.' },
        { name: 'customer_id', comment: 'Customer who holds the points.' },
        { name: 'source', comment: 'order-line (earned on delivery) or feedback-bonus.' },
        { name: 'order_id', comment: 'Order of the line (order-line lots).' },
        { name: 'line_no', comment: 'Order line number (order-line lots).' },
        { name: 'earned_at', comment: 'When the points were earned or awarded.' },
        { name: 'available_at', comment: 'Pending before, available from this instant.' },
        { name: 'expires_at', comment: 'Remaining points expire at this instant.' },
        { name: 'points', comment: 'Points awarded to the lot.' },
        { name: 'reversed_points', comment: 'Points taken back by refunds so far.' },
        { name: 'redeemed_points', comment: 'Points redeemed from this lot so far.' },
        { name: 'remaining_points', comment: 'points - reversed_points - redeemed_points.' },
        { name: 'state', comment: 'State of the remaining points now: pending, available or expired.' },
        { name: 'spend_units', comment: 'Spend of the line in whole currency units (0 for bonuses).' },
        { name: 'reversed_spend_units', comment: 'Refunded spend of the line in whole currency units.' },
        { name: 'currency', comment: 'ISO 4217 currency of the order (order-line lots).' },
        {
          name: 'no_points_reason',
          comment:
            'Why the lot earned no points: currency-not-priced (the loyalty rules did not price the currency); NULL when it earned.',
        },
      ],
      query: `SELECT * FROM ${s}.loyalty_lots_as_of(now())`,
    },
    {
      name: 'loyalty_tier_spend',
      comment:
        'Spend per customer and currency in the tier window as of now, and the tier each reaches on its own thresholds: spend in two currencies is never added.',
      columns: [
        { name: 'customer_id', comment: 'Customer id.' },
        { name: 'currency', comment: 'ISO 4217 currency of the spend.' },
        {
          name: 'tier_spend',
          comment: 'Spend in the rolling window, net of refunds, in whole units of currency.',
        },
        {
          name: 'tier',
          comment: 'Tier this spend reaches; NULL when the loyalty rules do not price the currency.',
        },
        { name: 'tier_rank', comment: 'Rank of tier, lowest 0 (NULL with tier).' },
        {
          name: 'units_per_point',
          comment: 'Earn rate of the currency: whole units per point (NULL when not priced).',
        },
      ],
      query: `SELECT * FROM ${s}.loyalty_tier_spend_as_of(now())`,
    },
    {
      name: 'loyalty_lot_movements',
      comment: 'Points leaving lots: reversals by refunds and redemption allocations.',
      columns: [
        { name: 'lot_id', comment: 'The lot the points leave.' },
        { name: 'customer_id', comment: 'Customer who holds the lot.' },
        { name: 'kind', comment: 'reversal or redemption.' },
        { name: 'reference_id', comment: 'Return id (reversal) or redemption id (redemption).' },
        { name: 'points', comment: 'Points taken out of the lot.' },
        {
          name: 'shortfall',
          comment: 'Reversal points due that the lot no longer held (redeemed or expired before the refund).',
        },
        { name: 'occurred_at', comment: 'When it happened (business time).' },
      ],
      query: `SELECT lot_id, customer_id, kind, reference_id, points, shortfall, occurred_at
  FROM ${s}.loyalty_lot_movements`,
    },
    withMonthLabel({
      name: 'loyalty_points_monthly',
      comment:
        'Points per month of the reporting calendar: earned on delivered lines (by earned_at), feedback bonuses, reversed by refunds and redeemed (by occurred_at).',
      columns: [
        { name: 'month', comment: reportingMonthComment('the points moving') },
        { name: 'points_earned', comment: 'Points of order-line lots earned in the month.' },
        { name: 'bonus_points', comment: 'Feedback bonus points awarded in the month.' },
        { name: 'points_reversed', comment: 'Points taken back by refunds in the month.' },
        { name: 'points_redeemed', comment: 'Points spent by redemptions in the month.' },
        { name: 'customers_earning', comment: 'Customers with order-line points earned in the month.' },
      ],
      query: `WITH moves AS (
  SELECT ${reportingMonth('l.earned_at')} AS month,
         CASE WHEN l.source = 'order-line' THEN l.points ELSE 0 END AS earned,
         CASE WHEN l.source = 'order-line' THEN 0 ELSE l.points END AS bonus,
         0 AS reversed, 0 AS redeemed,
         CASE WHEN l.source = 'order-line' AND l.points > 0 THEN l.customer_id END AS earner
    FROM ${s}.loyalty_lots l
  UNION ALL
  SELECT ${reportingMonth('m.occurred_at')}, 0, 0,
         CASE WHEN m.kind = 'reversal' THEN m.points ELSE 0 END,
         CASE WHEN m.kind = 'redemption' THEN m.points ELSE 0 END,
         NULL
    FROM ${s}.loyalty_lot_movements m
)
SELECT month, sum(earned)::bigint AS points_earned, sum(bonus)::bigint AS bonus_points,
       sum(reversed)::bigint AS points_reversed, sum(redeemed)::bigint AS points_redeemed,
       count(DISTINCT earner) AS customers_earning
  FROM moves
 GROUP BY month`,
    }),
  ];
}

/** BI views and functions for loyalty; re-run after every rebuild swap. */
export function loyaltyViews(schema: string): string[] {
  const s = ident(schema);
  const bi = ident(BI_SCHEMA);
  return [
    createBiSchema,
    ...loyaltyBiViews(schema).flatMap((view) => viewDdl(BI_SCHEMA, view)),
    // Dropped first: CREATE OR REPLACE cannot change the columns a function returns (version 2
    // added tier_currency). EXECUTE stays granted: functions are executable by PUBLIC.
    `DROP FUNCTION IF EXISTS ${bi}.loyalty_balance_as_of(text, timestamptz)`,
    `CREATE FUNCTION ${bi}.loyalty_balance_as_of(customer_id text, at timestamptz)
RETURNS TABLE (${balanceSignature})
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM ${s}.loyalty_balance_as_of(loyalty_balance_as_of.customer_id, loyalty_balance_as_of.at);
END`,
    `COMMENT ON FUNCTION ${bi}.loyalty_balance_as_of(text, timestamptz) IS 'One customer''s loyalty balance as of any instant (no row if the customer had no points by then).'`,
    `DROP FUNCTION IF EXISTS ${bi}.loyalty_balances_as_of(timestamptz)`,
    `CREATE FUNCTION ${bi}.loyalty_balances_as_of(at timestamptz)
RETURNS TABLE (customer_id text, ${balanceSignature})
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM ${s}.loyalty_balances_as_of(loyalty_balances_as_of.at);
END`,
    `COMMENT ON FUNCTION ${bi}.loyalty_balances_as_of(timestamptz) IS 'Loyalty balance of every customer as of any instant.'`,
    `CREATE OR REPLACE FUNCTION ${bi}.loyalty_tier_spend_as_of(at timestamptz)
RETURNS TABLE (
  customer_id text, currency text, tier_spend numeric, tier text, tier_rank integer,
  units_per_point numeric
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM ${s}.loyalty_tier_spend_as_of(loyalty_tier_spend_as_of.at);
END`,
    `COMMENT ON FUNCTION ${bi}.loyalty_tier_spend_as_of(timestamptz) IS 'Spend per customer and currency in the tier window as of any instant, and the tier each reaches.'`,
  ];
}
