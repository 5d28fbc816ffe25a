import type { RecordedEvent } from '@aftersales/event-store';
import type { CommandRecord } from '../workload';
import { listedEventIds } from './events';

/**
 * "A retry returns the first response": every acknowledged key is sent again, exactly as the
 * first time, and must get the same status and body. A key whose command left events in the log
 * but whose caller never saw a 2xx (the API or Postgres crashed between the append and the
 * answer) must answer 2xx listing those events; a refusal for it is a wrong answer too.
 */
export type WrongAnswer = Readonly<{ key: string; phase: string; why: string }>;

/** JSON with sorted keys: equal values give equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function resend(command: CommandRecord, apiKey: string): Promise<{ status: number; body: unknown }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(command.url, {
        method: command.method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': command.key,
        },
        body: command.body,
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      const body = text === '' ? undefined : (JSON.parse(text) as unknown);
      // A shed request (503/429) was not answered: ask again, as any client would.
      if ((response.status === 503 || response.status === 429) && attempt < 20) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      return { status: response.status, body };
    } catch (err) {
      if (attempt >= 5) return { status: 0, body: String(err) };
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function checkAnswers(
  commands: readonly CommandRecord[],
  byKey: ReadonlyMap<string, readonly RecordedEvent[]>,
  apiKey: string,
  concurrency = 16,
): Promise<{ resent: number; wrong: WrongAnswer[] }> {
  const wrong: WrongAnswer[] = [];
  const toCheck = commands.filter((c) => c.acknowledged || (byKey.get(c.key)?.length ?? 0) > 0);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < toCheck.length) {
        const command = toCheck[next++] as CommandRecord;
        const again = await resend(command, apiKey);
        const first = command.acknowledged;
        if (first) {
          if (again.status !== first.status || canonical(again.body) !== canonical(first.body)) {
            wrong.push({
              key: command.key,
              phase: command.phase,
              why: `retry answered ${again.status} ${canonical(again.body).slice(0, 160)}; first was ${first.status}`,
            });
          }
          continue;
        }
        // Recorded, never acknowledged: the caller was told nothing (or a refusal).
        const recorded = (byKey.get(command.key) ?? []).map((e) => e.metadata.eventId);
        const listed = listedEventIds(again.body);
        if (command.refused) {
          wrong.push({
            key: command.key,
            phase: command.phase,
            why: `answered ${command.refused.status} ${canonical(command.refused.body).slice(0, 120)} although its events were recorded`,
          });
        } else if (again.status < 200 || again.status > 299 || !recorded.every((id) => listed.includes(id))) {
          wrong.push({
            key: command.key,
            phase: command.phase,
            why: `recorded but unanswered; its retry answered ${again.status} ${canonical(again.body).slice(0, 120)}`,
          });
        }
      }
    }),
  );
  return { resent: toCheck.length, wrong };
}
