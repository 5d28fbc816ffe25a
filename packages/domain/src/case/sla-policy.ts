import { CASE_CHANNELS, CASE_PRIORITIES, type CaseChannel, type CasePriority } from './events';

/** What an SLA measures (see DESIGN.md "Support cases"). */
export const SLA_METRICS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Business minutes allowed per metric. */
export type SlaTargets = Readonly<Record<SlaMetric, number>>;

/**
 * SLA targets as data: one set per priority, and per channel where a channel is answered faster
 * (chat). A channel override names the metrics it changes, for every priority (`any`) or for one.
 */
export type SlaPolicy = Readonly<{
  targets: Readonly<Record<CasePriority, SlaTargets>>;
  byChannel: Readonly<
    Partial<Record<CaseChannel, Readonly<Partial<Record<CasePriority | 'any', Partial<SlaTargets>>>>>>
  >;
  /** Share of a target after which a running cycle is at risk (the `sla-at-risk` alert). */
  atRiskShare: number;
}>;

const HOUR = 60;

export const defaultSlaPolicy: SlaPolicy = {
  targets: {
    urgent: { firstResponse: 1 * HOUR, nextResponse: 2 * HOUR, resolution: 8 * HOUR },
    high: { firstResponse: 4 * HOUR, nextResponse: 8 * HOUR, resolution: 24 * HOUR },
    normal: { firstResponse: 8 * HOUR, nextResponse: 16 * HOUR, resolution: 40 * HOUR },
    low: { firstResponse: 24 * HOUR, nextResponse: 24 * HOUR, resolution: 80 * HOUR },
  },
  byChannel: { chat: { any: { firstResponse: 10 } } },
  atRiskShare: 0.75,
};

/** The business minutes a metric allows a case of this priority on this channel. */
export function slaTargetMinutes(
  policy: SlaPolicy,
  metric: SlaMetric,
  priority: CasePriority,
  channel: CaseChannel,
): number {
  const channelTargets = policy.byChannel[channel];
  return (
    channelTargets?.[priority]?.[metric] ?? channelTargets?.any?.[metric] ?? policy.targets[priority][metric]
  );
}

const isMinutes = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;

/** Why an SLA policy cannot be used, or null when it can: every target whole minutes, at least 1. */
export function slaPolicyProblem(policy: SlaPolicy): string | null {
  if (!(policy.atRiskShare > 0 && policy.atRiskShare < 1)) return 'atRiskShare must be between 0 and 1';
  for (const priority of CASE_PRIORITIES) {
    for (const metric of SLA_METRICS) {
      if (!isMinutes(policy.targets[priority]?.[metric]))
        return `targets.${priority}.${metric} must be whole minutes ≥ 1`;
    }
  }
  for (const [channel, overrides] of Object.entries(policy.byChannel)) {
    if (!(CASE_CHANNELS as readonly string[]).includes(channel))
      return `byChannel.${channel} is not a channel`;
    for (const [scope, targets] of Object.entries(overrides ?? {})) {
      if (scope !== 'any' && !(CASE_PRIORITIES as readonly string[]).includes(scope)) {
        return `byChannel.${channel}.${scope} is neither a priority nor any`;
      }
      for (const [metric, minutes] of Object.entries(targets ?? {})) {
        if (!(SLA_METRICS as readonly string[]).includes(metric))
          return `byChannel.${channel}.${scope}.${metric} is not a metric`;
        if (!isMinutes(minutes)) return `byChannel.${channel}.${scope}.${metric} must be whole minutes ≥ 1`;
      }
    }
  }
  return null;
}
