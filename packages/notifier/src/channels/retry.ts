import { sleep } from '@aftersales/event-store';
import type { Channel, OutboundMessage } from './types';

export type RetryOptions = Readonly<{ attempts: number; baseDelayMs: number; maxDelayMs: number }>;

export const defaultRetry: RetryOptions = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 };

/** Exponential backoff with full jitter: attempt n waits up to base × 2^n, capped. */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Short in-process retries for a blip; a longer outage surfaces as an error and the dispatcher
 * keeps the message pending and tries again later with its own, longer backoff.
 */
export function withRetry(channel: Channel, options: RetryOptions = defaultRetry): Channel {
  return {
    name: channel.name,
    async send(message: OutboundMessage) {
      let lastError: unknown;
      for (let attempt = 0; attempt < options.attempts; attempt++) {
        try {
          await channel.send(message);
          return;
        } catch (err) {
          lastError = err;
          if (attempt + 1 < options.attempts) {
            await sleep(backoffDelay(attempt, options));
          }
        }
      }
      throw lastError;
    },
    close: channel.close ? () => channel.close?.() ?? Promise.resolve() : undefined,
  };
}
