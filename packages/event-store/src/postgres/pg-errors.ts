import {
  EventIdConflictError,
  InvalidEventError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../errors';
import type { ExpectedRevision } from '../port';

type PgError = Error & { code?: string; detail?: string; constraint?: string };

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'connection timeout',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
];

/** Connection trouble (not a verdict on the request): refused, timed out, dropped, shutting down. */
export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const { code } = err as PgError;
  if (
    code &&
    (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300')
  ) {
    return true;
  }
  if (err instanceof AggregateError) return err.errors.some(isUnavailable);
  return UNAVAILABLE_MESSAGES.some((message) => err.message.includes(message));
}

/**
 * A pooled connection that died while idle (backend terminated, server restarted): the request
 * never ran, or ran and committed; either way a repeat on a fresh connection is safe for reads
 * and for appends (idempotent by event id). Refused or timed-out connects are not repeated.
 */
export function isDroppedConnection(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const { code } = err as PgError;
  return (
    code === '57P01' ||
    code === '57P02' ||
    err.message.includes('Connection terminated') ||
    err.message.includes('terminating connection') ||
    code === 'ECONNRESET' ||
    code === 'EPIPE'
  );
}

/** Wrong expected revision or ids already stored: possibly a repeat of an earlier append. */
export const isReplayCandidate = (err: unknown) =>
  err instanceof Error && ['ES001', 'ES003'].includes((err as PgError).code ?? '');

/** A unique-key race on append: the append is re-run and then answers precisely. */
export const isUniqueViolation = (err: unknown) => err instanceof Error && (err as PgError).code === '23505';

/** Maps a driver error to ours; anything unknown passes through untouched. */
export function mapPgError(
  err: unknown,
  context: { streamId?: string; expected?: ExpectedRevision } = {},
): unknown {
  if (err instanceof StoreUnavailableError) return err;
  if (isUnavailable(err)) {
    return new StoreUnavailableError(`PostgreSQL event store unavailable: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!(err instanceof Error)) return err;
  const { code, detail, constraint } = err as PgError;
  const streamId = context.streamId ?? 'unknown';
  switch (code) {
    case 'ES001': {
      const actual = BigInt(detail ?? '-1');
      return new WrongExpectedRevisionError(
        streamId,
        context.expected ?? 'any',
        actual < 0n ? 'no_stream' : actual,
        {
          cause: err,
        },
      );
    }
    case 'ES003':
      return new EventIdConflictError('unknown', 'an event id of this append is already stored', {
        cause: err,
      });
    case 'ES002':
      return new EventIdConflictError(detail ?? 'unknown', undefined, { cause: err });
    case '23505':
      return constraint === 'events_event_id_key'
        ? new EventIdConflictError('unknown', 'an event id is already stored in another stream', {
            cause: err,
          })
        : new WrongExpectedRevisionError(streamId, context.expected ?? 'any', 'unknown', { cause: err });
    // Invalid text (e.g. \u0000 in jsonb), bad uuid, value too large.
    case '22P05':
    case '22P02':
    case '22021':
    case '54000':
      return new InvalidEventError(
        `event rejected by the store: ${err.message}`,
        { streamId },
        { cause: err },
      );
    default:
      return err;
  }
}
