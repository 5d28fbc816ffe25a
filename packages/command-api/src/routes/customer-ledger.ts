import { streams } from '@aftersales/domain';
import { aggregateStream, type EventStore } from '@aftersales/event-store';
import { z } from 'zod';
import { asOfSchema } from '../commands/schemas';
import { HttpProblem } from '../http/problem';

/** The query of a customer's balance (points, store credit): `?asOf=`, default now. */
export const balanceAsOfQuery = z.strictObject({
  asOf: asOfSchema.optional().meta({
    description: 'The instant (or a date: its start in UTC) to compute the balance at; default now.',
  }),
});

/**
 * A customer's own ledger stream folded whole, with the instant its balance is asked at. An
 * unknown customer is 404, as every other unknown id; a known one without movements has the
 * ledger's initial state.
 */
export async function readCustomerLedger<S, E>(
  deps: Readonly<{ store: EventStore; now: () => Date }>,
  customerId: string,
  ledger: Readonly<{ streamId: string; evolve: (state: S, event: E) => S; initialState: () => S }>,
  asOfQuery: string | undefined,
): Promise<{ asOf: string; state: S; revision: bigint }> {
  const asOf = asOfQuery ? new Date(asOfQuery).toISOString() : deps.now().toISOString();
  const [registered] = await deps.store.readStream(streams.customer(customerId), { maxCount: 1 });
  if (!registered) throw new HttpProblem(404, 'customer-not-found', `no customer ${customerId}`);
  const { state, revision } = await aggregateStream(
    deps.store,
    ledger.streamId,
    ledger.evolve,
    ledger.initialState(),
  );
  return { asOf, state, revision };
}
