import type { DomainEventOf, RulesTimeline } from '@aftersales/domain';
import { defaultRulesTimeline, minorUnitDigits, TIER_RANK } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import type { Projection } from '../../runner/projection';
import { ident, runAll, tableDdl } from '../shared/ddl';
import { domainEventsOf } from '../shared/events';
import { insertRows as insert, RowBuffer } from '../shared/row-buffer';
import { loyaltyFunctions } from './functions';
import { loyaltyTables } from './tables';
import { loyaltyViews } from './views';

const EVENT_TYPES = [
  'PointsEarned',
  'BonusPointsAwarded',
  'PointsReversed',
  'PointsRedeemed',
  'LoyaltyTierChanged',
] as const;
type LoyaltyEventType = (typeof EVENT_TYPES)[number];
const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

function collect(events: readonly DomainEventOf<LoyaltyEventType>[]) {
  const lots = new RowBuffer([
    ['lot_id', 'text'],
    ['customer_id', 'text'],
    ['source', 'text'],
    ['order_id', 'text'],
    ['line_no', 'int'],
    ['subject_type', 'text'],
    ['subject_id', 'text'],
    ['currency', 'text'],
    ['currency_digits', 'smallint'],
    ['qty', 'int'],
    ['spend', 'bigint'],
    ['tier', 'text'],
    ['multiplier', 'numeric'],
    ['units_per_point', 'numeric'],
    ['no_points_reason', 'text'],
    ['points', 'int'],
    ['earned_at', 'timestamptz'],
    ['available_at', 'timestamptz'],
    ['expires_at', 'timestamptz'],
  ] as const);
  const movements = new RowBuffer([
    ['lot_id', 'text'],
    ['customer_id', 'text'],
    ['kind', 'text'],
    ['reference_id', 'text'],
    ['points', 'int'],
    ['shortfall', 'int'],
    ['qty', 'int'],
    ['spend', 'bigint'],
    ['occurred_at', 'timestamptz'],
  ] as const);
  const tierChanges = new RowBuffer([
    ['customer_id', 'text'],
    ['changed_at', 'timestamptz'],
    ['from_tier', 'text'],
    ['to_tier', 'text'],
  ] as const);

  for (const event of events) {
    switch (event.type) {
      case 'PointsEarned': {
        const { data } = event;
        // The domain's table of minor-unit digits, so tier spend is the same number on both sides.
        const digits = minorUnitDigits(data.currency);
        for (const lot of data.lots) {
          lots.push({
            lot_id: lot.lotId,
            customer_id: data.customerId,
            source: 'order-line',
            order_id: data.orderId,
            line_no: lot.lineNo,
            subject_type: null,
            subject_id: null,
            currency: data.currency,
            currency_digits: digits,
            qty: lot.qty,
            spend: lot.spend,
            tier: data.tier,
            multiplier: data.multiplier,
            // Events from before rates per currency carry none: they earned a point per unit.
            units_per_point: data.noPointsReason ? null : (data.unitsPerPoint ?? 1),
            no_points_reason: data.noPointsReason ?? null,
            points: lot.points,
            earned_at: data.earnedAt,
            available_at: lot.availableAt,
            expires_at: lot.expiresAt,
          });
        }
        break;
      }
      case 'BonusPointsAwarded': {
        const { data } = event;
        lots.push({
          lot_id: data.lotId,
          customer_id: data.customerId,
          source: 'feedback-bonus',
          order_id: null,
          line_no: null,
          subject_type: data.subject.type,
          subject_id: data.subject.id,
          currency: null,
          currency_digits: 0,
          qty: null,
          spend: 0,
          tier: null,
          multiplier: null,
          units_per_point: null,
          no_points_reason: null,
          points: data.points,
          earned_at: data.awardedAt,
          // A bonus is available at once.
          available_at: data.awardedAt,
          expires_at: data.expiresAt,
        });
        break;
      }
      case 'PointsReversed': {
        const { data } = event;
        for (const line of data.lines) {
          movements.push({
            lot_id: line.lotId,
            customer_id: data.customerId,
            kind: 'reversal',
            reference_id: data.returnId,
            points: line.points,
            shortfall: line.shortfall ?? 0,
            qty: line.qty,
            spend: line.spend,
            occurred_at: data.reversedAt,
          });
        }
        break;
      }
      case 'PointsRedeemed': {
        const { data } = event;
        for (const allocation of data.allocations) {
          movements.push({
            lot_id: allocation.lotId,
            customer_id: data.customerId,
            kind: 'redemption',
            reference_id: data.redemptionId,
            points: allocation.points,
            shortfall: 0,
            qty: null,
            spend: 0,
            occurred_at: data.redeemedAt,
          });
        }
        break;
      }
      case 'LoyaltyTierChanged': {
        const { data } = event;
        tierChanges.push({
          customer_id: data.customerId,
          changed_at: data.changedAt,
          from_tier: data.from,
          to_tier: data.to,
        });
        break;
      }
      default: {
        const _exhaustive: never = event;
        throw new Error(`unexpected loyalty event ${(_exhaustive as { type: string }).type}`);
      }
    }
  }
  return { lots, movements, tierChanges };
}

async function applyBatch(client: PoolClient, events: readonly RecordedEvent[], schema: string) {
  const s = ident(schema);
  const { lots, movements, tierChanges } = collect(domainEventsOf<LoyaltyEventType>(events, eventTypeSet));
  // Lots first: a movement may refer to a lot earned earlier in the same batch.
  await insert(client, `${s}.loyalty_lots`, lots, 'customer_id, lot_id');
  await insert(client, `${s}.loyalty_lot_movements`, movements, 'customer_id, lot_id, kind, reference_id');
  await insert(client, `${s}.loyalty_tier_changes`, tierChanges, 'customer_id, changed_at, to_tier');
}

/** Replaces the rule tables wholesale (in the setup transaction) with the configured timeline. */
async function seedRules(client: PoolClient, schema: string, rules: RulesTimeline) {
  const sets = new RowBuffer([
    ['effective_from', 'timestamptz'],
    ['window_months', 'int'],
  ] as const);
  const tiers = new RowBuffer([
    ['effective_from', 'timestamptz'],
    ['currency', 'text'],
    ['tier', 'text'],
    ['min_spend', 'numeric'],
    ['tier_rank', 'int'],
    ['multiplier', 'numeric'],
    ['units_per_point', 'numeric'],
  ] as const);
  for (const { effectiveFrom, rules: set } of rules) {
    sets.push({ effective_from: effectiveFrom, window_months: set.loyalty.tierWindowMonths });
    for (const [currency, earning] of Object.entries(set.loyalty.currencies)) {
      for (const tier of earning.tiers) {
        tiers.push({
          effective_from: effectiveFrom,
          currency,
          tier: tier.tier,
          min_spend: tier.minSpend,
          tier_rank: TIER_RANK[tier.tier],
          multiplier: tier.multiplier,
          units_per_point: earning.unitsPerPoint,
        });
      }
    }
  }
  const s = ident(schema);
  await client.query(`DELETE FROM ${s}.loyalty_tier_rules`);
  await client.query(`DELETE FROM ${s}.loyalty_rule_sets`);
  for (const [table, rows] of [
    ['loyalty_rule_sets', sets],
    ['loyalty_tier_rules', tiers],
  ] as const) {
    if (rows.size === 0) continue;
    await client.query(
      `INSERT INTO ${s}.${table} (${rows.names}) SELECT ${rows.names} FROM ${rows.recordset()}`,
      rows.params(),
    );
  }
}

export type LoyaltyProjectionOptions = Readonly<{
  /** Earn rates and tier thresholds per currency over time; must be the timeline the domain decides with. */
  rules?: RulesTimeline;
}>;

/** The loyalty ledger and balances read model. */
export function createLoyaltyProjection(options: LoyaltyProjectionOptions = {}): Projection {
  const rules = options.rules ?? defaultRulesTimeline;
  return {
    name: 'loyalty',
    // 2: earn rates and tier thresholds per currency (loyalty_rule_sets, currency in
    // loyalty_tier_rules), units_per_point and no_points_reason on lots.
    version: 2,
    filter: { eventTypes: EVENT_TYPES },
    async setup(client, schema) {
      await runAll(client, [
        `CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`,
        ...loyaltyTables.flatMap((table) => tableDdl(schema, table)),
      ]);
      await seedRules(client, schema, rules);
      await runAll(client, loyaltyFunctions(schema));
    },
    apply: applyBatch,
    views: loyaltyViews,
  };
}

export const loyaltyProjection: Projection = createLoyaltyProjection();
