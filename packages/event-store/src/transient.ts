import { type Backoff, backoffDelay, sleep } from './backoff';
import { StoreUnavailableError } from './errors';

// Connection problems, shutdowns, lock conflicts and resource exhaustion heal by themselves:
// retry. Anything else is the input's (or the code's) fault.
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

/**
 * True when an error is an outage (a database, the store or the bus unreachable, a lock
 * conflict), not something a retry of the same input could never get past. Causes are followed.
 */
export function isTransientError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof StoreUnavailableError) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_PREFIXES.some((p) => code.startsWith(p)))
      return true;
  }
  // gRPC UNAVAILABLE from an unreachable EventStoreDB arrives as a plain Error with code 14.
  if (code === 14) return true;
  if (
    /Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
      err.message,
    )
  ) {
    return true;
  }
  if (err.cause !== undefined && err.cause !== err) return isTransientError(err.cause);
  return false;
}

/**
 * Runs `start` until it succeeds: an outage at start (isTransientError) is waited out with
 * backoff (250 ms growing to 5 s), anything else is thrown. How a service comes up by itself when
 * it was (re)started while its database was down, instead of exiting.
 */
const startBackoff: Backoff = { initialMs: 250, maxMs: 5_000 };

export async function untilReachable<T>(
  what: string,
  start: () => Promise<T>,
  log?: Readonly<{ warn(obj: object, msg: string): void }>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (!isTransientError(err)) throw err;
      log?.warn({ err, attempt }, `${what} not reachable at start; waiting`);
      await sleep(backoffDelay(startBackoff, attempt));
    }
  }
}
