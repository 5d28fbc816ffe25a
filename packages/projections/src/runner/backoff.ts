import type { Backoff } from '@aftersales/event-store';

export type { Backoff } from '@aftersales/event-store';
export { backoffDelay, sleep } from '@aftersales/event-store';

/** A runner's retries after a failed batch or a lost connection: 200 ms up to 10 s, for ever. */
export const defaultBackoff: Backoff = { initialMs: 200, maxMs: 10_000 };
