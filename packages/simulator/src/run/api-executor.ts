import type { PlannedCommand } from '../plan/types';
import { apiRequestFor } from './api-requests';
import type { CommandOutcome, Executor } from './outcome';

export type ApiExecutorOptions = Readonly<{
  /** e.g. `http://localhost:3000` */
  url: string;
  apiKey: string;
  /** Attempts for one command when the API sheds load (429/503) or the connection drops. */
  maxAttempts?: number;
}>;

type CommandResult = Readonly<{
  events: readonly { type: string }[];
  related: readonly { events: readonly { type: string }[] }[];
}>;

export class ApiUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiUnavailableError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends each planned command through the HTTP API with its business time (`occurredAt`) and its
 * Idempotency-Key, so a re-run (or a retry after a dropped connection) is answered with the first
 * response instead of appending again. Back-pressure (429, 503) is honoured by waiting Retry-After.
 */
export function apiExecutor(options: ApiExecutorOptions): Executor {
  const base = options.url.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 8;

  return async (planned: PlannedCommand): Promise<CommandOutcome> => {
    const request = apiRequestFor(planned.command);
    const body = JSON.stringify({ ...request.body, occurredAt: planned.occurredAt });
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${base}${request.path}`, {
          method: request.method,
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            'content-type': 'application/json',
            'idempotency-key': planned.idempotencyKey,
          },
          body,
        });
      } catch (err) {
        if (attempt >= maxAttempts) throw new ApiUnavailableError(`${base} unreachable`, { cause: err });
        await sleep(Math.min(200 * 2 ** attempt, 5_000));
        continue;
      }
      if (response.ok) {
        const result = (await response.json()) as CommandResult;
        const eventTypes = [result.events, ...result.related.map((r) => r.events)].flat().map((e) => e.type);
        return { status: 'applied', eventTypes };
      }
      const retryable = response.status === 429 || response.status === 503 || response.status >= 500;
      if (retryable && attempt < maxAttempts) {
        await response.body?.cancel();
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 500 * attempt);
        continue;
      }
      const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
      if (response.status === 401 || response.status === 403 || retryable) {
        throw new ApiUnavailableError(
          `${request.method} ${request.path}: ${response.status} ${problem.code ?? ''}`,
        );
      }
      return {
        status: 'refused',
        code: problem.code ?? `http-${response.status}`,
        message: problem.detail ?? response.statusText,
      };
    }
  };
}
