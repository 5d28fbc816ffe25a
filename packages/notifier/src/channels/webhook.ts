import { ChannelError } from '../errors';
import type { Channel, ChannelName, OutboundMessage } from './types';

export type WebhookChannelOptions = Readonly<{
  name: Extract<ChannelName, 'sms' | 'support'>;
  url: string;
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
}>;

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
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': message.key, ...options.headers },
          body: JSON.stringify(body),
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
