/** A webhook operation refused: `kind` says how (the API maps it to a status), `code` is stable. */
export class WebhookError extends Error {
  constructor(
    readonly kind: 'bad-input' | 'not-found' | 'conflict',
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

export const webhookErrorStatus = (e: WebhookError) =>
  e.kind === 'bad-input' ? 422 : e.kind === 'not-found' ? 404 : 409;
