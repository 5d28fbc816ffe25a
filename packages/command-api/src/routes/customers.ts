import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { idParams, idSchema, text } from '../commands/schemas';

const purposes = z.strictObject({ transactional: z.boolean(), marketing: z.boolean() });
const consentsSchema = z.strictObject({ email: purposes, sms: purposes }).meta({
  id: 'Consents',
  examples: [
    { email: { transactional: true, marketing: false }, sms: { transactional: true, marketing: false } },
  ],
});
const language = z.enum(['fa', 'ar', 'en']);
const timezone = z
  .string()
  .min(1)
  .max(64)
  .meta({ examples: ['Asia/Tehran'] });

const registerBody = commandBody(
  {
    customerId: idSchema,
    name: text(200),
    email: z.string().min(3).max(254),
    phone: z.string().min(5).max(32).optional(),
    language,
    timezone,
    consents: consentsSchema.optional(),
  },
  [
    {
      customerId: 'cus-42',
      name: 'Shirin Ahmadi',
      email: 'shirin@example.com',
      phone: '+98 21 1234 5678',
      language: 'fa',
      timezone: 'Asia/Tehran',
      consents: {
        email: { transactional: true, marketing: true },
        sms: { transactional: true, marketing: false },
      },
    },
  ],
);

const profileBody = commandBody(
  {
    name: text(200).optional(),
    email: z.string().min(3).max(254).optional(),
    phone: z.string().min(5).max(32).optional(),
    language: language.optional(),
    timezone: timezone.optional(),
  },
  [{ email: 'shirin.ahmadi@example.com', language: 'en' }],
);

const consentsBody = commandBody({ consents: consentsSchema }, [
  {
    consents: {
      email: { transactional: true, marketing: false },
      sms: { transactional: false, marketing: false },
    },
  },
]);

export const customerRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.commands;
  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/customers',
    operationId: 'registerCustomer',
    summary: 'Register a customer',
    tag: 'customers',
    body: registerBody,
    creates: ({ body }) => `/v1/customers/${body.customerId}`,
    command: ({ body: { occurredAt: _, ...data } }) => ({ type: 'RegisterCustomer', data }),
  });

  registerCommand(app, deps, {
    method: 'PATCH',
    url: '/v1/customers/:id',
    operationId: 'changeCustomerProfile',
    summary: "Change a customer's profile (only the fields given)",
    tag: 'customers',
    params: idParams,
    body: profileBody,
    command: ({ params, body: { occurredAt: _, ...changes } }) => ({
      type: 'ChangeCustomerProfile',
      data: { customerId: params.id, changes },
    }),
  });

  registerCommand(app, deps, {
    method: 'PUT',
    url: '/v1/customers/:id/consents',
    operationId: 'setCustomerConsents',
    summary: "Set a customer's consents per channel and purpose",
    tag: 'customers',
    params: idParams,
    body: consentsBody,
    command: ({ params, body }) => ({
      type: 'SetConsents',
      data: { customerId: params.id, consents: body.consents },
    }),
  });
};
