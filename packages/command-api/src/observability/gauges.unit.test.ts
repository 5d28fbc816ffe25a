import { describe, expect, it } from 'vitest';
import { ApiMetrics } from './metrics';

/** `aftersales_api_store_up` is read at every scrape: what the store answers then. */
describe('the store-up gauge', () => {
  const scraped = async (check: () => Promise<unknown>) => {
    const metrics = new ApiMetrics(false);
    metrics.watchStore(check);
    const text = await metrics.registry.metrics();
    return /^aftersales_api_store_up (\d+)$/m.exec(text)?.[1];
  };

  it('says 1 when the store answers, 0 when it fails or does not answer within 2 s', async () => {
    expect(await scraped(async () => 42n)).toBe('1');
    expect(await scraped(() => Promise.reject(new Error('connection refused')))).toBe('0');
    expect(await scraped(() => new Promise(() => undefined))).toBe('0');
  });
});
