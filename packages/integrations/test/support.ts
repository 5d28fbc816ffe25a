import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@aftersales/domain';
import { createPostgresEventStore, type EventStore } from '@aftersales/event-store';
import { connect } from 'nats';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../test/support';

export const silentLog = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

export type Fixture = Readonly<{
  db: TestDatabase;
  pool: pg.Pool;
  store: EventStore;
  natsUrl: string;
  /** Unique JetStream names: `close` deletes the stream. */
  stream: string;
  subjectPrefix: string;
  close(): Promise<void>;
}>;

/** A fresh database with the Postgres event store, and a unique stream name and subject prefix. */
export async function openFixture(prefix: string): Promise<Fixture> {
  const db = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  pool.on('error', () => undefined);
  const store = await createPostgresEventStore({ connectionString: db.url, pollIntervalMs: 50 });
  const natsUrl = inject('natsUrl');
  const id = uniqueId().replace(/[^a-z0-9]/gi, '');
  const stream = `TI_${id}`.toUpperCase();
  return {
    db,
    pool,
    store,
    natsUrl,
    stream,
    subjectPrefix: `ti${id}`,
    async close() {
      await store.close();
      await pool.end();
      await db.drop();
      const nc = await connect({ servers: natsUrl });
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(stream).catch(() => false);
      await nc.close();
    },
  };
}

type Data<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>['data'];

/** Appends one domain event with fresh metadata; returns its event id and position. */
export async function append<T extends DomainEvent['type']>(
  store: EventStore,
  streamId: string,
  type: T,
  data: Data<T>,
  occurredAt = '2026-03-01T10:00:00.000Z',
): Promise<{ eventId: string; position: bigint }> {
  const eventId = randomUUID();
  const result = await store.appendToStream(streamId, [
    { type, data, metadata: { eventId, occurredAt, schemaVersion: 1 } },
  ]);
  return { eventId, position: result.lastPosition };
}

/** An order's life: placed, shipped, delivered, with a return approved — five published facts, one internal. */
export async function orderHistory(store: EventStore, n: number) {
  const o = `o-${n}-${randomUUID().slice(0, 8)}`;
  const c = `c-${n}`;
  const r = `r-${o}`;
  const t = '2026-03-01T10:00:00.000Z';
  const facts = [
    await append(store, `order-${o}`, 'OrderPlaced', {
      orderId: o,
      customerId: c,
      currency: 'EUR',
      lines: [
        {
          lineNo: 1,
          sku: 'SKU-1',
          name: 'Kettle',
          category: 'kitchen',
          qty: 1,
          unitPrice: 4999,
          warrantyMonths: 24,
        },
      ],
      placedAt: t,
    }),
    await append(store, `order-${o}`, 'OrderShipped', {
      orderId: o,
      customerId: c,
      shipmentId: `s-${o}`,
      carrier: 'DHL',
      trackingNumber: 'TN1',
      estimatedDeliveryAt: t,
      shippedAt: t,
    }),
    await append(store, `order-${o}`, 'OrderDelivered', { orderId: o, customerId: c, deliveredAt: t }),
    await append(store, `return-${r}`, 'ReturnRequested', {
      returnId: r,
      orderId: o,
      customerId: c,
      items: [
        { lineNo: 1, sku: 'SKU-1', category: 'kitchen', qty: 1, reason: 'defective', resolution: 'refund' },
      ],
      resolution: 'refund',
      requestedAt: t,
    }),
  ];
  // Internal: no integration event.
  await append(store, `order-${o}`, 'ReturnQuantityReserved', {
    orderId: o,
    returnId: r,
    items: [{ lineNo: 1, qty: 1 }],
    reservedAt: t,
  });
  facts.push(
    await append(store, `return-${r}`, 'ReturnApproved', { returnId: r, orderId: o, approvedAt: t }),
  );
  return facts;
}

/** The element at `index` (negative from the end), which the test knows is there. */
export function nth<T>(list: readonly T[], index: number): T {
  const value = list.at(index);
  if (value === undefined) throw new Error(`no element ${index} in a list of ${list.length}`);
  return value;
}
