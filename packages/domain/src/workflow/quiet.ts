import type { AggregateName } from './commands';

/**
 * The aggregates none of whose events `reactionsTo` answers with a reaction: a command on one of
 * them has no follow-ups to plan, so a runner may decide it together with the commands waiting
 * for the same stream (a hot loyalty stream: many redemptions at once). A reaction to an event of
 * one of these aggregates must take it out of this list (quiet.unit.test.ts checks the loyalty
 * and customer events the domain's fixtures produce).
 */
export const QUIET_AGGREGATES: ReadonlySet<AggregateName> = new Set<AggregateName>(['loyalty', 'customer']);
