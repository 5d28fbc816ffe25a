import { openPersonalData, PostgresKeyStore, ShreddingEventStore } from '@aftersales/privacy';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { append, customerData, type Fixture, openFixture, silentLog, waitFor } from '../../test/support';
import { ManualClock } from '../clock';
import { decodeEnvelope } from '../envelope';
import { type NotifierHandle, startNotifier } from '../notifier';
import { type RelayHandle, startRelay } from '../relay/relay';

/**
 * Crypto-shredding reaches the bus: the relay reads the log without the decorator, so JetStream
 * (which keeps messages on disk) holds personal fields sealed; the notifier opens them with the
 * customer's key, and once the key is destroyed the copies on the bus are unreadable too.
 */
let fx: Fixture;
let keys: PostgresKeyStore;
let relay: RelayHandle;
let notifier: NotifierHandle;

beforeAll(async () => {
  fx = await openFixture('notifier_sealed');
  keys = new PostgresKeyStore(fx.pool);
  await keys.ensureSchema();
  relay = await startRelay({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    natsUrl: fx.natsUrl,
    names: fx.names,
  });
  notifier = await startNotifier({
    store: fx.store,
    keys,
    pool: fx.pool,
    log: silentLog,
    natsUrl: fx.natsUrl,
    names: fx.names,
    durable: 'sealed',
    clock: new ManualClock('2026-06-10T08:00:00.000Z'),
    dispatcher: { manual: true },
  });
});

afterAll(async () => {
  await notifier?.stop();
  await relay?.stop();
  await fx?.close();
});

describe('personal data on the bus', () => {
  it('travels sealed, is opened by the notifier, and is unreadable once the customer is forgotten', async () => {
    const customerId = uniqueId('c');
    const personal = customerData(customerId, { name: `Parisa Karimi ${customerId}` });
    await append(
      new ShreddingEventStore(fx.store, keys),
      `customer-${customerId}`,
      'CustomerRegistered',
      personal,
      '2026-06-10T08:00:00.000Z',
    );

    // The notifier knows the customer's real contact details.
    const row = await waitFor(
      async () =>
        (
          await fx.pool.query<{ name: string; email: string }>(
            'SELECT name, email FROM notifier.customers WHERE customer_id = $1',
            [customerId],
          )
        ).rows[0],
      45_000,
      'the customer row',
    );
    expect(row).toEqual({ name: personal.name, email: personal.email });

    // The message JetStream keeps does not hold them readable.
    const nc = await connect({ servers: fx.natsUrl });
    try {
      const jsm = await nc.jetstreamManager();
      const stored = await jsm.streams.getMessage(fx.names.stream, {
        last_by_subj: `${fx.names.subjectPrefix}.events.CustomerRegistered`,
      });
      const raw = new TextDecoder().decode(stored.data);
      expect(raw).toContain(customerId);
      expect(raw).not.toContain(personal.email);
      expect(raw).not.toContain(personal.name);
      expect(raw).not.toContain(personal.phone as string);

      const envelope = decodeEnvelope(stored.data);
      const [opened] = await openPersonalData([envelope], keys);
      expect(opened?.data).toMatchObject({ name: personal.name, email: personal.email });
      await keys.destroy(customerId);
      const [forgotten] = await openPersonalData([envelope], keys);
      expect(forgotten?.data).toMatchObject({ name: '[forgotten]', email: '[forgotten]' });
    } finally {
      await nc.close();
    }
  });
});
