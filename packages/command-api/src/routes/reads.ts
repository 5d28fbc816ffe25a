import { customerDecider, orderDecider, repairDecider, returnDecider, streams } from '@aftersales/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerRead } from './read-route';

/** Reads of one aggregate each, folded from its stream (the BI read models live in projections). */
export const readRoutes: FastifyPluginAsync = async (app) => {
  const { store } = app;
  registerRead(app, store, {
    url: '/v1/customers/:id',
    operationId: 'getCustomer',
    summary: 'A customer as recorded (profile, language, timezone, consents)',
    tag: 'customers',
    stream: streams.customer,
    decider: customerDecider,
    exists: (state) => state.status !== 'unregistered',
    example: {
      id: 'cus-42',
      stream: 'customer-cus-42',
      revision: 1,
      state: { status: 'registered', customerId: 'cus-42', language: 'fa', timezone: 'Asia/Tehran' },
    },
  });
  registerRead(app, store, {
    url: '/v1/orders/:id',
    operationId: 'getOrder',
    summary: 'An order: lines, shipment, promised date and revisions, delivery, reservations, repairs',
    tag: 'orders',
    stream: streams.order,
    decider: orderDecider,
    exists: (state) => state.status !== 'none',
    example: {
      id: 'ord-2026-0001',
      stream: 'order-ord-2026-0001',
      revision: 2,
      state: {
        status: 'delivered',
        orderId: 'ord-2026-0001',
        customerId: 'cus-42',
        deliveredAt: '2026-03-05T14:30:00.000Z',
      },
    },
  });
  registerRead(app, store, {
    url: '/v1/returns/:id',
    operationId: 'getReturn',
    summary: 'A return: items, resolution, status and what was received, refunded or credited',
    tag: 'returns',
    stream: streams.return,
    decider: returnDecider,
    exists: (state) => state.status !== 'none',
    example: {
      id: 'ret-9001',
      stream: 'return-ret-9001',
      revision: 1,
      state: { status: 'approved', returnId: 'ret-9001', orderId: 'ord-2026-0001', resolution: 'refund' },
    },
  });
  registerRead(app, store, {
    url: '/v1/repairs/:id',
    operationId: 'getRepair',
    summary: 'A repair: item, issue, derived warranty coverage, quote and outcome',
    tag: 'repairs',
    stream: streams.repair,
    decider: repairDecider,
    exists: (state) => state.status !== 'none',
    example: {
      id: 'rep-310',
      stream: 'repair-rep-310',
      revision: 0,
      state: { status: 'requested', repairId: 'rep-310', orderId: 'ord-2026-0001', lineNo: 1 },
    },
  });
};
