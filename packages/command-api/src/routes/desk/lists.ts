import { CASE_CHANNELS, CASE_PRIORITIES, customerDecider, streams } from '@aftersales/domain';
import { aggregateStream } from '@aftersales/event-store';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../commands/schemas';
import { HttpProblem, problemSchema } from '../../http/problem';
import { type Filter, iso, type ListSpec, listPage, pageOf, pageQuery } from './pages';

/**
 * The support desk's lists (scope `support`), read from the read models the projections keep
 * (`rm_ops_order_status`, `rm_ops_cases`, `rm_support`): what an agent needs while a customer
 * is on the phone. The read models follow the log within moments; a command just acknowledged
 * may not be listed yet.
 */
const SCOPE = 'support';
const instant = z.string().nullable();
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  503: problemSchema,
};

const orderItem = z.object({
  orderId: z.string(),
  status: z.string().meta({ description: 'placed, shipped, delayed, delivered or cancelled' }),
  placedAt: instant,
  currency: z.string().nullable(),
  totalMinor: z.number().int().nullable().meta({ description: 'integer minor units of currency' }),
  itemCount: z.number().int().nullable(),
  carrier: z.string().nullable(),
  shippedAt: instant,
  latestEstimatedDeliveryAt: instant,
  deliveredAt: instant,
  cancelledAt: instant,
});
const returnItem = z.object({
  returnId: z.string(),
  orderId: z.string().nullable(),
  status: z.string(),
  resolution: z.string().nullable(),
  itemCount: z.number().int().nullable(),
  requestedAt: instant,
  closedAt: instant,
  refund: z.object({ amount: z.number().int(), currency: z.string() }).nullable(),
});
const repairItem = z.object({
  repairId: z.string(),
  orderId: z.string().nullable(),
  lineNo: z.number().int().nullable(),
  sku: z.string().nullable(),
  status: z.string(),
  inWarranty: z.boolean().nullable(),
  requestedAt: instant,
  closedAt: instant,
  outcome: z.string().nullable(),
});
const caseItem = z.object({
  caseId: z.string(),
  customerId: z.string(),
  channel: z.string(),
  priority: z.string(),
  status: z.string().meta({ description: 'open, pending, solved or closed' }),
  assignee: z.string().nullable().meta({ description: 'agent:<id> or team:<id>' }),
  openedAt: instant,
  firstResponseAt: instant,
  lastSolvedAt: instant,
  closedAt: instant,
  breaches: z.number().int(),
});

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (typeof v === 'string' ? v : null);

const toOrder = (r: Row): z.output<typeof orderItem> => ({
  orderId: String(r.order_id),
  status: String(r.status),
  placedAt: iso(r.placed_at),
  currency: str(r.currency),
  totalMinor: num(r.order_total_minor),
  itemCount: num(r.item_count),
  carrier: str(r.carrier),
  shippedAt: iso(r.shipped_at),
  latestEstimatedDeliveryAt: iso(r.latest_estimated_delivery_at),
  deliveredAt: iso(r.delivered_at),
  cancelledAt: iso(r.cancelled_at),
});
const toReturn = (r: Row): z.output<typeof returnItem> => ({
  returnId: String(r.return_id),
  orderId: str(r.order_id),
  status: String(r.status),
  resolution: str(r.resolution),
  itemCount: num(r.item_count),
  requestedAt: iso(r.requested_at),
  closedAt: iso(r.closed_at),
  refund:
    r.refund_minor === null || r.refund_currency === null
      ? null
      : { amount: Number(r.refund_minor), currency: String(r.refund_currency) },
});
const toRepair = (r: Row): z.output<typeof repairItem> => ({
  repairId: String(r.repair_id),
  orderId: str(r.order_id),
  lineNo: num(r.line_no),
  sku: str(r.sku),
  status: String(r.status),
  inWarranty: typeof r.in_warranty === 'boolean' ? r.in_warranty : null,
  requestedAt: iso(r.requested_at),
  closedAt: iso(r.closed_at),
  outcome: str(r.outcome),
});
const toCase = (r: Row): z.output<typeof caseItem> => ({
  caseId: String(r.case_id),
  customerId: String(r.customer_id),
  channel: String(r.channel),
  priority: String(r.priority),
  status: String(r.status),
  assignee: str(r.assignee),
  openedAt: iso(r.opened_at),
  firstResponseAt: iso(r.first_response_at),
  lastSolvedAt: iso(r.last_solved_at),
  closedAt: iso(r.closed_at),
  breaches: Number(r.breaches),
});

type CustomerList<T extends z.ZodType> = Readonly<{
  kind: 'orders' | 'returns' | 'repairs' | 'cases';
  summary: string;
  item: T;
  spec: ListSpec;
  toItem: (row: Row) => z.output<T>;
}>;

const customerLists = [
  {
    kind: 'orders',
    summary: "A customer's orders, newest first",
    item: orderItem,
    spec: {
      table: 'rm_ops_order_status.order_status',
      id: 'order_id',
      sortedBy: 'placed_at',
      direction: 'desc',
    },
    toItem: toOrder,
  } satisfies CustomerList<typeof orderItem>,
  {
    kind: 'returns',
    summary: "A customer's returns, newest first",
    item: returnItem,
    spec: { table: 'rm_ops_cases.returns', id: 'return_id', sortedBy: 'requested_at', direction: 'desc' },
    toItem: toReturn,
  } satisfies CustomerList<typeof returnItem>,
  {
    kind: 'repairs',
    summary: "A customer's repairs, newest first",
    item: repairItem,
    spec: { table: 'rm_ops_cases.repairs', id: 'repair_id', sortedBy: 'requested_at', direction: 'desc' },
    toItem: toRepair,
  } satisfies CustomerList<typeof repairItem>,
  {
    kind: 'cases',
    summary: "A customer's support cases, newest first",
    item: caseItem,
    spec: { table: 'rm_support.support_cases', id: 'case_id', sortedBy: 'opened_at', direction: 'desc' },
    toItem: toCase,
  } satisfies CustomerList<typeof caseItem>,
] as const;

const caseQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(['open', 'pending', 'solved', 'closed']).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  channel: z.enum(CASE_CHANNELS).optional(),
  assignee: z
    .string()
    .regex(/^(agent|team):[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/)
    .optional()
    .meta({ description: 'agent:<id> or team:<id>' }),
});

export const deskListRoutes: FastifyPluginAsync = async (app) => {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { pool, store } = app;

  for (const list of customerLists) {
    const toItem = list.toItem as (row: Row) => unknown;
    typed.get(
      `/v1/customers/:id/${list.kind}`,
      {
        config: { scope: SCOPE },
        schema: {
          operationId: `listCustomer${list.kind[0]?.toUpperCase()}${list.kind.slice(1)}`,
          summary: list.summary,
          description:
            'Cursor pagination: pass `nextCursor` back as `cursor` until it is null. From the read models (a moment behind the log).',
          tags: ['support desk'],
          params: idParams,
          querystring: z.strictObject(pageQuery),
          response: { 200: pageOf(list.item as z.ZodType), ...errors },
        },
      },
      async (request) => {
        const { id } = request.params;
        const customer = await aggregateStream(
          store,
          streams.customer(id),
          customerDecider.evolve,
          customerDecider.initialState(),
        );
        if (customer.state.status === 'unregistered') {
          throw new HttpProblem(404, 'customer-not-found', `customer-${id} does not exist`);
        }
        const filters: Filter[] = [{ column: 'customer_id', value: id }];
        const page = await listPage<Row>(pool, list.spec, filters, request.query);
        return { items: page.rows.map(toItem), nextCursor: page.nextCursor };
      },
    );
  }

  typed.get(
    '/v1/cases',
    {
      config: { scope: SCOPE },
      schema: {
        operationId: 'listCases',
        summary: 'Support cases by status, priority, channel and assignee, oldest first (the backlog)',
        description: 'Cursor pagination as for the customer lists; every filter is optional.',
        tags: ['support desk'],
        querystring: caseQuery,
        response: { 200: pageOf(caseItem), ...errors },
      },
    },
    async (request) => {
      const { limit, cursor, ...chosen } = request.query;
      const filters: Filter[] = Object.entries(chosen).flatMap(([column, value]) =>
        typeof value === 'string' ? [{ column, value }] : [],
      );
      const page = await listPage<Row>(
        pool,
        { table: 'rm_support.support_cases', id: 'case_id', sortedBy: 'opened_at', direction: 'asc' },
        filters,
        { limit, cursor },
      );
      return { items: page.rows.map(toCase), nextCursor: page.nextCursor };
    },
  );
};
