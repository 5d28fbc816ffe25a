import { afterAll, describe, expect, it } from 'vitest';
import { ids } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';
import { buildApp } from '../app';
import { ApiMetrics } from '../observability/metrics';

// The per-key limit lives in Postgres (`api_rate_limits`): two API instances over one database
// share one budget per key, as replicas behind a balancer must.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Waits, if needed, so that the requests that follow fall in one clock-aligned minute. */
async function atStartOfWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe('rate limit across replicas', () => {
  let h: Harness;

  it('gives a key one budget across two API instances, and each key its own', async () => {
    h = await startHarness({ config: { rateLimitPerMinute: 10 } });
    cleanups.push(() => h.close());
    const second = await buildApp({
      store: h.store,
      pool: h.pool,
      logger: false,
      metrics: new ApiMetrics(false),
      config: { rateLimitPerMinute: 10, maxEventLoopDelayMs: 0 },
    });
    cleanups.push(() => second.close());
    const replicas = [h.app, second];
    await atStartOfWindow();
    const statuses: number[][] = [[], []];
    for (let i = 0; i < 16; i++) {
      const response = await replicas[i % 2]?.inject({
        method: 'GET',
        url: `/v1/orders/${ids().orderId}`,
        headers: { authorization: `Bearer ${h.keys.reader}` },
      });
      statuses[i % 2]?.push(response?.statusCode ?? 0);
    }
    // 10 in all, alternating: 5 from each, then the rest refused by both.
    expect(statuses[0]).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    expect(statuses[1]).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    const limited = await second.inject({
      method: 'GET',
      url: '/v1/orders/x',
      headers: { authorization: `Bearer ${h.keys.reader}` },
    });
    expect(limited.json()).toMatchObject({ status: 429, code: 'rate-limited' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const { rows } = await h.pool.query<{ hits: number }>(
      "SELECT hits FROM api_rate_limits WHERE bucket LIKE 'key:reader-%'",
    );
    expect(rows.map((r) => r.hits)).toEqual([17]);
    // Another key still has its whole budget, on either instance.
    const other = await h.app.inject({
      method: 'GET',
      url: '/v1/orders/x',
      headers: { authorization: `Bearer ${h.keys.all}` },
    });
    expect(other.statusCode).toBe(404);
  });
});
