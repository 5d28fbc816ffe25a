import type { CaseChannel, CasePriority } from './events';

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
