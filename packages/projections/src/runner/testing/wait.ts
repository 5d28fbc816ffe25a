import type { EventStore } from '@aftersales/event-store';
import type { Pool } from 'pg';
import type { Projection } from '../projection';
import { readStatuses } from '../status';

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`, { cause: lastError });
}

/** True when every projection's checkpoint sits on the last event it subscribes to. */
export async function caughtUp(
  store: EventStore,
  pool: Pool,
  projections: readonly Projection[],
): Promise<boolean> {
  const statuses = await readStatuses(pool);
  for (const projection of projections) {
    const last = (await store.readAll(projection.filter ? { filter: projection.filter } : {})).at(-1);
    const status = statuses.find((s) => s.name === projection.name);
    if (!status || status.position !== (last?.position ?? null)) return false;
  }
  return true;
}
