import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import {
  append,
  customerData,
  decisionsOf,
  type Fixture,
  openFixture,
  recordingChannel,
  silentLog,
  waitFor,
} from '../../test/support';
import { ManualClock } from '../clock';
import { type NotifierHandle, startNotifier } from '../notifier';

// Embedded mode: no NATS; an in-process relay feeds the in-process bus.
const BASE = '2026-06-10T08:00:00.000Z';
let fx: Fixture;
let notifier: NotifierHandle;
const email = recordingChannel('email');

beforeAll(async () => {
  fx = await openFixture('notifier_embedded');
  notifier = await startNotifier({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    clock: new ManualClock(BASE),
    channels: { email },
  });
});

afterAll(async () => {
  await notifier?.stop();
  await fx?.close();
});

describe('embedded mode (in-process bus)', () => {
  it('relays, decides and sends without NATS, and resumes from its checkpoint after a restart', async () => {
    expect(notifier.mode).toBe('embedded');
    const customerId = uniqueId('c');
    const orderId = uniqueId('o');
    await append(
      fx.store,
      `customer-${customerId}`,
      'CustomerRegistered',
      customerData(customerId, { language: 'en' }),
      BASE,
    );
    const delay = (newEstimate: string) =>
      append(
        fx.store,
        `order-${orderId}`,
        'ShipmentDelayed',
        {
          orderId,
          customerId,
          shipmentId: 's',
          previousEstimatedDeliveryAt: BASE,
          newEstimatedDeliveryAt: newEstimate,
          reason: 'weather',
          delayedAt: BASE,
        },
        BASE,
      );
    await delay('2026-06-12T08:00:00.000Z');
    const sent = async () => (await decisionsOf(fx.pool, customerId)).filter((d) => d.decision === 'sent');
    await waitFor(async () => ((await sent()).length === 1 ? true : undefined), 45_000, 'the first message');

    await notifier.stop();
    notifier = await startNotifier({
      store: fx.store,
      pool: fx.pool,
      log: silentLog,
      clock: new ManualClock(BASE),
      channels: { email },
    });
    await delay('2026-06-14T08:00:00.000Z');
    await waitFor(async () => ((await sent()).length === 2 ? true : undefined), 45_000, 'the second message');
    expect(email.sent.filter((m) => m.to === `${customerId}@example.test`).map((m) => m.rule)).toEqual([
      'shipment-delayed',
      'shipment-delayed',
    ]);
  });
});
