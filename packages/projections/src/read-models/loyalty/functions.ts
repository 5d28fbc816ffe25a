import { ident } from '../shared/ddl';

/**
 * Balances as of an instant, derived from the ledger on every call (exact by construction).
 * The state of a lot's remaining points at instant t — the same definition as the domain's
 * `balanceAsOf`:
 *   - only lots earned at or before t count, and only movements at or before t;
 *   - remaining = points − reversed − redeemed;
 *   - expired   if t ≥ expires_at (expiry wins: expired points can never be spent),
 *     pending   if t < available_at,
 *     available otherwise;
 *   - lifetime = every point earned or awarded by t = pending + available + redeemed + expired + reversed.
 * Tier at t, per currency: spend (whole units of the currency) of order-line lots earned in
 * [t − window, t], net of reversals made by t, against that currency's thresholds in the rule
 * set in force at t (window from loyalty_rule_sets, thresholds from loyalty_tier_rules). Spend in
 * two currencies is never added; the customer holds the highest tier any one currency reaches,
 * bronze when none reaches one (or none is priced). Calendar months are counted in UTC.
 *
 * Bodies are `BEGIN ATOMIC`: Postgres binds them to the tables by oid, so they keep working
 * when the runner renames a rebuilt staging schema into place.
 */
export function loyaltyFunctions(schema: string): string[] {
  const s = ident(schema);
  return [
    `CREATE OR REPLACE FUNCTION ${s}.loyalty_lots_as_of(at timestamptz)
RETURNS TABLE (
  lot_id text, customer_id text, source text, order_id text, line_no integer,
  earned_at timestamptz, available_at timestamptz, expires_at timestamptz,
  points bigint, reversed_points bigint, redeemed_points bigint, remaining_points bigint,
  state text, spend_units numeric, reversed_spend_units numeric,
  currency text, no_points_reason text
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT l.lot_id, l.customer_id, l.source, l.order_id, l.line_no,
         l.earned_at, l.available_at, l.expires_at,
         l.points::bigint,
         coalesce(m.reversed_points, 0)::bigint,
         coalesce(m.redeemed_points, 0)::bigint,
         (l.points - coalesce(m.reversed_points, 0) - coalesce(m.redeemed_points, 0))::bigint,
         CASE
           WHEN loyalty_lots_as_of.at >= l.expires_at THEN 'expired'
           WHEN loyalty_lots_as_of.at < l.available_at THEN 'pending'
           ELSE 'available'
         END,
         trim_scale(l.spend::numeric / (10::numeric ^ l.currency_digits)),
         trim_scale(coalesce(m.reversed_spend, 0)::numeric / (10::numeric ^ l.currency_digits)),
         l.currency, l.no_points_reason
    FROM ${s}.loyalty_lots l
    LEFT JOIN (
      SELECT mv.customer_id, mv.lot_id,
             sum(mv.points) FILTER (WHERE mv.kind = 'reversal') AS reversed_points,
             sum(mv.points) FILTER (WHERE mv.kind = 'redemption') AS redeemed_points,
             sum(mv.spend) FILTER (WHERE mv.kind = 'reversal') AS reversed_spend
        FROM ${s}.loyalty_lot_movements mv
       WHERE mv.occurred_at <= loyalty_lots_as_of.at
       GROUP BY mv.customer_id, mv.lot_id
    ) m ON m.customer_id = l.customer_id AND m.lot_id = l.lot_id
   WHERE l.earned_at <= loyalty_lots_as_of.at;
END`,
    `COMMENT ON FUNCTION ${s}.loyalty_lots_as_of(timestamptz) IS 'Every lot earned by the instant with its points reversed, redeemed and remaining as of it, and the state of the remaining points: pending (before available_at), available, or expired (at or after expires_at).'`,

    `CREATE OR REPLACE FUNCTION ${s}.loyalty_tier_rule_as_of(at timestamptz)
RETURNS TABLE (effective_from timestamptz, window_start timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT r.effective_from,
         ((loyalty_tier_rule_as_of.at AT TIME ZONE 'UTC') - make_interval(months => r.window_months))
           AT TIME ZONE 'UTC'
    FROM ${s}.loyalty_rule_sets r
   WHERE r.effective_from <= loyalty_tier_rule_as_of.at
   ORDER BY r.effective_from DESC
   LIMIT 1;
END`,
    `COMMENT ON FUNCTION ${s}.loyalty_tier_rule_as_of(timestamptz) IS 'The loyalty rule set in force at the instant and the start (inclusive) of its rolling spend window.'`,

    `CREATE OR REPLACE FUNCTION ${s}.loyalty_tier_spend_as_of(at timestamptz)
RETURNS TABLE (
  customer_id text, currency text, tier_spend numeric, tier text, tier_rank integer,
  units_per_point numeric
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT sp.customer_id, sp.currency, sp.tier_spend, reached.tier, reached.tier_rank, rate.units_per_point
    FROM (
      SELECT lot.customer_id, lot.currency,
             trim_scale(sum(lot.spend_units - lot.reversed_spend_units)) AS tier_spend
        FROM ${s}.loyalty_lots_as_of(loyalty_tier_spend_as_of.at) lot
       CROSS JOIN ${s}.loyalty_tier_rule_as_of(loyalty_tier_spend_as_of.at) w
       WHERE lot.source = 'order-line' AND lot.earned_at >= w.window_start
       GROUP BY lot.customer_id, lot.currency
    ) sp
    CROSS JOIN ${s}.loyalty_tier_rule_as_of(loyalty_tier_spend_as_of.at) rule
    LEFT JOIN LATERAL (
      SELECT t.tier, t.tier_rank FROM ${s}.loyalty_tier_rules t
       WHERE t.effective_from = rule.effective_from AND t.currency = sp.currency
         AND t.min_spend <= sp.tier_spend
       ORDER BY t.tier_rank DESC LIMIT 1
    ) reached ON true
    LEFT JOIN LATERAL (
      SELECT min(t.units_per_point) AS units_per_point FROM ${s}.loyalty_tier_rules t
       WHERE t.effective_from = rule.effective_from AND t.currency = sp.currency
    ) rate ON true;
END`,
    `COMMENT ON FUNCTION ${s}.loyalty_tier_spend_as_of(timestamptz) IS 'Per customer and currency: spend in the tier window as of the instant (whole units, net of refunds) and the tier it reaches under that currency''s thresholds (NULL when the currency is not priced or reaches none).'`,

    `CREATE OR REPLACE FUNCTION ${s}.loyalty_balances_as_of(at timestamptz)
RETURNS TABLE (
  customer_id text, pending_points bigint, available_points bigint, redeemed_points bigint,
  expired_points bigint, reversed_points bigint, lifetime_points bigint,
  tier text, tier_spend numeric, next_expiry_at timestamptz, next_expiry_points bigint,
  tier_currency text
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT b.customer_id, b.pending_points, b.available_points, b.redeemed_points,
         b.expired_points, b.reversed_points, b.lifetime_points,
         coalesce(top.tier, 'bronze'), coalesce(top.tier_spend, 0),
         b.next_expiry_at, b.next_expiry_points, top.currency
    FROM (
      SELECT lot.customer_id,
             coalesce(sum(lot.remaining_points) FILTER (WHERE lot.state = 'pending'), 0)::bigint AS pending_points,
             coalesce(sum(lot.remaining_points) FILTER (WHERE lot.state = 'available'), 0)::bigint AS available_points,
             sum(lot.redeemed_points)::bigint AS redeemed_points,
             coalesce(sum(lot.remaining_points) FILTER (WHERE lot.state = 'expired'), 0)::bigint AS expired_points,
             sum(lot.reversed_points)::bigint AS reversed_points,
             sum(lot.points)::bigint AS lifetime_points,
             min(lot.next_expiry_at) AS next_expiry_at,
             sum(lot.remaining_points)
               FILTER (WHERE lot.expires_at = lot.next_expiry_at AND lot.state <> 'expired'
                         AND lot.remaining_points > 0)::bigint AS next_expiry_points
        FROM (
          SELECT l.*,
                 min(l.expires_at) FILTER (WHERE l.state <> 'expired' AND l.remaining_points > 0)
                   OVER (PARTITION BY l.customer_id) AS next_expiry_at
            FROM ${s}.loyalty_lots_as_of(loyalty_balances_as_of.at) l
        ) lot
       GROUP BY lot.customer_id
    ) b
    -- The currency that gives the held tier: highest tier, then the most points' worth of spend.
    LEFT JOIN (
      SELECT DISTINCT ON (ts.customer_id) ts.customer_id, ts.currency, ts.tier, ts.tier_spend
        FROM ${s}.loyalty_tier_spend_as_of(loyalty_balances_as_of.at) ts
       WHERE ts.tier IS NOT NULL
       ORDER BY ts.customer_id, ts.tier_rank DESC, ts.tier_spend / ts.units_per_point DESC, ts.currency
    ) top ON top.customer_id = b.customer_id;
END`,
    `COMMENT ON FUNCTION ${s}.loyalty_balances_as_of(timestamptz) IS 'Balance of every customer with a lot as of the instant: pending, available, redeemed, expired, reversed and lifetime points, tier (the highest reached by the spend of any one currency), the spend and currency that reach it, next expiry (instant and points).'`,

    // The customer id is not repeated in the output: Postgres forbids an output column named
    // like an input parameter, and the caller knows whom it asked about.
    `CREATE OR REPLACE FUNCTION ${s}.loyalty_balance_as_of(customer_id text, at timestamptz)
RETURNS TABLE (
  pending_points bigint, available_points bigint, redeemed_points bigint,
  expired_points bigint, reversed_points bigint, lifetime_points bigint,
  tier text, tier_spend numeric, next_expiry_at timestamptz, next_expiry_points bigint,
  tier_currency text
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT b.pending_points, b.available_points, b.redeemed_points, b.expired_points,
         b.reversed_points, b.lifetime_points, b.tier, b.tier_spend, b.next_expiry_at,
         b.next_expiry_points, b.tier_currency
    FROM ${s}.loyalty_balances_as_of(loyalty_balance_as_of.at) b
   WHERE b.customer_id = loyalty_balance_as_of.customer_id;
END`,
    `COMMENT ON FUNCTION ${s}.loyalty_balance_as_of(text, timestamptz) IS 'One customer''s balance as of the instant (no row when the customer had no lot by then).'`,
  ];
}
