import { createHmac } from 'node:crypto';
import { ChannelError } from '../errors';
import type { Channel, ChannelName, OutboundMessage } from './types';

export type WebhookChannelOptions = Readonly<{
  name: Extract<ChannelName, 'sms' | 'support'>;
  url: string;
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
  credentials?: WebhookCredentials;
  /** For tests: the signature's clock. */
  now?: () => Date;
}>;

/**
 * How the far side knows the request is ours: a bearer token, and/or a Standard Webhooks
 * signature (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` over
 * `id.timestamp.body` with HMAC-SHA256). A secret written `whsec_<base64>` is the key's bytes in
 * base64, as Standard Webhooks libraries print them; any other secret is used as UTF-8 text.
 */
export type WebhookCredentials = Readonly<{ bearerToken?: string; signingSecret?: string }>;

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = secret.startsWith('whsec_')
    ? Buffer.from(secret.slice(6), 'base64')
    : Buffer.from(secret, 'utf8');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * SMS gateway and support desk alerts: POST JSON to a webhook. Any non-2xx answer is a failure;
 * `Idempotency-Key` lets the far side recognise a retry of the same message.
 */
export function webhookChannel(options: WebhookChannelOptions): Channel {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    name: options.name,
    async send(message: OutboundMessage) {
      const body =
        options.name === 'sms'
          ? {
              key: message.key,
              rule: message.rule,
              to: message.to,
              language: message.language,
              text: message.text,
            }
          : {
              key: message.key,
              rule: message.rule,
              subject: message.subject,
              text: message.text,
              data: message.data,
            };
      const text = JSON.stringify(body);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': message.key,
        ...options.headers,
      };
      const { bearerToken, signingSecret } = options.credentials ?? {};
      if (bearerToken) headers.authorization = `Bearer ${bearerToken}`;
      if (signingSecret) {
        const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
        headers['webhook-id'] = message.key;
        headers['webhook-timestamp'] = String(timestamp);
        headers['webhook-signature'] = signWebhook(signingSecret, message.key, timestamp, text);
      }
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers,
          body: text,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new ChannelError(options.name, 'webhook unreachable', { cause: err });
      }
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new ChannelError(options.name, `webhook answered ${response.status}`);
    },
  };
}
