import http from 'node:http';
import https from 'node:https';
import type { IntegrationEvent } from '../catalog';
import { signWebhook } from './signature';
import { guardedLookup, refusedUrl, strictTargets, type TargetPolicy } from './target-guard';

export type PostOutcome = Readonly<{
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}>;

/** The Standard Webhooks message id: the same on every retry and redelivery of this event and type. */
export const webhookIdOf = (event: IntegrationEvent) => `${event.type}:${event.id}`;

export type PostOptions = Readonly<{
  timeoutMs: number;
  /** Which targets may be reached (checked on the address connected to); default strict. */
  targets?: TargetPolicy;
  /** Connection pools to reuse between posts (the dispatcher keeps one pair). */
  agents?: Readonly<{ http: http.Agent; https: https.Agent }>;
}>;

/** Keep-alive connection pools for a dispatcher's posts. */
export const webhookAgents = () => ({
  http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
});

/**
 * One attempt: the CloudEvent (structured mode) as the body, signed as Standard Webhooks with
 * every secret given (the current one first; during a rotation's overlap the previous one
 * too, space-separated, so a receiver verifying with either accepts). Any 2xx is accepted;
 * everything else (another status, a timeout, a refused connection or target) is a failure.
 * Redirects are not followed. The response body is read and dropped, so the connection can be
 * reused.
 */
export async function postWebhook(
  url: string,
  secrets: readonly string[],
  event: IntegrationEvent,
  options: PostOptions,
): Promise<PostOutcome> {
  const body = JSON.stringify(event);
  const id = webhookIdOf(event);
  // The wall clock, whatever clock schedules the retries: receivers check it against theirs.
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const targets = options.targets ?? strictTargets;
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  const refused = refusedUrl(target, targets);
  if (refused) return { ok: false, status: null, error: `target refused: ${refused}`, durationMs: elapsed() };
  const secure = target.protocol === 'https:';
  return new Promise<PostOutcome>((resolve) => {
    const request = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/cloudevents+json',
          'content-length': Buffer.byteLength(body),
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': secrets.map((s) => signWebhook(s, id, timestamp, body)).join(' '),
          'user-agent': 'aftersales-webhooks/1',
        },
        lookup: guardedLookup(targets),
        timeout: options.timeoutMs,
        // Without pools of its own, a fresh connection: a pooled socket of the global agent may
        // have been opened by other code, without the address check.
        agent: options.agents ? (secure ? options.agents.https : options.agents.http) : false,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve({ ok, status, error: ok ? null : `HTTP ${status}`, durationMs: elapsed() });
        });
        response.on('error', (err) =>
          resolve({ ok: false, status: null, error: err.message.slice(0, 500), durationMs: elapsed() }),
        );
      },
    );
    request.setTimeout(options.timeoutMs, () =>
      request.destroy(new Error(`no answer in ${options.timeoutMs} ms`)),
    );
    request.on('error', (err) =>
      resolve({
        ok: false,
        status: null,
        error: (err.name === 'TargetRefusedError' ? `target refused: ${err.message}` : err.message).slice(
          0,
          500,
        ),
        durationMs: elapsed(),
      }),
    );
    request.end(body);
  });
}
