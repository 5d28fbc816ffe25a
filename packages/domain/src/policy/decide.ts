import type { Decider } from '../shared/decider';
import { unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Instant } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { isBefore } from '../shared/time';
import { requireInstant, requireText } from '../shared/validation';
import type { PolicyChanged, PolicyEvent } from './events';
import { parsePolicyDocument } from './schema';

export type ChangePolicy = Command<
  'ChangePolicy',
  {
    document: unknown;
    /** Default: the command's business time (at once). */
    effectiveFrom?: Instant;
    author: string;
    reason: string;
  }
>;
export type PolicyCommand = ChangePolicy;

/**
 * The versions recorded so far and the last change (the timeline is built from the events, see
 * `policyTimeline`).
 */
export type PolicyState = Readonly<{ version: number; last?: PolicyChanged['data'] }>;

export const initialPolicyState = (): PolicyState => ({ version: 0 });

export function evolvePolicy(state: PolicyState, event: PolicyEvent): PolicyState {
  switch (event.type) {
    case 'PolicyChanged':
      return { version: Math.max(state.version, event.data.version), last: event.data };
    default: {
      const _exhaustive: never = event.type;
      return state;
    }
  }
}

/**
 * 1. the document passes the one schema (every issue is listed in the refusal);
 * 2. it takes effect now or later, never before the change's own business time: what was
 *    decided before a change was recorded stays decided by the version it was decided by;
 * 3. the same change again (a retried PUT) records nothing.
 */
function changePolicy({ data }: ChangePolicy, state: PolicyState, { now }: DecisionContext): PolicyEvent[] {
  const parsed = parsePolicyDocument(data.document);
  if (!parsed.ok) {
    throw new ValidationError('invalid-policy', 'the policy document does not pass the policy schema', {
      field: 'document',
      issues: parsed.issues,
    });
  }
  const effectiveFrom =
    data.effectiveFrom === undefined
      ? now
      : new Date(requireInstant(data.effectiveFrom, 'effectiveFrom')).toISOString();
  if (isBefore(effectiveFrom, now)) {
    throw new ValidationError(
      'policy-effective-in-past',
      'a policy change cannot take effect before it is made',
      {
        field: 'effectiveFrom',
        effectiveFrom,
        now,
      },
    );
  }
  const author = requireText(data.author, 'invalid-author', 'author', 200);
  const reason = requireText(data.reason, 'invalid-reason', 'reason', 1_000);
  const { last } = state;
  if (
    last &&
    last.effectiveFrom === effectiveFrom &&
    last.author === author &&
    last.reason === reason &&
    canonicalJson(last.document) === canonicalJson(parsed.document)
  ) {
    return [];
  }
  return [
    {
      type: 'PolicyChanged',
      data: {
        version: state.version + 1,
        effectiveFrom,
        author,
        reason,
        document: parsed.document,
        changedAt: now,
      },
    },
  ];
}

/** JSON with the keys of every object sorted: equal documents give equal texts. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function decide(command: PolicyCommand, state: PolicyState, context: DecisionContext): PolicyEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'ChangePolicy':
      return changePolicy(command, state, context);
    default: {
      const _exhaustive: never = command.type;
      return unknownCommand(command);
    }
  }
}

export const policyDecider: Decider<PolicyCommand, PolicyEvent, PolicyState, DecisionContext> = {
  initialState: initialPolicyState,
  evolve: evolvePolicy,
  decide,
};
