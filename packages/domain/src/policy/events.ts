import type { Event, Instant } from '../shared/event';
import type { RuleSet } from '../shared/rules';

/**
 * A new version of the whole policy document, in force from `effectiveFrom` on (stream `policy`).
 * Versions count from 1 in the order they were recorded; version 0 is the built-in default.
 */
export type PolicyChanged = Event<
  'PolicyChanged',
  {
    version: number;
    effectiveFrom: Instant;
    /** Who changed it (the API key or operator) and why, for the audit. */
    author: string;
    reason: string;
    document: RuleSet;
    changedAt: Instant;
  }
>;

export type PolicyEvent = PolicyChanged;
