import { createClient, ProblemError } from '@aftersales/client';
import {
  type ChangePolicy,
  type PolicyChanged,
  policyDecider,
  policyTimeline,
  type ReportingCalendar,
  rulesAt,
  streams,
} from '@aftersales/domain';
import { type EventStore, handleCommand } from '@aftersales/event-store';

const REASON = 'simulated shop: its reporting calendar';

/**
 * Store mode: records a policy version in force from `at` (the history's start, its business
 * time) that is the document then in force with `reporting` changed. Run again, the same change
 * records nothing. Returns the policy version.
 */
export async function setReportingInStore(
  store: EventStore,
  reporting: ReportingCalendar,
  at: string,
  actor = 'simulator',
): Promise<number> {
  const changes = (await store.readStream(streams.policy()))
    .filter((event) => event.type === 'PolicyChanged')
    .map((event) => ({ type: 'PolicyChanged', data: event.data as PolicyChanged['data'] }) as PolicyChanged);
  const document = rulesAt(policyTimeline(changes), at);
  const command: ChangePolicy = {
    type: 'ChangePolicy',
    data: { document: { ...document, reporting }, effectiveFrom: at, author: actor, reason: REASON },
  };
  const result = await handleCommand(store, streams.policy(), policyDecider, command, {
    context: { now: at, rules: [] },
    metadata: { occurredAt: at, actor },
  });
  return result.state.version;
}

/**
 * API mode: `PUT /v1/ops/policy` with the document in force and `reporting` changed, in force at
 * once (the API refuses a change before its own clock). Needs a key with scope ops.
 */
export async function setReportingOverApi(
  url: string,
  apiKey: string,
  reporting: ReportingCalendar,
): Promise<number> {
  const client = createClient({ baseUrl: url, apiKey, deadlineMs: 30_000 });
  try {
    const shown = await client.call('opsShowPolicy', {} as never);
    const { document } = shown.data as { document: Record<string, unknown> };
    const set = await client.call('opsSetPolicy', {
      body: { document: { ...document, reporting }, reason: REASON },
    } as never);
    return (set.data as { version: number }).version;
  } catch (err) {
    if (err instanceof ProblemError && (err.status === 401 || err.status === 403)) {
      throw new Error(
        `setting the reporting calendar over the API needs a key with scope ops (${err.status} ${err.code})`,
        { cause: err },
      );
    }
    throw err;
  }
}
