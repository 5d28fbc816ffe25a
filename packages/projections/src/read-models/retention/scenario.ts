import type { DomainEvent, ReturnReason } from '@aftersales/domain';

/**
 * A small shop's 2025, used by the retention tests. The expected figures are worked out by hand
 * in retention.int.test.ts. Events are built with their business time and sorted by it, so the
 * log reads in the order things happened.
 */
type Timed = readonly [at: string, event: DomainEvent];

const day = (date: string) => `${date}T00:00:00.000Z`;

function placed(orderId: string, customerId: string, date: string, lines: [string, string, number][]): Timed {
  return [
    day(date),
    {
      type: 'OrderPlaced',
      data: {
        orderId,
        customerId,
        currency: 'EUR',
        placedAt: day(date),
        lines: lines.map(([sku, category, qty], index) => ({
          lineNo: index + 1,
          sku,
          name: sku.toLowerCase(),
          category,
          qty,
          unitPrice: 1_000,
          warrantyMonths: 24,
        })),
      },
    },
  ];
}

const shipped = (orderId: string, customerId: string, date: string, estimate: string): Timed => [
  day(date),
  {
    type: 'OrderShipped',
    data: {
      orderId,
      customerId,
      shipmentId: `${orderId}-s`,
      carrier: 'post',
      trackingNumber: `T-${orderId}`,
      estimatedDeliveryAt: day(estimate),
      shippedAt: day(date),
    },
  },
];
const delayed = (orderId: string, customerId: string, date: string, from: string, to: string): Timed => [
  day(date),
  {
    type: 'ShipmentDelayed',
    data: {
      orderId,
      customerId,
      shipmentId: `${orderId}-s`,
      previousEstimatedDeliveryAt: day(from),
      newEstimatedDeliveryAt: day(to),
      reason: 'weather',
      delayedAt: day(date),
    },
  },
];
const delivered = (orderId: string, customerId: string, date: string): Timed => [
  day(date),
  { type: 'OrderDelivered', data: { orderId, customerId, deliveredAt: day(date) } },
];
const cancelled = (orderId: string, customerId: string, date: string): Timed => [
  day(date),
  { type: 'OrderCancelled', data: { orderId, customerId, reason: 'changed mind', cancelledAt: day(date) } },
];

function returnRequested(
  returnId: string,
  orderId: string,
  customerId: string,
  date: string,
  items: [lineNo: number, sku: string, category: string, qty: number][],
  reason: ReturnReason = 'damaged',
): Timed {
  return [
    day(date),
    {
      type: 'ReturnRequested',
      data: {
        returnId,
        orderId,
        customerId,
        resolution: 'refund',
        requestedAt: day(date),
        items: items.map(([lineNo, sku, category, qty]) => ({
          lineNo,
          sku,
          category,
          qty,
          reason,
          resolution: 'refund',
        })),
      },
    },
  ];
}

function repairRequested(
  repairId: string,
  orderId: string,
  customerId: string,
  at: string,
  item: [lineNo: number, sku: string, category: string],
  inWarranty: boolean,
): Timed {
  const [lineNo, sku, category] = item;
  return [
    at,
    {
      type: 'RepairRequested',
      data: {
        repairId,
        orderId,
        customerId,
        lineNo,
        sku,
        category,
        issue: 'does not work',
        coverage: inWarranty
          ? { inWarranty: true, basis: 'product-warranty', coveredUntil: day('2027-01-01') }
          : { inWarranty: false, basis: 'none' },
        requestedAt: at,
      },
    },
  ];
}

function feedback(
  feedbackId: string,
  customerId: string,
  subject: ['order' | 'return' | 'repair', string],
  date: string,
  csat: number,
  nps?: number,
  comment?: string,
): Timed {
  return [
    day(date),
    {
      type: 'FeedbackSubmitted',
      data: {
        feedbackId,
        customerId,
        subject: { type: subject[0], id: subject[1] },
        csat,
        ...(nps === undefined ? {} : { nps }),
        ...(comment === undefined ? {} : { comment }),
        submittedAt: day(date),
      },
    },
  ];
}

const timeline: Timed[] = [
  // Orders: A, B, C in Q1; A, C, D (new), E (new) in Q2; A, B (back after a gap), D, F (new) in Q3.
  placed('oA1', 'A', '2025-01-15', [
    ['KETTLE', 'kitchen', 2],
    ['MUG', 'kitchen', 4],
  ]),
  shipped('oA1', 'A', '2025-01-16', '2025-01-20'),
  delayed('oA1', 'A', '2025-01-19', '2025-01-20', '2025-01-22'),
  delivered('oA1', 'A', '2025-01-21'),
  placed('oB1', 'B', '2025-02-20', [['KETTLE', 'kitchen', 1]]),
  shipped('oB1', 'B', '2025-02-21', '2025-02-25'),
  delivered('oB1', 'B', '2025-02-24'),
  placed('oC1', 'C', '2025-03-05', [['LAMP', 'lighting', 1]]),
  shipped('oC1', 'C', '2025-03-06', '2025-03-10'),
  delivered('oC1', 'C', '2025-03-10'),
  placed('oE0', 'E', '2025-03-25', [['MUG', 'kitchen', 1]]),
  cancelled('oE0', 'E', '2025-03-26'),
  placed('oA2', 'A', '2025-04-10', [['MUG', 'kitchen', 1]]),
  placed('oD1', 'D', '2025-04-20', [['MUG', 'kitchen', 2]]),
  delivered('oD1', 'D', '2025-04-25'),
  placed('oC2', 'C', '2025-05-15', [['LAMP', 'lighting', 1]]),
  placed('oE1', 'E', '2025-06-01', [['KETTLE', 'kitchen', 1]]),
  placed('oA3', 'A', '2025-07-05', [['MUG', 'kitchen', 1]]),
  placed('oF1', 'F', '2025-07-15', [['LAMP', 'lighting', 1]]),
  placed('oC3', 'C', '2025-07-20', [['LAMP', 'lighting', 1]]),
  cancelled('oC3', 'C', '2025-07-21'),
  placed('oB2', 'B', '2025-08-01', [['KETTLE', 'kitchen', 1]]),
  placed('oD2', 'D', '2025-09-10', [['MUG', 'kitchen', 1]]),

  // Returns: rA refunded, rB rejected, rD partly received then exchanged (replacement order).
  returnRequested('rA', 'oA1', 'A', '2025-01-25', [[1, 'KETTLE', 'kitchen', 1]], 'defective'),
  [
    day('2025-01-26'),
    { type: 'ReturnApproved', data: { returnId: 'rA', orderId: 'oA1', approvedAt: day('2025-01-26') } },
  ],
  [
    day('2025-01-28'),
    {
      type: 'ReturnItemsReceived',
      data: {
        returnId: 'rA',
        orderId: 'oA1',
        items: [{ lineNo: 1, qty: 1, condition: 'used' }],
        receivedAt: day('2025-01-28'),
      },
    },
  ],
  [
    day('2025-02-01'),
    {
      type: 'ReturnRefunded',
      data: {
        returnId: 'rA',
        orderId: 'oA1',
        customerId: 'A',
        amount: { amount: 1_000, currency: 'EUR' },
        items: [{ lineNo: 1, qty: 1 }],
        refundedAt: day('2025-02-01'),
      },
    },
  ],
  returnRequested('rB', 'oB1', 'B', '2025-02-26', [[1, 'KETTLE', 'kitchen', 1]], 'changed-mind'),
  [
    day('2025-02-27'),
    {
      type: 'ReturnRejected',
      data: { returnId: 'rB', orderId: 'oB1', reason: 'worn', rejectedAt: day('2025-02-27') },
    },
  ],
  returnRequested('rD', 'oD1', 'D', '2025-04-28', [[1, 'MUG', 'kitchen', 2]], 'size-or-fit'),
  [
    day('2025-05-02'),
    {
      type: 'ReturnItemsReceived',
      data: {
        returnId: 'rD',
        orderId: 'oD1',
        items: [{ lineNo: 1, qty: 1, condition: 'damaged' }],
        receivedAt: day('2025-05-02'),
      },
    },
  ],
  [
    day('2025-05-05'),
    {
      type: 'ReturnExchanged',
      data: {
        returnId: 'rD',
        orderId: 'oD1',
        customerId: 'D',
        replacementOrderId: 'oDx',
        exchangedAt: day('2025-05-05'),
      },
    },
  ],
  placed('oDx', 'D', '2025-05-06', [['MUG', 'kitchen', 1]]),

  // Repairs: pA out of warranty (2 days), pC in warranty (5.5 days), pB in warranty, cancelled.
  repairRequested('pA', 'oA1', 'A', day('2025-03-01'), [2, 'MUG', 'kitchen'], false),
  [
    day('2025-03-03'),
    {
      type: 'RepairCompleted',
      data: {
        repairId: 'pA',
        orderId: 'oA1',
        customerId: 'A',
        lineNo: 2,
        outcome: 'repaired',
        inWarranty: false,
        completedAt: day('2025-03-03'),
      },
    },
  ],
  repairRequested('pB', 'oB1', 'B', day('2025-03-10'), [1, 'KETTLE', 'kitchen'], true),
  [
    day('2025-03-11'),
    {
      type: 'RepairCancelled',
      data: { repairId: 'pB', reason: 'works again', cancelledAt: day('2025-03-11') },
    },
  ],
  repairRequested('pC', 'oC1', 'C', day('2025-03-20'), [1, 'LAMP', 'lighting'], true),
  [
    '2025-03-25T12:00:00.000Z',
    {
      type: 'RepairCompleted',
      data: {
        repairId: 'pC',
        orderId: 'oC1',
        customerId: 'C',
        lineNo: 1,
        outcome: 'replaced',
        inWarranty: true,
        completedAt: '2025-03-25T12:00:00.000Z',
      },
    },
  ],

  // Feedback: on rA (5, NPS 10, comment), on oB1 (4, NPS 8), on pC (2, NPS 3), on rD (3, no NPS).
  feedback('fA', 'A', ['return', 'rA'], '2025-02-02', 5, 10, 'great'),
  feedback('fB', 'B', ['order', 'oB1'], '2025-02-25', 4, 8),
  feedback('fC', 'C', ['repair', 'pC'], '2025-03-26', 2, 3),
  feedback('fD', 'D', ['return', 'rD'], '2025-05-06', 3),
];

export const retentionScenario: DomainEvent[] = [...timeline]
  .sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]))
  .map(([, event]) => event);
