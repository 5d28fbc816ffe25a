import {
  ApiUnavailableError,
  createClient,
  type Input,
  type OperationId,
  ProblemError,
} from '@aftersales/client';
import type { PlannedCommand } from '../plan/types';
import { apiCallFor } from './api-requests';
import type { CommandOutcome, Executor } from './outcome';

export { ApiUnavailableError };

export type ApiExecutorOptions = Readonly<{
  /** e.g. `http://localhost:3000` */
  url: string;
  apiKey: string;
  /** How long one command keeps retrying while the API sheds load or is unreachable. */
  deadlineMs?: number;
}>;

type CommandResult = Readonly<{
  events: readonly { type: string }[];
  related: readonly { events: readonly { type: string }[] }[];
}>;

/**
 * Sends each planned command through the API client with its business time (`occurredAt`) and
 * its Idempotency-Key, so a re-run (or a retry after a dropped connection) is answered with the
 * first response instead of appending again. The client retries what says "try again" (429, 503,
 * a key in use) until its deadline; a refusal is the planned command's outcome.
 */
export function apiExecutor(options: ApiExecutorOptions): Executor {
  const client = createClient({
    baseUrl: options.url,
    apiKey: options.apiKey,
    deadlineMs: options.deadlineMs ?? 60_000,
  });
  return async (planned: PlannedCommand): Promise<CommandOutcome> => {
    const { operationId, input } = apiCallFor(planned.command);
    const given = input as Input<OperationId> & { body?: object };
    const withTime = {
      ...given,
      body: { ...(given.body ?? {}), occurredAt: planned.occurredAt },
      idempotencyKey: planned.idempotencyKey,
    };
    try {
      const answer = await client.call(operationId, withTime as never);
      const result = answer.data as CommandResult;
      const eventTypes = [result.events, ...result.related.map((r) => r.events)].flat().map((e) => e.type);
      return { status: 'applied', eventTypes };
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      if (err.status === 401 || err.status === 403) {
        throw new ApiUnavailableError(operationId, `${err.status} ${err.code}`, err.status, { cause: err });
      }
      return { status: 'refused', code: err.code, message: err.problem.detail ?? err.problem.title };
    }
  };
}
