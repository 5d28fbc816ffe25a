import { type ReadModelTable, readModelTable, writtenOnce } from '../shared/table';

/**
 * The loyalty ledger as compact facts: one row per lot (the unit that is pending, becomes
 * available, expires and is reversed), one row per movement out of a lot. Balances are never
 * stored: they depend on the instant asked about, so SQL functions derive them (see functions.ts).
 */
export const lotsTable: ReadModelTable = readModelTable({
  name: 'loyalty_lots',
  comment:
    'Loyalty ledger lines: one row per earned lot (one per delivered order line) or bonus award. Points move out of a lot only through loyalty_lot_movements.',
  columns: writtenOnce([
    { name: 'lot_id', type: 'text NOT NULL', comment: 'Lot id as given by the loyalty domain.' },
    { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer who holds the points.' },
    {
      name: 'source',
      type: "text NOT NULL CHECK (source IN ('order-line', 'feedback-bonus'))",
      comment:
        'order-line: earned on delivery of an order line; feedback-bonus: bonus for feedback with a comment.',
    },
    { name: 'order_id', type: 'text', comment: 'Order of the line (order-line lots only).' },
    { name: 'line_no', type: 'integer', comment: '1-based order line number (order-line lots only).' },
    {
      name: 'subject_type',
      type: 'text',
      comment: 'Feedback subject type: order, return or repair (feedback-bonus lots only).',
    },
    { name: 'subject_id', type: 'text', comment: 'Feedback subject id (feedback-bonus lots only).' },
    {
      name: 'currency',
      type: 'text',
      comment: 'ISO 4217 currency of the order (order-line lots only).',
    },
    {
      name: 'currency_digits',
      type: 'smallint NOT NULL DEFAULT 0',
      comment: 'Minor-unit digits of the currency (2 for EUR): spend / 10^digits = whole currency units.',
    },
    { name: 'qty', type: 'integer', comment: 'Units on the order line (order-line lots only).' },
    {
      name: 'spend',
      type: 'bigint NOT NULL DEFAULT 0',
      comment:
        'Spend of the line in minor currency units (qty x unit price); counts toward tiers. 0 for bonuses.',
    },
    {
      name: 'tier',
      type: 'text',
      comment: 'Tier held just before the delivery: the rule that awarded the points (order-line lots only).',
    },
    {
      name: 'multiplier',
      type: 'numeric',
      comment:
        'Points multiplier of that tier in the order currency (1.0, 1.25, 1.5 by default; 0 when the currency is not priced; order-line lots only).',
    },
    {
      name: 'units_per_point',
      type: 'numeric',
      comment:
        'Earn rate that awarded: whole currency units per point (1 for EUR, 100000 for IRR); NULL when the currency is not priced and for bonuses.',
    },
    {
      name: 'no_points_reason',
      type: "text CHECK (no_points_reason IN ('currency-not-priced'))",
      comment:
        'Why the lot earned no points: currency-not-priced (the loyalty rules in force at delivery did not price the order currency). NULL when it earned.',
    },
    { name: 'points', type: 'integer NOT NULL', comment: 'Points awarded to the lot (integer).' },
    {
      name: 'earned_at',
      type: 'timestamptz NOT NULL',
      comment: 'Business time the points were earned (delivery) or awarded (bonus).',
    },
    {
      name: 'available_at',
      type: 'timestamptz NOT NULL',
      comment: 'Points are pending before this instant (the return window closes), available from it on.',
    },
    {
      name: 'expires_at',
      type: 'timestamptz NOT NULL',
      comment: 'Points not redeemed or reversed by this instant expire at it (12 months after earning).',
    },
  ]),
  // Keyed by customer first: one index serves uniqueness and the per-customer balance.
  key: ['customer_id', 'lot_id'],
});

export const movementsTable: ReadModelTable = readModelTable({
  name: 'loyalty_lot_movements',
  comment:
    'What happened to the points of a lot: reversals (a refund of the line) and redemption allocations (soonest-expiring lots first). One row per lot and cause.',
  columns: writtenOnce([
    { name: 'lot_id', type: 'text NOT NULL', comment: 'The lot the points leave (loyalty_lots.lot_id).' },
    { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer who holds the lot.' },
    {
      name: 'kind',
      type: "text NOT NULL CHECK (kind IN ('reversal', 'redemption'))",
      comment: 'reversal: points taken back by a refund; redemption: points spent by the customer.',
    },
    {
      name: 'reference_id',
      type: 'text NOT NULL',
      comment: 'Return id (reversal) or redemption id (redemption).',
    },
    {
      name: 'points',
      type: 'integer NOT NULL',
      comment: 'Points taken out of the lot: floor(lot points x refunded qty / line qty) for reversals.',
    },
    {
      name: 'shortfall',
      type: 'integer NOT NULL DEFAULT 0',
      comment:
        'Reversal points due that the lot no longer held (already redeemed or expired); never taken elsewhere. 0 for redemptions.',
    },
    { name: 'qty', type: 'integer', comment: 'Refunded units of the line (reversals only).' },
    {
      name: 'spend',
      type: 'bigint NOT NULL DEFAULT 0',
      comment: 'Refunded spend in minor currency units, subtracted from tier spend (reversals only; else 0).',
    },
    {
      name: 'occurred_at',
      type: 'timestamptz NOT NULL',
      comment: 'Business time of the reversal or redemption.',
    },
  ]),
  key: ['customer_id', 'lot_id', 'kind', 'reference_id'],
});

export const tierChangesTable: ReadModelTable = readModelTable({
  name: 'loyalty_tier_changes',
  comment:
    'Tier changes as the loyalty domain recorded them (LoyaltyTierChanged), for audit; current tiers are derived from spend by loyalty_balances_as_of.',
  columns: writtenOnce([
    { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer whose tier changed.' },
    { name: 'changed_at', type: 'timestamptz NOT NULL', comment: 'Business time of the change.' },
    { name: 'from_tier', type: 'text NOT NULL', comment: 'Tier before: bronze, silver or gold.' },
    { name: 'to_tier', type: 'text NOT NULL', comment: 'Tier after: bronze, silver or gold.' },
  ]),
  key: ['customer_id', 'changed_at', 'to_tier'],
});

export const ruleSetsTable: ReadModelTable = readModelTable({
  name: 'loyalty_rule_sets',
  comment:
    'Loyalty rule sets as data, the built-in defaults at setup, then each version of the policy stream (PolicyChanged) at its effective instant: the set in force at an instant is the latest effective_from at or before it.',
  columns: writtenOnce([
    {
      name: 'effective_from',
      type: 'timestamptz NOT NULL',
      comment: 'The rule set applies from this instant on.',
    },
    {
      name: 'window_months',
      type: 'integer NOT NULL',
      comment: 'Rolling window of spend that decides the tier, in calendar months (UTC).',
    },
  ]),
  key: ['effective_from'],
});

export const tierRulesTable: ReadModelTable = readModelTable({
  name: 'loyalty_tier_rules',
  comment:
    'Earn rates and tier thresholds per currency, one row per rule set, currency and tier (loyalty_rule_sets). A currency without rows in a rule set is not priced by it: its orders earn nothing and its spend reaches no tier.',
  columns: writtenOnce([
    {
      name: 'effective_from',
      type: 'timestamptz NOT NULL',
      comment: 'The rule set (loyalty_rule_sets.effective_from) the row belongs to.',
    },
    {
      name: 'currency',
      type: 'text NOT NULL',
      comment: 'ISO 4217 currency the rate and threshold are in.',
    },
    { name: 'tier', type: 'text NOT NULL', comment: 'bronze, silver or gold.' },
    {
      name: 'min_spend',
      type: 'numeric NOT NULL',
      comment:
        'Tier is held at this spend or more in this currency alone, in its whole units over window_months.',
    },
    {
      name: 'tier_rank',
      type: 'integer NOT NULL',
      comment:
        'Order of the tier, lowest 0: the highest-ranked tier whose min_spend is met in any one currency is held.',
    },
    {
      name: 'multiplier',
      type: 'numeric NOT NULL',
      comment: 'Points multiplier of the tier for orders in this currency.',
    },
    {
      name: 'units_per_point',
      type: 'numeric NOT NULL',
      comment: 'Whole units of this currency per point before the multiplier (1 for EUR, 100000 for IRR).',
    },
  ]),
  key: ['effective_from', 'currency', 'tier'],
});

/** In the order their rows are written (a lot before the movements out of it). */
export const loyaltyModelTables: readonly ReadModelTable[] = [
  lotsTable,
  movementsTable,
  tierChangesTable,
  ruleSetsTable,
  tierRulesTable,
];

/** The tables' DDL specs, for the schema and the data dictionary. */
export const loyaltyTables = loyaltyModelTables.map((table) => table.spec);
