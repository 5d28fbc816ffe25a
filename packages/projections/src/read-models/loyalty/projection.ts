import type { DomainEventOf, RulesTimeline } from '@aftersales/domain';
import { defaultRulesTimeline, minorUnitDigits, TIER_RANK } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import type { Projection } from '../../runner/projection';
import { ident, runAll, tableDdl } from '../shared/ddl';
import { domainEventsOf } from '../shared/events';
import { RowBuffer } from '../shared/row-buffer';
import { TableRows } from '../shared/table';
import { writeTableRows } from '../shared/table-sql';
import { loyaltyFunctions } from './functions';
import {
  lotsTable,
  loyaltyTables,
  movementsTable,
  ruleSetsTable,
  tierChangesTable,
  tierRulesTable,
} from './tables';
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
/** A new policy version brings its loyalty rules with it (earn rates, thresholds, window). */
const POLICY_CHANGED = 'PolicyChanged';

/** A batch's rows of the ledger tables, in event order (pure; see `TableRows`). */
export function collectLoyalty(events: readonly DomainEventOf<LoyaltyEventType>[]) {
  const lots = new TableRows(lotsTable);
  const movements = new TableRows(movementsTable);
  const tierChanges = new TableRows(tierChangesTable);

  for (const event of events) {
    switch (event.type) {
      case 'PointsEarned': {
        const { data } = event;
        // The domain's table of minor-unit digits, so tier spend is the same number on both sides.
        const digits = minorUnitDigits(data.currency);
        for (const lot of data.lots) {
          lots.create({
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
        lots.create({
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
          movements.create({
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
          movements.create({
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
        tierChanges.create({
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
  const policyChanges = domainEventsOf<'PolicyChanged'>(events, new Set([POLICY_CHANGED]));
  // In log order: of two versions at one effective instant, the later recorded one stays.
  for (const { data } of policyChanges) {
    await writeRules(
      client,
      schema,
      [{ effectiveFrom: data.effectiveFrom, rules: data.document }],
      'replace-instant',
    );
  }
  const { lots, movements, tierChanges } = collectLoyalty(
    domainEventsOf<LoyaltyEventType>(events, eventTypeSet),
  );
  // Lots first: a movement may refer to a lot earned earlier in the same batch.
  for (const rows of [lots, movements, tierChanges]) await writeTableRows(client, schema, rows);
}

/**
 * Writes rule sets into the rule tables: at setup the whole configured timeline replaces what
 * was there (`replace-all`); a policy change replaces only the set at its effective instant.
 */
async function writeRules(
  client: PoolClient,
  schema: string,
  rules: RulesTimeline,
  mode: 'replace-all' | 'replace-instant',
) {
  const sets = new RowBuffer(ruleSetsTable.created);
  const tiers = new RowBuffer(tierRulesTable.created);
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
  if (mode === 'replace-all') {
    await client.query(`DELETE FROM ${s}.loyalty_tier_rules`);
    await client.query(`DELETE FROM ${s}.loyalty_rule_sets`);
  } else {
    const instants = rules.map((entry) => entry.effectiveFrom);
    await client.query(`DELETE FROM ${s}.loyalty_tier_rules WHERE effective_from = ANY($1::timestamptz[])`, [
      instants,
    ]);
    await client.query(`DELETE FROM ${s}.loyalty_rule_sets WHERE effective_from = ANY($1::timestamptz[])`, [
      instants,
    ]);
  }
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
    // 3: the rule tables follow the `policy` stream (PolicyChanged).
    version: 3,
    filter: { eventTypes: [...EVENT_TYPES, POLICY_CHANGED] },
    async setup(client, schema) {
      await runAll(client, [
        `CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`,
        ...loyaltyTables.flatMap((table) => tableDdl(schema, table)),
      ]);
      // The built-in timeline; the `policy` stream's versions follow as events (PolicyChanged).
      await writeRules(client, schema, rules, 'replace-all');
      await runAll(client, loyaltyFunctions(schema));
    },
    apply: applyBatch,
    views: loyaltyViews,
  };
}

export const loyaltyProjection: Projection = createLoyaltyProjection();
