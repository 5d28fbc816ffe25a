import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  caseDecider,
  caseSlaClocks,
  rulesAt,
  SLA_METRICS,
  streams,
} from '@aftersales/domain';
import { aggregateStream } from '@aftersales/event-store';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { etagOf } from '../commands/if-match';
import { idParams, idSchema, instantSchema, text } from '../commands/schemas';
import { HttpProblem, problemSchema } from '../http/problem';

/** Support cases: agents (and the desk's integrations) hold keys with the scope `support`. */
const SCOPE = 'support';
const channel = z.enum(CASE_CHANNELS);
const priority = z.enum(CASE_PRIORITIES);
const body = text(20_000).meta({ description: 'personal data: sealed in the log, never in BI' });

const openBody = commandBody(
  {
    caseId: idSchema,
    customerId: idSchema,
    channel,
    openedBy: z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('customer') }),
      z.strictObject({ type: z.literal('agent'), agentId: idSchema }),
    ]),
    priority: priority.optional().meta({ description: 'default normal; high when escalated from feedback' }),
    subject: z.strictObject({ type: z.enum(['order', 'return', 'repair']), id: idSchema }).optional(),
    message: z
      .strictObject({ messageId: idSchema, body })
      .optional()
      .meta({ description: "the customer's opening message (required when the customer opens the case)" }),
    escalatedFromFeedbackId: idSchema.optional(),
    previousCaseId: idSchema.optional().meta({ description: 'the closed case this one continues' }),
  },
  [
    {
      caseId: 'case-7001',
      customerId: 'cus-42',
      channel: 'email',
      openedBy: { type: 'customer' },
      subject: { type: 'order', id: 'ord-2026-0001' },
      message: { messageId: 'msg-1', body: 'My kettle stopped heating after a week.' },
    },
  ],
);
const messageBody = commandBody(
  {
    messageId: idSchema,
    direction: z.enum(['in', 'out']).meta({ description: 'in: from the customer; out: from an agent' }),
    agentId: idSchema.optional().meta({ description: 'required for out' }),
    channel: channel.optional().meta({ description: "default: the case's channel" }),
    body,
  },
  [{ messageId: 'msg-2', direction: 'out', agentId: 'agent-7', body: 'A replacement is on its way.' }],
);
const assignmentBody = commandBody(
  { assignee: z.strictObject({ type: z.enum(['agent', 'team']), id: idSchema }) },
  [{ assignee: { type: 'team', id: 'returns-desk' } }],
);
const priorityBody = commandBody({ priority }, [{ priority: 'urgent' }]);
const pendingBody = commandBody(
  { pending: z.boolean().meta({ description: 'true: waiting for the customer; false: back to open' }) },
  [{ pending: true }],
);
const emptyBody = commandBody({}, [{}]);

const slaClockSchema = z.object({
  metric: z.enum(SLA_METRICS),
  cycle: z.number().int(),
  priority,
  startedAt: instantSchema,
  targetMinutes: z.number().int().meta({ description: 'business minutes allowed' }),
  due: instantSchema.optional().meta({ description: 'absent while pending holds the clock' }),
  atRiskAt: instantSchema
    .optional()
    .meta({ description: 'when 75 % of the target (the policy share) is used' }),
  stoppedAt: instantSchema.optional(),
  status: z.enum(['running', 'paused', 'met', 'breached']),
  businessSeconds: z.number().int().meta({ description: 'business time used so far' }),
  remainingSeconds: z.number().int().meta({ description: 'business time left; negative once overdue' }),
});
const caseRead = z
  .object({
    id: z.string(),
    stream: z.string(),
    revision: z.number().int(),
    state: z.looseObject({ status: z.string() }),
    sla: z.array(slaClockSchema),
  })
  .meta({
    id: 'SupportCase',
    examples: [
      {
        id: 'case-7001',
        stream: 'case-case-7001',
        revision: 1,
        state: {
          status: 'open',
          caseId: 'case-7001',
          customerId: 'cus-42',
          channel: 'email',
          priority: 'normal',
        },
        sla: [
          {
            metric: 'firstResponse',
            cycle: 1,
            priority: 'normal',
            startedAt: '2026-03-06T16:30:00.000Z',
            targetMinutes: 480,
            due: '2026-03-09T16:30:00.000Z',
            atRiskAt: '2026-03-09T14:30:00.000Z',
            status: 'running',
            businessSeconds: 1800,
            remainingSeconds: 27000,
          },
        ],
      },
    ],
  });

export const caseRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.commands;
  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/cases',
    operationId: 'openCase',
    summary: "Open a support case: a customer's message on a channel, or an agent on their behalf",
    tag: 'cases',
    scope: SCOPE,
    body: openBody,
    creates: ({ body }) => `/v1/cases/${body.caseId}`,
    command: ({ body: { occurredAt: _, ...data } }) => ({ type: 'OpenCase', data }),
  });

  const common = { method: 'POST', tag: 'cases', scope: SCOPE, params: idParams } as const;

  registerCommand(app, deps, {
    ...common,
    url: '/v1/cases/:id/messages',
    operationId: 'addCaseMessage',
    summary: "A message in or out (a customer's reply resumes a pending case, reopens a solved one)",
    body: messageBody,
    command: ({ params, body: { occurredAt: _, ...data } }) => ({
      type: 'AddCaseMessage',
      data: { caseId: params.id, ...data },
    }),
  });
  registerCommand(app, deps, {
    ...common,
    url: '/v1/cases/:id/assignment',
    operationId: 'assignCase',
    summary: 'Assign the case to an agent or a team',
    body: assignmentBody,
    command: ({ params, body }) => ({
      type: 'AssignCase',
      data: { caseId: params.id, assignee: body.assignee },
    }),
  });
  registerCommand(app, deps, {
    ...common,
    url: '/v1/cases/:id/priority',
    operationId: 'changeCasePriority',
    summary: 'Change the priority (running SLA clocks take the new targets)',
    body: priorityBody,
    command: ({ params, body }) => ({
      type: 'ChangeCasePriority',
      data: { caseId: params.id, priority: body.priority },
    }),
  });
  registerCommand(app, deps, {
    ...common,
    url: '/v1/cases/:id/pending',
    operationId: 'setCasePending',
    summary: 'Wait for the customer (the resolution clock stops), or back to open',
    body: pendingBody,
    command: ({ params, body }) => ({
      type: body.pending ? 'MarkCasePending' : 'ResumeCase',
      data: { caseId: params.id },
    }),
  });
  registerCommand(app, deps, {
    ...common,
    url: '/v1/cases/:id/solution',
    operationId: 'solveCase',
    summary: 'Solve the case (records each SLA target as met or breached)',
    body: emptyBody,
    command: ({ params }) => ({ type: 'SolveCase', data: { caseId: params.id } }),
  });
  registerCommand(app, deps, {
    ...common,
    url: '/v1/cases/:id/reopening',
    operationId: 'reopenCase',
    summary: 'Reopen a solved case within 7 days of solving (a closed case never reopens)',
    body: emptyBody,
    command: ({ params }) => ({ type: 'ReopenCase', data: { caseId: params.id } }),
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/cases/:id',
    {
      config: { scope: SCOPE },
      schema: {
        operationId: 'getCase',
        summary: 'A support case with its SLA clocks now: due, remaining business time, met or breached',
        tags: ['cases'],
        params: idParams,
        response: { 200: caseRead, 401: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const streamId = streams.case(id);
      const { state, revision } = await aggregateStream(
        deps.store,
        streamId,
        caseDecider.evolve,
        caseDecider.initialState(),
      );
      if (state.status === 'none') throw new HttpProblem(404, 'case-not-found', `${streamId} does not exist`);
      const support = rulesAt(deps.rules, state.openedAt).support;
      reply.header('etag', etagOf(revision));
      return {
        id,
        stream: streamId,
        revision: Number(revision),
        state,
        sla: caseSlaClocks(state, support, deps.now().toISOString()),
      };
    },
  );
};
