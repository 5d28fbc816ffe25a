import { ensureNotifierSchema } from '@aftersales/notifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { caller, opsFixture, placeOrder, registerCustomer } from '../../test/fixtures';
import { Operations } from '../ops';
import { projectionOpsFrom } from './delegate';

describe('projection operations delegated to @aftersales/projections', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  let ops: Operations;

  beforeAll(async () => {
    fx = await opsFixture('ops_projections');
    const customerId = uniqueId('c-');
    await registerCustomer(fx.store, customerId, {
      name: 'Yara Hosseini',
      email: `${customerId}@example.com`,
    });
    await placeOrder(fx.store, uniqueId('o-'), customerId);
    await fx.settle();
    const base = { store: fx.store, pool: fx.pool, keys: fx.keys, erasers: fx.erasers };
    ops = new Operations({ ...base, projections: projectionOpsFrom(base) });
  });
  afterAll(() => fx?.close());

  it('rebuilds every projection, reporting progress, and then shows their status', async () => {
    const progress: bigint[] = [];
    const results = (await ops.rebuild(caller, 'all', ({ done }) => progress.push(done))) as {
      name: string;
    }[];
    expect(results.map((result) => result.name).sort()).toEqual(
      [
        'loyalty',
        'retention',
        'support',
        'ops_order_status',
        'ops_cases',
        'ops_customer_timeline',
        'private_desk_lookup',
      ].sort(),
    );
    expect(progress.length).toBeGreaterThan(0);
    const lag = (await ops.lag(caller)) as { statuses: { name: string }[] };
    expect(lag.statuses.map((status) => status.name)).toContain('ops_order_status');
  });

  it('names unknown projections and dead letters as not found', async () => {
    await expect(ops.rebuild(caller, 'nope')).rejects.toMatchObject({ code: 'unknown-projection' });
    await expect(ops.retryDeadLetter(caller, 'loyalty', 424242)).rejects.toMatchObject({
      code: 'unknown-dead-letter',
    });
    expect(await ops.deadLetters(caller)).toEqual([]);
  });

  it("lists the notifier's dead letters beside the projections', and retries them", async () => {
    await ensureNotifierSchema(fx.pool);
    const { rows } = await fx.pool.query<{ id: string }>(
      `INSERT INTO notifier.dead_letters (event_id, event_type, subject, payload, error, deliveries, at)
       VALUES (NULL, NULL, 'aftersales.events.Garbage', 'not json', 'PoisonMessageError: message is not JSON', 1, now())
       RETURNING id`,
    );
    const id = Number(rows[0]?.id);
    const all = (await ops.deadLetters(caller)) as { projection: string; id: number; error: string }[];
    expect(all).toEqual([
      expect.objectContaining({
        projection: 'notifier',
        id,
        error: 'PoisonMessageError: message is not JSON',
      }),
    ]);
    expect(await ops.deadLetters(caller, 'notifier')).toEqual(all);
    expect(await ops.deadLetters(caller, 'loyalty')).toEqual([]);
    expect(await ops.retryDeadLetter(caller, 'notifier', id)).toEqual({
      resolved: false,
      error: 'the message cannot be decoded: nothing to apply',
    });
    await expect(ops.retryDeadLetter(caller, 'notifier', 424242)).rejects.toMatchObject({
      code: 'unknown-dead-letter',
    });
  });
});
