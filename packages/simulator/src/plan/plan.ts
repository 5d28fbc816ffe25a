import { defaultRulesTimeline, type RulesTimeline } from '@aftersales/domain';
import { afterDelivery } from './after-sales';
import { regionsFor } from './catalog';
import { sizeRedemptions } from './ledger';
import { Random, shortHash } from './random';
import { type DeliveredOrder, Story } from './story';
import { supportHistory } from './support';
import type { Draft, PlannedCommand, SimulationPlan } from './types';

/** Third seed of the support cases' own generator. */
const SUPPORT_STREAM = 0x5c;

export type PlanOptions = Readonly<{
  seed: number;
  /** The end of the history (exclusive): nothing happens at or after it. */
  until: string;
  months: number;
  customers: number;
  rules?: RulesTimeline;
  /** A shop selling in this currency only (`singleCurrencyShops`, e.g. IRR); default every region's. */
  currency?: string;
}>;

/** When a history of `months` months ending at `until` starts. */
export function historyStart(until: string, months: number): string {
  const end = new Date(until);
  return new Date(
    Date.UTC(
      end.getUTCFullYear(),
      end.getUTCMonth() - months,
      end.getUTCDate(),
      end.getUTCHours(),
      end.getUTCMinutes(),
      end.getUTCSeconds(),
      end.getUTCMilliseconds(),
    ),
  ).toISOString();
}

/** One customer's commands in business-time order. Depends on seed, until, months and the index only. */
export function customerCommands(
  options: PlanOptions,
  runTag: string,
  index: number,
): { customerId: string; drafts: Draft[] } {
  const rules = options.rules ?? defaultRulesTimeline;
  const story = new Story({
    rng: new Random(options.seed, index),
    runTag,
    index,
    fromMs: Date.parse(historyStart(options.until, options.months)),
    untilMs: Date.parse(options.until),
    rules,
    regions: regionsFor(options.currency),
  });
  const registeredAt = story.register();
  story.profileChanges(registeredAt);
  const deliveries: DeliveredOrder[] = [];
  story.orderTimes(registeredAt).forEach((placedAt, k) => {
    const delivered = story.order(placedAt, k === 0);
    if (delivered) afterDelivery(story, delivered);
    if (delivered) deliveries.push(delivered);
  });
  // Support cases draw on a generator of their own: the rest of the story is as without them.
  supportHistory(story, deliveries, new Random(options.seed, index, SUPPORT_STREAM));
  // Stable: commands at the same instant keep the order they were written in (cause first).
  const ordered = story.items
    .map((item, position) => ({ item, position }))
    .sort((a, b) => a.item.at - b.item.at || a.position - b.position)
    .map(({ item }) => item);
  return { customerId: story.customerId, drafts: sizeRedemptions(ordered, rules) };
}

/**
 * The whole plan: every customer's story, merged in business-time order. Pure and deterministic:
 * the same options give the same commands, ids and idempotency keys. A customer's story does not
 * depend on how many others there are, so a larger run extends a smaller one.
 */
export function planSimulation(options: PlanOptions): SimulationPlan {
  const until = new Date(options.until).toISOString();
  // A one-currency shop is another history: other ids (the default run's tag is unchanged).
  const shop = options.currency === undefined ? '' : `|${options.currency}`;
  const runTag = shortHash(`${options.seed}|${until}|${options.months}${shop}`);
  const all: { draft: Draft; customerId: string; index: number; position: number }[] = [];
  for (let index = 0; index < options.customers; index++) {
    const { customerId, drafts } = customerCommands({ ...options, until }, runTag, index);
    drafts.forEach((draft, position) => {
      all.push({ draft, customerId, index, position });
    });
  }
  all.sort((a, b) => a.draft.at - b.draft.at || a.index - b.index || a.position - b.position);
  const commands: PlannedCommand[] = all.map(({ draft, customerId }, seq) => ({
    seq,
    customerId,
    occurredAt: new Date(draft.at).toISOString(),
    command: draft.command,
    ...(draft.expectedRejection ? { expectedRejection: draft.expectedRejection } : {}),
    idempotencyKey: `sim:${draft.key}`,
  }));
  return {
    seed: options.seed,
    runTag,
    from: historyStart(until, options.months),
    until,
    customers: options.customers,
    commands,
  };
}

/** How many planned commands of each type, and how many are meant to be refused. */
export function countPlan(plan: SimulationPlan): { byType: Record<string, number>; refusals: number } {
  const byType: Record<string, number> = {};
  let refusals = 0;
  for (const { command, expectedRejection } of plan.commands) {
    if (expectedRejection) refusals++;
    else byType[command.type] = (byType[command.type] ?? 0) + 1;
  }
  return { byType, refusals };
}
