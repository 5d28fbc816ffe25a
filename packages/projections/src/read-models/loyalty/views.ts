import { BI_SCHEMA, createBiSchema } from '../shared/bi';
import { ident, type ViewSpec, viewDdl } from '../shared/ddl';

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
    comment: 'bronze, silver or gold, by spend over the rolling window (12 months by default).',
  },
  {
    name: 'tier_spend',
    comment: 'Spend in the rolling window, net of refunds, in whole currency units (decides the tier).',
  },
  {
    name: 'next_expiry_at',
    comment: 'Soonest instant at which some of the pending or available points expire (NULL if none).',
  },
  { name: 'next_expiry_points', comment: 'Points that expire at next_expiry_at unless redeemed first.' },
];

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
      ],
      query: `SELECT * FROM ${s}.loyalty_lots_as_of(now())`,
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
  ];
}

/** BI views and functions for loyalty; re-run after every rebuild swap. */
export function loyaltyViews(schema: string): string[] {
  const s = ident(schema);
  const bi = ident(BI_SCHEMA);
  return [
    createBiSchema,
    ...loyaltyBiViews(schema).flatMap((view) => viewDdl(BI_SCHEMA, view)),
    `CREATE OR REPLACE FUNCTION ${bi}.loyalty_balance_as_of(customer_id text, at timestamptz)
RETURNS TABLE (
  pending_points bigint, available_points bigint, redeemed_points bigint, expired_points bigint,
  reversed_points bigint, lifetime_points bigint, tier text, tier_spend numeric,
  next_expiry_at timestamptz, next_expiry_points bigint
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM ${s}.loyalty_balance_as_of(loyalty_balance_as_of.customer_id, loyalty_balance_as_of.at);
END`,
    `COMMENT ON FUNCTION ${bi}.loyalty_balance_as_of(text, timestamptz) IS 'One customer''s loyalty balance as of any instant (no row if the customer had no points by then).'`,
    `CREATE OR REPLACE FUNCTION ${bi}.loyalty_balances_as_of(at timestamptz)
RETURNS TABLE (
  customer_id text, pending_points bigint, available_points bigint, redeemed_points bigint,
  expired_points bigint, reversed_points bigint, lifetime_points bigint, tier text,
  tier_spend numeric, next_expiry_at timestamptz, next_expiry_points bigint
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM ${s}.loyalty_balances_as_of(loyalty_balances_as_of.at);
END`,
    `COMMENT ON FUNCTION ${bi}.loyalty_balances_as_of(timestamptz) IS 'Loyalty balance of every customer as of any instant.'`,
  ];
}
