import { StoreUnavailableError } from '@aftersales/event-store';

/** A checkpoint update touched no row: another runner moved the checkpoint (or a rebuild swapped). */
export class CheckpointConflictError extends Error {
  readonly code = 'checkpoint-conflict';
  constructor(
    readonly projection: string,
    readonly expected: bigint | null,
    options?: { cause?: unknown },
  ) {
    super(`checkpoint of ${projection} is no longer ${expected ?? 'NULL'}: another writer moved it`, options);
    this.name = 'CheckpointConflictError';
  }
}

/** The projection stopped on a poison event (policy `stop`). */
export class ProjectionStoppedError extends Error {
  readonly code = 'projection-stopped';
  constructor(
    readonly projection: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`projection ${projection} stopped: ${reason}`, options);
    this.name = 'ProjectionStoppedError';
  }
}

// Connection problems, shutdowns, lock conflicts and resource exhaustion heal by themselves:
// retry. Anything else raised while applying events is the event's (or the code's) fault.
const TRANSIENT_SQLSTATE_PREFIXES = ['08', '53', '57P', '40001', '40P01', '55P03', '58'];
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** True when an error is an outage (database or store unreachable), not a poison event. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof CheckpointConflictError || err instanceof StoreUnavailableError) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_PREFIXES.some((p) => code.startsWith(p)))
      return true;
  }
  // gRPC UNAVAILABLE from an unreachable EventStoreDB arrives as a plain Error with code 14.
  if (code === 14) return true;
  if (
    /Connection terminated|connection (is )?closed|Client has encountered a connection error/i.test(
      err.message,
    )
  ) {
    return true;
  }
  if (err.cause !== undefined && err.cause !== err) return isTransient(err.cause);
  return false;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
