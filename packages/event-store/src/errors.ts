import { ConcurrencyError, ValidationError } from '@aftersales/domain';
import type { ExpectedRevision } from './port';

const describeRevision = (revision: ExpectedRevision | 'unknown') =>
  typeof revision === 'bigint' ? revision.toString() : revision;

/**
 * The stream moved on since it was read. `actual` is the stream's last revision,
 * or `'no_stream'` when it does not exist (when the store can tell).
 */
export class WrongExpectedRevisionError extends ConcurrencyError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream' | 'unknown',
    options?: { cause?: unknown },
  ) {
    super(
      'wrong-expected-revision',
      `stream ${streamId}: expected revision ${describeRevision(expected)}, actual ${describeRevision(actual)}`,
      { streamId, expected: describeRevision(expected), actual: describeRevision(actual) },
      options,
    );
  }
}

/** The store cannot be reached (or dropped the connection). Callers may retry later. */
export class StoreUnavailableError extends Error {
  readonly code = 'store-unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** An event is malformed (missing id, empty type, non-object data, ...). Nothing was appended. */
export class InvalidEventError extends ValidationError {
  constructor(message: string, details?: Readonly<Record<string, unknown>>, options?: { cause?: unknown }) {
    super('invalid-event', message, details, options);
  }
}

/**
 * An event id is already stored with other content (another stream, type, data or metadata).
 * Retrying the very same append is fine; reusing an id for something else is not.
 */
export class EventIdConflictError extends ValidationError {
  constructor(
    readonly eventId: string,
    message = `event id ${eventId} is already stored with other content`,
    options?: { cause?: unknown },
  ) {
    super('event-id-conflict', message, { eventId }, options);
  }
}

/**
 * A linked append (`EventStore.appendLinked`) was not stored, as a whole: some part would not
 * have been stored exactly as given. Appending the parts one by one tells which and why.
 */
export class LinkedAppendRefusedError extends Error {
  readonly code = 'linked-append-refused' as const;
  constructor(
    readonly streamIds: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`the linked append to ${streamIds.join(', ')} was refused as a whole`, options);
    this.name = 'LinkedAppendRefusedError';
  }
}
