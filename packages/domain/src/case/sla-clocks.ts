import { addBusinessMs, businessMsBetween, type ShopCalendar } from '../shared/business-time';
import type { Instant } from '../shared/event';
import type { RuleSet } from '../shared/rules';
import { breachKey, type OpenedCase, type SlaCycle } from './case';
import type { CaseChannel, SlaOutcome } from './events';
import { type SlaPolicy, slaTargetMinutes } from './sla-policy';

/**
 * An SLA cycle read against its target at an instant: when it is due, how much business time is
 * left (negative once overdue), and whether it was met or breached. A cycle is met when it
 * stopped at or before its due instant; it is breached as soon as that instant has passed.
 */
export type SlaClock = Readonly<{
  metric: SlaCycle['metric'];
  cycle: number;
  priority: SlaCycle['priority'];
  startedAt: Instant;
  targetMinutes: number;
  /** Absent while the case is pending and the target is not yet used up. */
  due?: Instant;
  /** When the policy's at-risk share of the target is used up (absent while pending holds it). */
  atRiskAt?: Instant;
  stoppedAt?: Instant;
  status: 'running' | 'paused' | 'met' | 'breached';
  /** Business seconds used so far (until `stoppedAt`, or the instant asked about). */
  businessSeconds: number;
  /** Business seconds left until due; negative once more was used than the target allows. */
  remainingSeconds: number;
}>;

const MINUTE_MS = 60_000;

/** The spans in which a cycle's clock runs: from its start, less its pauses (open-ended last). */
function runningSpans(cycle: SlaCycle): (readonly [number, number])[] {
  const spans: (readonly [number, number])[] = [];
  let from = Date.parse(cycle.startedAt);
  for (const pause of cycle.pauses) {
    spans.push([from, Date.parse(pause.from)]);
    if (pause.to === undefined) return spans;
    from = Date.parse(pause.to);
  }
  spans.push([from, Number.POSITIVE_INFINITY]);
  return spans;
}

/** The instant the target is used up, or undefined when a pause still holds it back. */
function dueOf(calendar: ShopCalendar, spans: readonly (readonly [number, number])[], targetMs: number) {
  let remaining = targetMs;
  for (const [from, to] of spans) {
    const open =
      to === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : businessMsBetween(calendar, from, to);
    if (remaining <= open) return addBusinessMs(calendar, from, remaining);
    remaining -= open;
  }
  return undefined;
}

function usedUntil(calendar: ShopCalendar, spans: readonly (readonly [number, number])[], at: number) {
  let used = 0;
  for (const [from, to] of spans) {
    if (from >= at) break;
    used += businessMsBetween(calendar, from, Math.min(to, at));
  }
  return used;
}

export function slaClock(
  cycle: SlaCycle,
  channel: CaseChannel,
  support: Readonly<{ calendar: ShopCalendar; sla: SlaPolicy }>,
  now: Instant,
): SlaClock {
  const targetMinutes = slaTargetMinutes(support.sla, cycle.metric, cycle.priority, channel);
  const spans = runningSpans(cycle);
  const dueMs = dueOf(support.calendar, spans, targetMinutes * MINUTE_MS);
  const atRiskMs = dueOf(
    support.calendar,
    spans,
    Math.round(targetMinutes * MINUTE_MS * support.sla.atRiskShare),
  );
  const at = Date.parse(cycle.stoppedAt ?? now);
  const used = usedUntil(support.calendar, spans, at);
  const overdue = dueMs !== undefined && at > dueMs;
  const paused = cycle.pauses.some((pause) => pause.to === undefined);
  const status = cycle.stoppedAt
    ? overdue
      ? 'breached'
      : 'met'
    : overdue
      ? 'breached'
      : paused
        ? 'paused'
        : 'running';
  return {
    metric: cycle.metric,
    cycle: cycle.cycle,
    priority: cycle.priority,
    startedAt: cycle.startedAt,
    targetMinutes,
    ...(dueMs === undefined ? {} : { due: new Date(dueMs).toISOString() }),
    ...(atRiskMs === undefined ? {} : { atRiskAt: new Date(atRiskMs).toISOString() }),
    ...(cycle.stoppedAt ? { stoppedAt: cycle.stoppedAt } : {}),
    status,
    businessSeconds: Math.trunc(used / 1000),
    remainingSeconds: Math.trunc((targetMinutes * MINUTE_MS - used) / 1000),
  };
}

/** Every SLA clock of a case at `now`, under the support rules in force when it was opened. */
export function caseSlaClocks(state: OpenedCase, support: RuleSet['support'], now: Instant): SlaClock[] {
  return state.cycles.map((cycle) => slaClock(cycle, state.channel, support, now));
}

/**
 * The breaches a watcher should record at `now`: cycles past their due instant (running or
 * stopped late) whose breach is not recorded yet. Each is recorded once per metric and cycle.
 */
export function unrecordedBreaches(state: OpenedCase, support: RuleSet['support'], now: Instant): SlaClock[] {
  return caseSlaClocks(state, support, now).filter(
    (clock) => clock.status === 'breached' && !state.breaches.includes(breachKey(clock.metric, clock.cycle)),
  );
}

/**
 * What a deadline watcher waits for next: the at-risk and due instants of every running cycle
 * (not paused, breach not recorded), earliest first. A pending case has no resolution deadline
 * until it is open again; every event on the case can move these, so a watcher re-reads them.
 */
export function slaDeadlines(state: OpenedCase, support: RuleSet['support'], now: Instant) {
  return caseSlaClocks(state, support, now)
    .flatMap(({ metric, cycle, stoppedAt, atRiskAt, due }) =>
      stoppedAt === undefined && due !== undefined && !state.breaches.includes(breachKey(metric, cycle))
        ? [{ metric, cycle, atRiskAt: atRiskAt ?? due, due }]
        : [],
    )
    .sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
}

/**
 * The at-risk alerts a watcher should record at `now`: running cycles (not paused) past their
 * at-risk instant but not yet due, neither alerted nor breached. A cycle already past its due
 * instant gets its breach instead: an at-risk alert after the fact says nothing new.
 */
export function unrecordedAtRisk(state: OpenedCase, support: RuleSet['support'], now: Instant): SlaClock[] {
  return caseSlaClocks(state, support, now).filter((clock) => {
    const key = breachKey(clock.metric, clock.cycle);
    return (
      clock.status === 'running' &&
      clock.atRiskAt !== undefined &&
      Date.parse(clock.atRiskAt) <= Date.parse(now) &&
      !state.atRisk.includes(key) &&
      !state.breaches.includes(key)
    );
  });
}

/**
 * When the deadline watcher has something to record on this case next: the earliest at-risk
 * instant not yet alerted, or due instant not yet recorded, of its running cycles; `now` for a
 * cycle answered late whose breach nobody recorded; undefined when nothing is left to watch
 * (all clocks stopped and recorded, or held by pending). Closing is the watcher's other errand.
 */
export function nextSlaWake(
  state: OpenedCase,
  support: RuleSet['support'],
  now: Instant,
): Instant | undefined {
  if (unrecordedBreaches(state, support, now).length > 0) return now;
  const instants = slaDeadlines(state, support, now).map(({ metric, cycle, atRiskAt, due }) =>
    state.atRisk.includes(breachKey(metric, cycle)) || Date.parse(atRiskAt) >= Date.parse(due)
      ? due
      : atRiskAt,
  );
  return instants.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/** What a solution records: each stopped cycle, its due instant and whether it was met. */
export function slaOutcomes(clocks: readonly SlaClock[]): SlaOutcome[] {
  return clocks.flatMap((clock) =>
    clock.stoppedAt && clock.due
      ? [{ metric: clock.metric, cycle: clock.cycle, due: clock.due, met: clock.status === 'met' }]
      : [],
  );
}
