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

/** The admission gauges say where the adaptive limit stands at the scrape. */
describe('the admission gauges', () => {
  it('read the limit, the requests in service and the queue at each scrape', async () => {
    const metrics = new ApiMetrics(false);
    const admission = { limit: 16, inFlight: 3, queued: 0 };
    metrics.watchAdmission(admission);
    const read = async (name: string) =>
      new RegExp(`^aftersales_api_admission_${name} (\\d+)$`, 'm').exec(
        await metrics.registry.metrics(),
      )?.[1];
    expect([await read('limit'), await read('in_service'), await read('queued')]).toEqual(['16', '3', '0']);
    Object.assign(admission, { limit: 40, inFlight: 40, queued: 212 });
    expect([await read('limit'), await read('in_service'), await read('queued')]).toEqual([
      '40',
      '40',
      '212',
    ]);
  });
});
