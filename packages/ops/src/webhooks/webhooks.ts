import type { EventStore } from '@aftersales/event-store';
import {
  listWebhookDeadLetters,
  redeliverWebhookDeadLetter,
  type SubscriptionsOptions,
  WebhookError,
  WebhookSubscriptions,
} from '@aftersales/integrations';
import type pg from 'pg';
import { badInput, notFound } from '../errors';

/** The name under which the webhooks' dead letters are listed and redelivered. */
export const WEBHOOKS = 'webhooks';

/** A webhook refusal as the operations' error (a name taken is bad input to the operator). */
const asOpsError = (err: unknown): never => {
  if (err instanceof WebhookError) {
    throw err.kind === 'not-found'
      ? notFound(err.code, err.message, err.details)
      : badInput(err.code, err.message, err.details);
  }
  throw err;
};

/** The webhook subscriptions as the operations see them: errors as OpsErrors, letters tagged. */
export class WebhookOps {
  private readonly subscriptions: WebhookSubscriptions;
  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    now?: () => Date,
    private readonly options: SubscriptionsOptions = {},
  ) {
    this.subscriptions = new WebhookSubscriptions(pool, store, now, options);
  }

  list = () => this.subscriptions.list().catch(asOpsError);
  create = (input: Parameters<WebhookSubscriptions['create']>[0], operator: string) =>
    this.subscriptions.create(input, `operator:${operator}`).catch(asOpsError);
  remove = (id: string) => this.subscriptions.remove(id).catch(asOpsError);
  replay = (id: string, from: Readonly<{ fromPosition?: string; from?: string }>) =>
    this.subscriptions.replay(id, from).catch(asOpsError);
  rotate = (id: string, overlapHours?: number) =>
    this.subscriptions
      .rotateSecret(id, overlapHours === undefined ? {} : { overlapMs: Math.round(overlapHours * 3_600_000) })
      .catch(asOpsError);
  enable = (id: string) => this.subscriptions.enable(id).catch(asOpsError);
  deliveries = (id: string, limit?: number) =>
    this.subscriptions.deliveries(id, limit === undefined ? {} : { limit }).catch(asOpsError);

  async deadLetters() {
    return (await listWebhookDeadLetters(this.pool)).map((letter) => ({ projection: WEBHOOKS, ...letter }));
  }

  async redeliver(id: number) {
    const outcome = await redeliverWebhookDeadLetter(
      this.pool,
      this.store,
      id,
      this.options.targets ? { targets: this.options.targets } : {},
    );
    if (!outcome) throw notFound('unknown-dead-letter', `no dead letter ${id} for the webhooks`, { id });
    return outcome;
  }
}
