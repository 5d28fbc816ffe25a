import { ErrorType, isCommandError } from '@eventstore/db-client';
import { InvalidEventError, StoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type { ExpectedRevision } from '../port';

/** gRPC status codes that mean "the server is not there (now)". */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

const TRANSIENT_TYPES = new Set<ErrorType>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
]);

/**
 * Maps client errors to ours. An unreachable server often surfaces as a plain `Error` carrying the
 * gRPC code (14, or 4 once the deadline passes), not as one of the client's typed errors.
 */
export function mapEsdbError(
  err: unknown,
  context: { streamId?: string; expected?: ExpectedRevision } = {},
): unknown {
  if (!(err instanceof Error)) return err;
  const streamId = context.streamId ?? 'unknown';
  if (isCommandError(err)) {
    if (err.type === ErrorType.WRONG_EXPECTED_VERSION) {
      return new WrongExpectedRevisionError(streamId, context.expected ?? 'any', err.actualVersion, {
        cause: err,
      });
    }
    if (TRANSIENT_TYPES.has(err.type)) return unavailable(err);
    if (err.type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED || err.type === ErrorType.INVALID_ARGUMENT) {
      return new InvalidEventError(
        `event rejected by EventStoreDB: ${err.message}`,
        { streamId },
        { cause: err },
      );
    }
    return err;
  }
  const { code } = err as Error & { code?: unknown };
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return unavailable(err);
  return err;
}

const unavailable = (err: Error) =>
  new StoreUnavailableError(`EventStoreDB unavailable: ${err.message}`, { cause: err });
