import { ApiUnavailableError, type Problem, ProblemError } from './errors';
import type { operations } from './generated/api';
import { operationTable } from './generated/operations';

export type OperationId = keyof operations & keyof typeof operationTable;

type Parameters<K extends OperationId> = operations[K]['parameters'];
type PathOf<K extends OperationId> = NonNullable<Parameters<K>['path']>;
type QueryOf<K extends OperationId> = NonNullable<Parameters<K>['query']>;
type RequestBodyOf<K extends OperationId> = NonNullable<operations[K]['requestBody']>;
type BodyOf<K extends OperationId> = [RequestBodyOf<K>] extends [never]
  ? never
  : RequestBodyOf<K> extends { content: { 'application/json': infer B } }
    ? B
    : never;
type Responses<K extends OperationId> = operations[K]['responses'];
type SuccessStatus<K extends OperationId> = Extract<keyof Responses<K>, 200 | 201>;

/** What an operation answers when it succeeds (its 200 or 201 body). */
export type Success<K extends OperationId> = Responses<K>[SuccessStatus<K>] extends {
  content: { 'application/json': infer R };
}
  ? R
  : unknown;

/** The input of an operation: its path parameters, query and body, as the document types them. */
export type Input<K extends OperationId> = ([PathOf<K>] extends [never] ? unknown : { path: PathOf<K> }) &
  ([QueryOf<K>] extends [never] ? unknown : { query?: QueryOf<K> }) &
  ([BodyOf<K>] extends [never] ? unknown : { body: BodyOf<K> }) & {
    /** Default: a new one per call, kept across its retries, so a retry never runs it twice. */
    idempotencyKey?: string;
    /** The `ETag` of the state the caller decided on: a conflict is then a ProblemError 409. */
    ifMatch?: string;
  };

export type Answer<K extends OperationId> = Readonly<{
  status: number;
  data: Success<K>;
  /** The stream's revision after a command, or as read. */
  etag?: string;
  /** The first answer of this Idempotency-Key, replayed. */
  replayed: boolean;
}>;

export type ClientOptions = Readonly<{
  /** e.g. `http://localhost:3000` */
  baseUrl: string;
  apiKey: string;
  /** How long one call keeps retrying answers that say "try again" (429, 503, a key in use). */
  deadlineMs?: number;
  fetch?: typeof fetch;
  /** The pause before a retry when the answer gives no Retry-After (attempt from 1). */
  backoffMs?: (attempt: number) => number;
}>;

export type Client = { [K in OperationId]: (input: Input<K>) => Promise<Answer<K>> } & {
  call: <K extends OperationId>(operationId: K, input: Input<K>) => Promise<Answer<K>>;
};

const WRITES = new Set(['POST', 'PUT', 'PATCH']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const defaultBackoff = (attempt: number) => Math.min(5_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);

/** Whether an answer means "the same request may succeed later" rather than a refusal. */
function retryable(status: number, problem: Problem | undefined): boolean {
  if (status === 429 || status === 502 || status === 503 || status === 504) return true;
  return status === 409 && problem?.code === 'idempotency-key-in-use';
}

function urlOf(baseUrl: string, path: string, input: Record<string, unknown>): string {
  const params = (input.path ?? {}) as Record<string, string | number>;
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined) query.set(name, String(value));
  }
  const search = query.size > 0 ? `?${query}` : '';
  return `${baseUrl.replace(/\/+$/, '')}${filled}${search}`;
}

/**
 * A typed client of every operation of the API (one method per operationId, generated from the
 * served OpenAPI document). Writes carry an `Idempotency-Key` (given, or a new one per call) so
 * that retries are safe; answers that say "try again" (429, 503, a key still in use, a dropped
 * connection) are retried, honouring `Retry-After`, until the deadline; refusals come back as
 * `ProblemError` with the problem's stable `code`.
 */
export function createClient(options: ClientOptions): Client {
  const send = options.fetch ?? fetch;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const backoff = options.backoffMs ?? defaultBackoff;

  const call = async <K extends OperationId>(operationId: K, input: Input<K>): Promise<Answer<K>> => {
    const { method, path } = operationTable[operationId];
    const given = input as Record<string, unknown> & { idempotencyKey?: string; ifMatch?: string };
    const url = urlOf(options.baseUrl, path, given);
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
    let body: string | undefined;
    if (WRITES.has(method)) {
      headers['idempotency-key'] = given.idempotencyKey ?? crypto.randomUUID();
      headers['content-type'] = 'application/json';
      body = JSON.stringify(given.body ?? {});
    }
    if (given.ifMatch !== undefined) headers['if-match'] = given.ifMatch;
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await send(url, { method, headers, ...(body === undefined ? {} : { body }) });
      } catch (err) {
        if (Date.now() + backoff(attempt) > deadline) {
          throw new ApiUnavailableError(operationId, `${url} unreachable`, undefined, { cause: err });
        }
        await sleep(backoff(attempt));
        continue;
      }
      const text = await response.text();
      const parsed = text === '' ? undefined : bodyOf(text, response.headers.get('content-type'));
      if (response.ok) {
        const etag = response.headers.get('etag');
        return {
          status: response.status,
          data: parsed as Success<K>,
          ...(etag ? { etag } : {}),
          replayed: response.headers.get('idempotent-replayed') === 'true',
        };
      }
      const problem = parsed as Problem | undefined;
      if (!retryable(response.status, problem)) {
        throw new ProblemError(
          operationId,
          problem ?? {
            type: 'about:blank',
            title: response.statusText,
            status: response.status,
            code: `http-${response.status}`,
          },
        );
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      const pause = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff(attempt);
      if (Date.now() + pause > deadline) {
        throw new ApiUnavailableError(
          operationId,
          `still ${response.status} ${problem?.code ?? ''} at the deadline`,
          response.status,
        );
      }
      await sleep(pause);
    }
  };

  const client = { call } as Client;
  for (const operationId of Object.keys(operationTable) as OperationId[]) {
    (client as Record<string, unknown>)[operationId] = (input: Input<typeof operationId>) =>
      call(operationId, input);
  }
  return client;
}

/**
 * JSON, as every operation but a few answers; a page (`docsPage`) or the metrics come back as
 * their text.
 */
function bodyOf(text: string, contentType: string | null): unknown {
  if (contentType !== null && !/[/+]json\b/i.test(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return JSON.parse(text) as unknown;
}
