import {
  type DomainEvent,
  feedbackDecider,
  feedbackSubjectFacts,
  streams,
  subjectStream,
} from '@aftersales/domain';
import { aggregateStream } from '@aftersales/event-store';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { followUpsOf } from '../commands/follow-ups';
import { step } from '../commands/plan';
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
    plan: ({ body: { occurredAt: _, ...data } }) => ({
      target: step(
        streams.feedback(data.subject),
        feedbackDecider,
        { type: 'SubmitFeedback', data },
        {
          // The subject as its own stream holds it: it must exist, be the customer's, and be ready.
          extendContext: async (base) => {
            const { state: events } = await aggregateStream(
              deps.store,
              subjectStream(data.subject),
              (all: DomainEvent[], event: DomainEvent) => {
                all.push(event);
                return all;
              },
              [],
            );
            return { ...base, subject: feedbackSubjectFacts(data.subject, events) };
          },
        },
      ),
      after: (outcome) => followUpsOf(deps, outcome),
    }),
  });
};
