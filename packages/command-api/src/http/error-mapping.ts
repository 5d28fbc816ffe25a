import { httpStatusOf, type OpsError } from '@aftersales/ops';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpProblem } from './problem';

/**
 * The ONE place where errors become HTTP statuses. Domain errors are recognised by their
 * `kind` (the domain's error classes carry it), store errors by their `name`, so the mapping
 * holds however many copies of a package the process loaded.
 */
export type MappedError = Readonly<{
  status: number;
  code: string;
  detail: string;
  extensions: Readonly<Record<string, unknown>>;
  headers: Readonly<Record<string, string>>;
  /** Unexpected: logged as an error with its stack. */
  unexpected: boolean;
  /** The stream moved on under the command (counted as a conflict). */
  conflict: boolean;
}>;

type DomainLike = Error & { kind: string; code: string; details?: Record<string, unknown> };

const domainStatus: Readonly<Record<string, number>> = {
  validation: 422,
  'illegal-state': 409,
  'not-found': 404,
  concurrency: 409,
};

function isDomainError(err: unknown): err is DomainLike {
  return (
    err instanceof Error &&
    typeof (err as Partial<DomainLike>).kind === 'string' &&
    typeof (err as Partial<DomainLike>).code === 'string' &&
    (err as DomainLike).kind in domainStatus
  );
}

const opsKinds = new Set(['bad-input', 'not-found', 'unavailable', 'integrity']);

/** An error of the operations (`@aftersales/ops`), which has its own kinds and statuses. */
function isOpsError(err: unknown): err is OpsError {
  return (
    err instanceof Error && err.name === 'OpsError' && opsKinds.has((err as Partial<OpsError>).kind ?? '')
  );
}

/** Codes of node and pg errors that mean "the database cannot be reached right now". */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'StoreUnavailableError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    err.message,
  );
}

const fastifyCodes: Readonly<Record<string, { status: number; code: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body-too-large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid-content-length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty-body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed-json' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'bad-request' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad-url' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'path-too-long' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad-request' },
};

export function mapError(err: unknown, retryAfterSeconds: number): MappedError {
  const base = { extensions: {}, headers: {}, unexpected: false, conflict: false };
  if (err instanceof HttpProblem) {
    return {
      ...base,
      status: err.status,
      code: err.code,
      detail: err.message,
      extensions: err.extensions,
      headers: err.headers,
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({
      in: err.validationContext ?? 'request',
      path: v.instancePath,
      message: v.message ?? 'invalid',
    }));
    return {
      ...base,
      status: 400,
      code: 'invalid-request',
      detail: 'the request does not match its schema',
      extensions: { errors },
    };
  }
  if (isOpsError(err)) {
    return {
      ...base,
      status: httpStatusOf(err.kind),
      code: err.code,
      detail: err.message,
      extensions: err.details ? { details: err.details } : {},
    };
  }
  if (isDomainError(err)) {
    const extensions = err.details ? { details: err.details } : {};
    const conflict = err.kind === 'concurrency';
    return {
      ...base,
      status: domainStatus[err.kind] ?? 422,
      code: err.code,
      detail: err.message,
      extensions,
      conflict,
    };
  }
  if (err instanceof Error && err.name === 'WrongExpectedRevisionError') {
    return {
      ...base,
      status: 409,
      code: 'wrong-expected-revision',
      detail: 'the stream has moved on; read it again and retry',
      conflict: true,
    };
  }
  if (isUnavailable(err)) {
    return {
      ...base,
      status: 503,
      code: 'store-unavailable',
      detail: 'the event store cannot be reached right now; retry later',
      headers: { 'retry-after': String(retryAfterSeconds) },
    };
  }
  const fastifyCode = (err as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && fastifyCode in fastifyCodes) {
    const known = fastifyCodes[fastifyCode] as { status: number; code: string };
    return { ...base, ...known, detail: (err as Error).message };
  }
  if (err instanceof SyntaxError)
    return { ...base, status: 400, code: 'malformed-json', detail: err.message };
  const statusCode = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { ...base, status: statusCode, code: 'bad-request', detail: (err as Error).message };
  }
  return {
    ...base,
    status: 500,
    code: 'internal-error',
    detail: 'an unexpected error occurred',
    unexpected: true,
  };
}
