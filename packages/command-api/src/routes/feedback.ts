import { streams } from '@aftersales/domain';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { idSchema } from '../commands/schemas';

const feedbackBody = commandBody(
  {
    feedbackId: idSchema,
    customerId: idSchema,
    subject: z.strictObject({ type: z.enum(['order', 'return', 'repair', 'case']), id: idSchema }),
    csat: z.number().int().min(1).max(5),
    nps: z.number().int().min(0).max(10).optional(),
    comment: z.string().max(4_000).optional(),
  },
  [
    {
      feedbackId: 'fb-551',
      customerId: 'cus-42',
      subject: { type: 'order', id: 'ord-2026-0001' },
      csat: 5,
      nps: 9,
      comment: 'Fast delivery, kind support.',
    },
  ],
);

export const feedbackRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.commands;
  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/feedback',
    operationId: 'submitFeedback',
    summary:
      'Submit feedback about an order, return, repair or solved support case (one per subject; a comment earns a bonus)',
    tag: 'feedback',
    body: feedbackBody,
    creates: ({ body }) => `/v1/streams/${streams.feedback(body.subject)}`,
    command: ({ body: { occurredAt: _, ...data } }) => ({ type: 'SubmitFeedback', data }),
  });
};
