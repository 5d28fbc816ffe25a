import { type DecisionContext, DomainError, policyVersionAt, type RulesTimeline } from '@aftersales/domain';
import { type CommandMetadata, type EventStore, runWorkflow } from '@aftersales/event-store';
import type { PlannedCommand } from '../plan/types';
import type { CommandOutcome, Executor } from './outcome';

export type StoreExecutorOptions = Readonly<{ store: EventStore; rules: RulesTimeline; actor?: string }>;

/**
 * Decides each planned command straight against the store (bulk volumes, no HTTP) through the
 * one workflow runner the command API uses: the same effects before a command (a return
 * request's reservation on the order), the same reactions after it, with the same ids.
 */
export function storeExecutor(options: StoreExecutorOptions): Executor {
  const { store, rules } = options;
  const actor = options.actor ?? 'simulator';

  return async (planned: PlannedCommand): Promise<CommandOutcome> => {
    const context: DecisionContext = { now: planned.occurredAt, rules };
    // The plan's key names the command, as an Idempotency-Key does over HTTP: a re-run of the
    // same seed is recognised by it (its first answer is rebuilt, its reactions completed).
    const metadata: CommandMetadata = {
      occurredAt: planned.occurredAt,
      correlationId: planned.idempotencyKey,
      causationId: planned.idempotencyKey,
      actor,
      // Which policy version decided it, as the API records it.
      policyVersion: policyVersionAt(rules, planned.occurredAt),
    };
    try {
      const outcome = await runWorkflow(store, planned.command, { context, metadata });
      if (outcome.recovered) return { status: 'applied', eventTypes: [], replayed: true };
      const steps = [...outcome.related, outcome.target];
      return { status: 'applied', eventTypes: steps.flatMap((s) => s.events.map((e) => e.type)) };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { status: 'refused', code: err.code, message: err.message };
    }
  };
}
