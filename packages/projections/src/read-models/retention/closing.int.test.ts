import type { DomainEvent } from '@aftersales/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support';
import { applyInBatches, recorded, setUp } from '../shared/testing';
import { retentionProjection } from './projection';

/*
 * A return of several lines is closed when its last received line is settled, not at its first
 * (each line is settled once: refund, exchange or store credit). Hand-worked, 2025:
 *   M: order oM1 (kettle, 2 mugs) delivered Jan 15; both lines returned and received Jan 25;
 *      the kettle refunded Feb 1, the mugs credited Mar 15 (a credit without lines: all the rest);
 *      M orders again Jun 1. Closed Mar 15: 78 days before Jun 1, a repeat within 90 days.
 *      After the Feb 1 refund alone the return is still open: no case yet.
 *   N: order oN1 delivered Jan 15; both lines received Jan 25; only line 1 refunded Feb 1; N
 *      orders again Mar 1. Line 2 is never settled: the return stays open and is no case
 *      (closing it at the first settlement made it a case with a repeat 28 days later).
 */
const day = (date: string) => `${date}T00:00:00.000Z`;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

function order(orderId: string, customerId: string, placed: string): DomainEvent[] {
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId,
        customerId,
        currency: 'EUR',
        placedAt: day(placed),
        lines: [
          {
            lineNo: 1,
            sku: 'KETTLE',
            name: 'kettle',
            category: 'kitchen',
            qty: 1,
            unitPrice: 4_000,
            warrantyMonths: 24,
          },
          {
            lineNo: 2,
            sku: 'MUG',
            name: 'mug',
            category: 'kitchen',
            qty: 2,
            unitPrice: 1_000,
            warrantyMonths: 0,
          },
        ],
      },
    },
  ] as DomainEvent[];
}

function returnedBoth(returnId: string, orderId: string, customerId: string): DomainEvent[] {
  return [
    { type: 'OrderDelivered', data: { orderId, customerId, deliveredAt: day('2025-01-15') } },
    {
      type: 'ReturnRequested',
      data: {
        returnId,
        orderId,
        customerId,
        resolution: 'refund',
        requestedAt: day('2025-01-20'),
        items: [
          {
            lineNo: 1,
            sku: 'KETTLE',
            category: 'kitchen',
            qty: 1,
            reason: 'defective',
            resolution: 'refund',
          },
          {
            lineNo: 2,
            sku: 'MUG',
            category: 'kitchen',
            qty: 2,
            reason: 'damaged',
            resolution: 'store-credit',
          },
        ],
      },
    },
    { type: 'ReturnApproved', data: { returnId, orderId, approvedAt: day('2025-01-21') } },
    {
      type: 'ReturnItemsReceived',
      data: {
        returnId,
        orderId,
        items: [
          { lineNo: 1, qty: 1, condition: 'used' },
          { lineNo: 2, qty: 2, condition: 'damaged' },
        ],
        receivedAt: day('2025-01-25'),
      },
    },
    {
      type: 'ReturnRefunded',
      data: {
        returnId,
        orderId,
        customerId,
        amount: eur(4_000),
        items: [{ lineNo: 1, qty: 1 }],
        refundedAt: day('2025-02-01'),
      },
    },
  ] as DomainEvent[];
}

const untilFirstSettlement: DomainEvent[] = [
  ...order('oM1', 'M', '2025-01-10'),
  ...returnedBoth('rM', 'oM1', 'M'),
  ...order('oN1', 'N', '2025-01-10'),
  ...returnedBoth('rN', 'oN1', 'N'),
  ...order('oN2', 'N', '2025-03-01'),
];
const rest: DomainEvent[] = [
  {
    type: 'ReturnStoreCredited',
    data: {
      returnId: 'rM',
      orderId: 'oM1',
      customerId: 'M',
      amount: eur(2_000),
      creditedAt: day('2025-03-15'),
    },
  },
  ...order('oM2', 'M', '2025-06-01'),
] as DomainEvent[];

describe('retention: when a return of several lines closes', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const schema = 'rm_retention_closing';
  const all = recorded([...untilFirstSettlement, ...rest]);

  beforeAll(async () => {
    db = await createTestDatabase('retention_closing');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await setUp(pool, retentionProjection, schema);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const returnCases = async () =>
    (
      await pool.query(
        `SELECT csat_bucket, cases, repeat_cases, repeat_purchase_rate
           FROM bi.after_sales_repeat_purchase WHERE case_type = 'return' ORDER BY csat_bucket`,
      )
    ).rows;
  const lines = async () =>
    (
      await pool.query(
        `SELECT return_id, line_no, settled_as, settled_at FROM ${schema}.retention_return_items
          ORDER BY return_id, line_no`,
      )
    ).rows;

  it('is still open after its first line is settled: no case in the BI view', async () => {
    await applyInBatches(pool, retentionProjection, schema, all.slice(0, untilFirstSettlement.length));
    expect(await lines()).toEqual([
      { return_id: 'rM', line_no: 1, settled_as: 'refund', settled_at: new Date(day('2025-02-01')) },
      { return_id: 'rM', line_no: 2, settled_as: null, settled_at: null },
      { return_id: 'rN', line_no: 1, settled_as: 'refund', settled_at: new Date(day('2025-02-01')) },
      { return_id: 'rN', line_no: 2, settled_as: null, settled_at: null },
    ]);
    expect(await returnCases()).toEqual([]);
  });

  it('closes when the last line is settled; the 90 days count from then', async () => {
    await applyInBatches(pool, retentionProjection, schema, all.slice(untilFirstSettlement.length), 1);
    // rM closed Mar 15 (its mugs credited), M ordered Jun 1 (78 days): 1 case, 1 repeat.
    // rN keeps an unsettled line: no case.
    expect(await returnCases()).toEqual([
      { csat_bucket: 'no feedback', cases: '1', repeat_cases: '1', repeat_purchase_rate: '100.00' },
    ]);
    const { rows } = await pool.query(
      `SELECT return_id, rest_settled_at FROM ${schema}.retention_returns ORDER BY return_id`,
    );
    expect(rows).toEqual([
      { return_id: 'rM', rest_settled_at: new Date(day('2025-03-15')) },
      { return_id: 'rN', rest_settled_at: null },
    ]);
  });
});
