import { type EventStore, newEventId } from '@aftersales/event-store';

/**
 * Every operator action is itself a fact in the log: who did what, with which arguments, when,
 * and how it ended. One stream per month keeps streams short and an audit of a month cheap.
 * Actions rejected as bad input are not recorded: they changed nothing and did nothing.
 */
export type OperatorActionRecorded = Readonly<{
  type: 'OperatorActionRecorded';
  data: Readonly<{
    action: string;
    arguments: Readonly<Record<string, unknown>>;
    operator: string;
    /** `cli` or `http` */
    via: 'cli' | 'http';
    outcome: 'succeeded' | 'failed';
    /** Short error code when failed; never personal data. */
    error?: string;
    at: string;
  }>;
}>;

export const OPS_AUDIT_PREFIX = 'ops-audit-';

export const auditStreamFor = (at: Date) => `${OPS_AUDIT_PREFIX}${at.toISOString().slice(0, 7)}`;

export type RecordActionInput = Omit<OperatorActionRecorded['data'], 'at'>;

export async function recordOperatorAction(
  store: EventStore,
  input: RecordActionInput,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const event: OperatorActionRecorded = { type: 'OperatorActionRecorded', data: { ...input, at } };
  await store.appendToStream(auditStreamFor(now), [
    {
      ...event,
      metadata: {
        eventId: newEventId(),
        occurredAt: at,
        actor: `operator:${input.operator}`,
        schemaVersion: 1,
      },
    },
  ]);
}
