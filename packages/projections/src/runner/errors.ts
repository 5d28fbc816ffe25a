import { isTransientError } from '@aftersales/event-store';

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

/** True when an error is an outage (database or store unreachable), not a poison event. */
export function isTransient(err: unknown): boolean {
  return err instanceof CheckpointConflictError || isTransientError(err);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
