import { ValidationError } from '../shared/errors';
import { requireText } from '../shared/validation';
import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  type CaseAssignee,
  type CaseAuthor,
  type CaseChannel,
  type CasePriority,
  type CaseSubject,
  type MessageDirection,
} from './events';

/** Guards for case commands; each failure names its field, never the value (it may be personal). */

const SUBJECT_TYPES: readonly CaseSubject['type'][] = ['order', 'return', 'repair'];
/** Long enough for an e-mail thread's worth of text, short enough to keep a stream readable. */
const MAX_BODY = 20_000;

function oneOf<T extends string>(allowed: readonly T[], value: unknown, code: string, field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(code, `${field} must be one of ${allowed.join(', ')}`, { field });
  }
  return value as T;
}

export const requireId = (value: unknown, field: string) => requireText(value, 'invalid-id', field, 200);

export const optionalId = (value: unknown, field: string) =>
  value === undefined || value === null ? undefined : requireId(value, field);

export const requireChannel = (value: unknown): CaseChannel =>
  oneOf(CASE_CHANNELS, value, 'invalid-channel', 'channel');

export const requirePriority = (value: unknown): CasePriority =>
  oneOf(CASE_PRIORITIES, value, 'invalid-priority', 'priority');

export const requireDirection = (value: unknown): MessageDirection =>
  oneOf(['in', 'out'] as const, value, 'invalid-direction', 'direction');

export const requireBody = (value: unknown): string =>
  requireText(value, 'invalid-message-body', 'body', MAX_BODY);

export const requireAgentId = (value: unknown): string =>
  requireText(value, 'invalid-agent-id', 'agentId', 200);

export function requireOpenedBy(value: unknown): CaseAuthor {
  const author = (value ?? {}) as { type?: unknown; agentId?: unknown };
  const type = oneOf(['customer', 'agent'] as const, author.type, 'invalid-opened-by', 'openedBy.type');
  return type === 'customer' ? { type } : { type, agentId: requireAgentId(author.agentId) };
}

export function requireSubject(value: unknown): CaseSubject {
  const subject = (value ?? {}) as { type?: unknown; id?: unknown };
  return {
    type: oneOf(SUBJECT_TYPES, subject.type, 'invalid-subject', 'subject.type'),
    id: requireText(subject.id, 'invalid-subject', 'subject.id', 200),
  };
}

export function requireAssignee(value: unknown): CaseAssignee {
  const assignee = (value ?? {}) as { type?: unknown; id?: unknown };
  return {
    type: oneOf(['agent', 'team'] as const, assignee.type, 'invalid-assignee', 'assignee.type'),
    id: requireText(assignee.id, 'invalid-assignee', 'assignee.id', 200),
  };
}
