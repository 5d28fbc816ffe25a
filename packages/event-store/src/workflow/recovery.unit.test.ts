import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../memory/memory-store';
import { runPlan, step } from './plan';

/** A value that is set once; setting it again to the same value decides nothing. */
type ValueSet = { type: 'Set'; data: { value: string } };
const setter = {
  initialState: () => ({ value: undefined as string | undefined }),
  evolve: (_state: { value: string | undefined }, event: ValueSet) => ({ value: event.data.value }),
  decide: (command: { value: string }, state: { value: string | undefined }): ValueSet[] =>
    state.value === command.value ? [] : [{ type: 'Set', data: { value: command.value } }],
};

const attempt = (key: string) => ({
  context: { now: '2026-01-01T00:00:00.000Z', rules: {} as never },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', causationId: key, actor: 'caller' },
});

describe('a retry whose earlier attempt recorded the command', () => {
  it('answers with the events that attempt recorded, not with none', async () => {
    const store = createMemoryEventStore();
    const plan = { target: step('value-1', setter, { value: 'a' }) };
    const first = await runPlan(store, plan, attempt('key-1'));
    expect(first.target.events.map((e) => e.type)).toEqual(['Set']);
    // The first answer was lost: the same key again decides nothing new.
    const retry = await runPlan(store, plan, attempt('key-1'));
    expect(retry.target.events.map((e) => e.metadata.eventId)).toEqual(
      first.target.events.map((e) => e.metadata.eventId),
    );
    expect(await store.readStream('value-1')).toHaveLength(1);
    // Another command that changes nothing recorded nothing: its answer lists nothing.
    const other = await runPlan(store, plan, attempt('key-2'));
    expect(other.target.events).toEqual([]);
  });

  it('lists an effect before the target that an earlier attempt recorded', async () => {
    const store = createMemoryEventStore();
    const reservation = step('order-1', setter, { value: 'reserved' });
    // The earlier attempt got as far as the reservation, then was cut off.
    const cut = await runPlan(store, { target: reservation }, attempt('key-3'));
    expect(cut.target.events).toHaveLength(1);
    const plan = { target: step('return-1', setter, { value: 'requested' }), before: [reservation] };
    const retry = await runPlan(store, plan, attempt('key-3'));
    expect(retry.target.events.map((e) => e.type)).toEqual(['Set']);
    expect(retry.related[0]?.events.map((e) => e.metadata.eventId)).toEqual(
      cut.target.events.map((e) => e.metadata.eventId),
    );
    // Under another key the held reservation is not this command's: nothing is listed.
    const again = await runPlan(
      store,
      { target: step('return-2', setter, { value: 'requested' }), before: [reservation] },
      attempt('key-4'),
    );
    expect(again.related[0]?.events).toEqual([]);
  });
});
