import type { DomainEventOf, RulesTimeline } from '@aftersales/domain';
import { defaultRulesTimeline } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import type { Projection } from '../../runner/projection';
import { ident, runAll, tableDdl } from '../shared/ddl';
import { currencyDigits, domainEventsOf } from '../shared/events';
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

/** Column arrays for one multi-row insert: one array per column, same length. */
type Columns<K extends string> = Record<K, unknown[]>;
const columns = <K extends string>(...names: K[]): Columns<K> =>
  Object.fromEntries(names.map((name) => [name, []])) as unknown as Columns<K>;

function collect(events: readonly DomainEventOf<LoyaltyEventType>[]) {
  const lots = columns(
    'lotId',
    'customerId',
    'source',
    'orderId',
    'lineNo',
    'subjectType',
    'subjectId',
    'currency',
    'digits',
    'qty',
    'spend',
    'tier',
    'multiplier',
    'points',
    'earnedAt',
    'availableAt',
    'expiresAt',
  );
  const movements = columns('lotId', 'customerId', 'kind', 'referenceId', 'points', 'qty', 'spend', 'at');
  const tierChanges = columns('customerId', 'changedAt', 'fromTier', 'toTier');
  const pushLot = (row: Record<keyof typeof lots, unknown>) => {
    for (const key of Object.keys(lots) as (keyof typeof lots)[]) lots[key].push(row[key]);
  };
  const pushMovement = (row: Record<keyof typeof movements, unknown>) => {
    for (const key of Object.keys(movements) as (keyof typeof movements)[]) movements[key].push(row[key]);
  };

  for (const event of events) {
    switch (event.type) {
      case 'PointsEarned': {
        const { data } = event;
        const digits = currencyDigits(data.currency);
        for (const lot of data.lots) {
          pushLot({
            lotId: lot.lotId,
            customerId: data.customerId,
            source: 'order-line',
            orderId: data.orderId,
            lineNo: lot.lineNo,
            subjectType: null,
            subjectId: null,
            currency: data.currency,
            digits,
            qty: lot.qty,
            spend: lot.spend,
            tier: data.tier,
            multiplier: data.multiplier,
            points: lot.points,
            earnedAt: data.earnedAt,
            availableAt: lot.availableAt,
            expiresAt: lot.expiresAt,
          });
        }
        break;
      }
      case 'BonusPointsAwarded': {
        const { data } = event;
        pushLot({
          lotId: data.lotId,
          customerId: data.customerId,
          source: 'feedback-bonus',
          orderId: null,
          lineNo: null,
          subjectType: data.subject.type,
          subjectId: data.subject.id,
          currency: null,
          digits: 0,
          qty: null,
          spend: 0,
          tier: null,
          multiplier: null,
          points: data.points,
          earnedAt: data.awardedAt,
          // A bonus is available at once.
          availableAt: data.awardedAt,
          expiresAt: data.expiresAt,
        });
        break;
      }
      case 'PointsReversed': {
        const { data } = event;
        for (const line of data.lines) {
          pushMovement({
            lotId: line.lotId,
            customerId: data.customerId,
            kind: 'reversal',
            referenceId: data.returnId,
            points: line.points,
            qty: line.qty,
            spend: line.spend,
            at: data.reversedAt,
          });
        }
        break;
      }
      case 'PointsRedeemed': {
        const { data } = event;
        for (const allocation of data.allocations) {
          pushMovement({
            lotId: allocation.lotId,
            customerId: data.customerId,
            kind: 'redemption',
            referenceId: data.redemptionId,
            points: allocation.points,
            qty: null,
            spend: 0,
            at: data.redeemedAt,
          });
        }
        break;
      }
      case 'LoyaltyTierChanged': {
        const { data } = event;
        tierChanges.customerId.push(data.customerId);
        tierChanges.changedAt.push(data.changedAt);
        tierChanges.fromTier.push(data.from);
        tierChanges.toTier.push(data.to);
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
  if (lots.lotId.length > 0) {
    await client.query(
      `INSERT INTO ${s}.loyalty_lots (lot_id, customer_id, source, order_id, line_no, subject_type,
         subject_id, currency, currency_digits, qty, spend, tier, multiplier, points, earned_at,
         available_at, expires_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[],
         $7::text[], $8::text[], $9::smallint[], $10::int[], $11::bigint[], $12::text[], $13::numeric[],
         $14::int[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[])
       ON CONFLICT (lot_id) DO NOTHING`,
      [
        lots.lotId,
        lots.customerId,
        lots.source,
        lots.orderId,
        lots.lineNo,
        lots.subjectType,
        lots.subjectId,
        lots.currency,
        lots.digits,
        lots.qty,
        lots.spend,
        lots.tier,
        lots.multiplier,
        lots.points,
        lots.earnedAt,
        lots.availableAt,
        lots.expiresAt,
      ],
    );
  }
  if (movements.lotId.length > 0) {
    await client.query(
      `INSERT INTO ${s}.loyalty_lot_movements (lot_id, customer_id, kind, reference_id, points, qty,
         spend, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[],
         $7::bigint[], $8::timestamptz[])
       ON CONFLICT (lot_id, kind, reference_id) DO NOTHING`,
      [
        movements.lotId,
        movements.customerId,
        movements.kind,
        movements.referenceId,
        movements.points,
        movements.qty,
        movements.spend,
        movements.at,
      ],
    );
  }
  if (tierChanges.customerId.length > 0) {
    await client.query(
      `INSERT INTO ${s}.loyalty_tier_changes (customer_id, changed_at, from_tier, to_tier)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[])
       ON CONFLICT DO NOTHING`,
      [tierChanges.customerId, tierChanges.changedAt, tierChanges.fromTier, tierChanges.toTier],
    );
  }
}

async function seedTierRules(client: PoolClient, schema: string, rules: RulesTimeline) {
  const rows = columns('effectiveFrom', 'tier', 'minSpend', 'multiplier', 'windowMonths');
  for (const { effectiveFrom, rules: set } of rules) {
    for (const tier of set.loyalty.tiers) {
      rows.effectiveFrom.push(effectiveFrom);
      rows.tier.push(tier.tier);
      rows.minSpend.push(tier.minSpend);
      rows.multiplier.push(tier.multiplier);
      rows.windowMonths.push(set.loyalty.tierWindowMonths);
    }
  }
  await client.query(
    `INSERT INTO ${ident(schema)}.loyalty_tier_rules (effective_from, tier, min_spend, multiplier, window_months)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::numeric[], $4::numeric[], $5::int[])
     ON CONFLICT (effective_from, tier) DO UPDATE
       SET min_spend = EXCLUDED.min_spend, multiplier = EXCLUDED.multiplier,
           window_months = EXCLUDED.window_months`,
    [rows.effectiveFrom, rows.tier, rows.minSpend, rows.multiplier, rows.windowMonths],
  );
}

export type LoyaltyProjectionOptions = Readonly<{
  /** Tier thresholds over time; must be the timeline the domain decides with. */
  rules?: RulesTimeline;
}>;

/** The loyalty ledger and balances read model. */
export function createLoyaltyProjection(options: LoyaltyProjectionOptions = {}): Projection {
  const rules = options.rules ?? defaultRulesTimeline;
  return {
    name: 'loyalty',
    version: 1,
    filter: { eventTypes: EVENT_TYPES },
    async setup(client, schema) {
      await runAll(client, [
        `CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`,
        ...loyaltyTables.flatMap((table) => tableDdl(schema, table)),
      ]);
      await seedTierRules(client, schema, rules);
      await runAll(client, loyaltyFunctions(schema));
    },
    apply: applyBatch,
    views: loyaltyViews,
  };
}

export const loyaltyProjection: Projection = createLoyaltyProjection();
