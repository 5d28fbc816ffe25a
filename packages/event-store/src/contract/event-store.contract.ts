import { ConcurrencyError } from '@aftersales/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventIdConflictError,
  InvalidEventError,
  LinkedAppendRefusedError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../errors';
import { computeEventHash } from '../hash';
import type { EventStore, NewEvent, RecordedEvent } from '../port';
import { collect, eventually, newEvent, positionsStrictlyIncrease, times, uniquePrefix } from './fixtures';

export type ContractHarness = Readonly<{
  /** The store under test; tests isolate themselves by unique stream prefixes and event types. */
  makeStore: () => Promise<EventStore>;
  /** Builds a store aimed at a closed port, resolving or rejecting; it must fail fast. Absent: no network. */
  connectUnreachable?: () => Promise<EventStore>;
  /** Upper bound for "within seconds" on an unreachable store. */
  unavailableWithinMs?: number;
  /** Why the store has no `appendLinked` (its linked-append cases are skipped with it), if so. */
  noLinkedAppends?: string;
}>;

/**
 * The one contract every adapter passes: expected revisions, idempotency by event id, reads,
 * filters, subscriptions (including many concurrent writers), errors.
 */
export function runEventStoreContract(name: string, harness: ContractHarness): void {
  // Generous: on a busy shared server, read-all visibility waits for the longest open transaction.
  describe(`${name}: event store contract`, { timeout: 120_000 }, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await harness.makeStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('honours every expected-revision mode and reports conflicts with the actual revision', async () => {
      const stream = `${uniquePrefix()}-order`;
      await expect(
        store.appendToStream(stream, [newEvent('Placed')], { expectedRevision: 'stream_exists' }),
      ).rejects.toMatchObject({ code: 'wrong-expected-revision', actual: 'no_stream' });
      await expect(
        store.appendToStream(stream, [newEvent('Placed')], { expectedRevision: 0n }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const created = await store.appendToStream(stream, [newEvent('Placed')], {
        expectedRevision: 'no_stream',
      });
      expect(created.nextExpectedRevision).toBe(0n);
      const conflict = store.appendToStream(stream, [newEvent('Placed')], { expectedRevision: 'no_stream' });
      await expect(conflict).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(conflict).rejects.toMatchObject({ actual: 0n });
      await expect(
        store.appendToStream(stream, [newEvent('Shipped')], { expectedRevision: 3n }),
      ).rejects.toMatchObject({
        code: 'wrong-expected-revision',
        actual: 0n,
      });
      const exact = await store.appendToStream(stream, [newEvent('Shipped'), newEvent('Delayed')], {
        expectedRevision: 0n,
      });
      expect(exact.nextExpectedRevision).toBe(2n);
      const exists = await store.appendToStream(stream, [newEvent('Delayed')], {
        expectedRevision: 'stream_exists',
      });
      const any = await store.appendToStream(stream, [newEvent('Delivered')], { expectedRevision: 'any' });
      const unspecified = await store.appendToStream(`${stream}x`, [newEvent('Placed')]);
      expect([
        exists.nextExpectedRevision,
        any.nextExpectedRevision,
        unspecified.nextExpectedRevision,
      ]).toEqual([3n, 4n, 0n]);
      expect(any.lastPosition).toBeGreaterThan(exists.lastPosition);
      expect((await store.readStream(stream)).map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    });

    it('answers a retried append with the first result and stores it once', async () => {
      const stream = `${uniquePrefix()}-order`;
      const first = [newEvent('Placed', { n: 1 }), newEvent('Shipped', { n: 2 })];
      const stored = await store.appendToStream(stream, first, { expectedRevision: 'no_stream' });
      const retried = await store.appendToStream(stream, first, { expectedRevision: 'no_stream' });
      expect(retried).toEqual(stored);
      const next = [newEvent('Delivered')];
      const third = await store.appendToStream(stream, next, { expectedRevision: 1n });
      expect(await store.appendToStream(stream, next, { expectedRevision: 1n })).toEqual(third);
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('stores data and metadata exactly, whatever characters they hold', async () => {
      const tricky = {
        quotes: 'say "hi" \\ and \\"',
        controls: 'line\nbreak\ttab\r\u0001\u001f',
        unicode: 'سفارش شما ارسال شد — Ihre Bestellung 📦 \u2028\u2029 é',
        syntax: '{"a":[1,2]},NULL,"",\\N',
        empty: '',
        nested: [{ '': 'empty key', 'k"ey': ['\\', '"'] }, [], {}],
      };
      const prefix = uniquePrefix();
      const events = times(6, (index) => ({
        ...newEvent('Noted', { ...tricky, index }),
        metadata: { ...newEvent('Noted').metadata, note: tricky.quotes + tricky.unicode },
      }));
      // Alone, and several at once (which a store may commit together).
      await store.appendToStream(`${prefix}-0`, events.slice(0, 1), { expectedRevision: 'no_stream' });
      await Promise.all(
        times(5, (index) =>
          store.appendToStream(`${prefix}-${index + 1}`, [events[index + 1] as NewEvent], {
            expectedRevision: 'no_stream',
          }),
        ),
      );
      for (const [index, event] of events.entries()) {
        const [stored] = await store.readStream(`${prefix}-${index}`);
        expect(stored?.data).toEqual(event.data);
        expect(stored?.metadata).toMatchObject(event.metadata);
      }
      // A retry of the same content is recognised as the same append.
      const again = await store.appendToStream(`${prefix}-0`, events.slice(0, 1), {
        expectedRevision: 'no_stream',
      });
      expect(again.nextExpectedRevision).toBe(0n);
    });

    it('keeps the hash chain: each event links to the one before it in its stream, as verify recomputes', async () => {
      const prefix = uniquePrefix();
      const stream = `${prefix}-chain`;
      const other = `${prefix}-other`;
      await store.appendToStream(stream, [newEvent('Placed'), newEvent('Paid')], {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(other, [newEvent('Placed')]);
      // Under `any` too: the link follows the stream's head, whatever the caller expected.
      await store.appendToStream(stream, [newEvent('Shipped', { note: 'ünïcödé \u2028 "q"' })]);
      await store.appendToStream(stream, [newEvent('Delivered')], { expectedRevision: 2n });
      if (!store.readAllChained)
        throw new Error(`the ${store.kind} store keeps no hash chain (readAllChained)`);
      const read = store.readAllChained.bind(store);
      const chained = await eventually(
        async () =>
          (await read({ filter: { streamPrefixes: [prefix] } })).filter((event) => event.streamId === stream),
        (events) => events.length === 4,
      );
      expect(chained.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n]);
      let previousHash = '';
      for (const event of chained) {
        const { recordedAt: _recordedAt, ...metadata } = event.metadata as Record<string, unknown>;
        const expected = computeEventHash({
          previousHash,
          streamId: stream,
          revision: event.revision,
          type: event.type,
          data: event.data,
          metadata,
        });
        expect(event.hash, `revision ${event.revision}`).toBe(expected);
        previousHash = event.hash;
      }
      // The link is not part of what ordinary reads return.
      const plain = await store.readStream(stream);
      expect(plain.map((event) => Object.keys(event.metadata).filter((key) => key.startsWith('$')))).toEqual([
        [],
        [],
        [],
        [],
      ]);
      expect(plain.map((event) => 'hash' in event)).toEqual([false, false, false, false]);
    });

    it('rejects a reused event id with other content', async () => {
      const stream = `${uniquePrefix()}-order`;
      const placed = newEvent('Placed', { total: 100 });
      await store.appendToStream(stream, [placed], { expectedRevision: 'no_stream' });
      const altered: NewEvent = { ...placed, data: { total: 999 } };
      await expect(
        store.appendToStream(stream, [altered], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(EventIdConflictError);
      await expect(
        store.appendToStream(stream, [altered], { expectedRevision: 'no_stream' }),
      ).rejects.toMatchObject({
        code: 'event-id-conflict',
      });
      const [only] = await store.readStream(stream);
      expect(only?.data).toEqual({ total: 100 });
    });

    it('rejects malformed events and appends nothing', async () => {
      const stream = `${uniquePrefix()}-order`;
      const good = newEvent('Placed');
      const malformed: unknown[] = [
        { ...good, type: '' },
        { ...good, data: 'not an object' },
        { ...good, data: [1, 2] },
        { ...good, metadata: { ...good.metadata, eventId: undefined } },
        { ...good, metadata: { ...good.metadata, eventId: 'not-a-uuid' } },
      ];
      for (const event of malformed) {
        const append = store.appendToStream(stream, [newEvent('Placed'), event as NewEvent]);
        await expect(append).rejects.toBeInstanceOf(InvalidEventError);
        await expect(append).rejects.toMatchObject({ code: 'invalid-event' });
      }
      expect(await store.readStream(stream)).toEqual([]);
    });

    it('reads a stream forwards, backwards, from a revision and with a limit', async () => {
      const stream = `${uniquePrefix()}-order`;
      const written = times(6, (index) => newEvent(`Step${index}`, { index }));
      await store.appendToStream(stream, written);
      const types = (events: { type: string }[]) => events.map((event) => event.type);
      const all = await store.readStream(stream);
      expect(types(all)).toEqual(written.map((event) => event.type));
      expect(all[2]?.data).toEqual({ index: 2 });
      expect(all[2]?.metadata).toMatchObject(written[2]?.metadata ?? {});
      expect(all[2]?.recordedAt).toBeInstanceOf(Date);
      expect(all[2]?.streamId).toBe(stream);
      expect(types(await store.readStream(stream, { fromRevision: 4n }))).toEqual(['Step4', 'Step5']);
      expect(types(await store.readStream(stream, { maxCount: 2 }))).toEqual(['Step0', 'Step1']);
      expect(types(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual([
        'Step5',
        'Step4',
      ]);
      expect(types(await store.readStream(stream, { direction: 'backwards', fromRevision: 1n }))).toEqual([
        'Step1',
        'Step0',
      ]);
      expect(await store.readStream(`${stream}-missing`)).toEqual([]);
    });

    it('reads all after a position with event-type and stream-prefix filters', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      await store.appendToStream(`${prefix}order-1`, [
        newEvent(`${prefix}Placed`),
        newEvent(`${prefix}Shipped`),
      ]);
      await store.appendToStream(`${prefix}return-1`, [newEvent(`${prefix}Requested`)]);
      await store.appendToStream(`${prefix}order-2`, [newEvent(`${prefix}Placed`)]);
      const byPrefix = await eventually(
        () => store.readAll({ after: head, filter: { streamPrefixes: [`${prefix}order-`] } }),
        (events) => events.length >= 3,
      );
      expect(byPrefix.map((event) => event.streamId)).toEqual([
        `${prefix}order-1`,
        `${prefix}order-1`,
        `${prefix}order-2`,
      ]);
      expect(positionsStrictlyIncrease(byPrefix)).toBe(true);
      const byType = await store.readAll({
        after: head,
        filter: { eventTypes: [`${prefix}Placed`, `${prefix}Requested`] },
      });
      expect(byType.map((event) => event.streamId)).toEqual([
        `${prefix}order-1`,
        `${prefix}return-1`,
        `${prefix}order-2`,
      ]);
      const first = byPrefix[0];
      if (!first) throw new Error('nothing read');
      const afterFirst = await store.readAll({
        after: first.position,
        maxCount: 2,
        filter: { streamPrefixes: [prefix] },
      });
      expect(afterFirst.map((event) => event.type)).toEqual([`${prefix}Shipped`, `${prefix}Requested`]);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(byPrefix[2]?.position ?? 0n);
    });

    it('subscribes: catches up on history, then turns live', async () => {
      const prefix = uniquePrefix();
      const head = await store.headPosition();
      await store.appendToStream(
        `${prefix}-a`,
        times(3, (index) => newEvent('Old', { index })),
      );
      const live = collect(store, { after: head, filter: { streamPrefixes: [prefix] } }, 5);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await store.appendToStream(
        `${prefix}-b`,
        times(2, (index) => newEvent('New', { index })),
      );
      const seen = await live;
      expect(seen.map((event) => event.type)).toEqual(['Old', 'Old', 'Old', 'New', 'New']);
      expect(positionsStrictlyIncrease(seen)).toBe(true);
    });

    it('resumes strictly after an event inside a multi-event append: subscription and readAll pages', async () => {
      const prefix = uniquePrefix();
      const filter = { streamPrefixes: [prefix] };
      const head = await store.headPosition();
      const appended = await store.appendToStream(
        `${prefix}-a`,
        times(3, (index) => newEvent(`Step${index}`, { index })),
        { expectedRevision: 'no_stream' },
      );
      await store.appendToStream(`${prefix}-b`, [newEvent('After')], { expectedRevision: 'no_stream' });
      const stream = await store.readStream(`${prefix}-a`);
      expect(positionsStrictlyIncrease(stream)).toBe(true);
      expect(appended.lastPosition).toBe(stream[2]?.position);
      const all = ['Step0', 'Step1', 'Step2', 'After'];
      const types = (events: readonly { type: string }[]) => events.map((event) => event.type);

      // Subscribe, take two, close; resume after the second: the third, then the next append.
      const firstTwo = await collect(store, { after: head, filter }, 2);
      expect(types(firstTwo)).toEqual(['Step0', 'Step1']);
      const second = firstTwo[1]?.position ?? -1n;
      const resumed = await collect(store, { after: second, filter }, 2);
      expect(types(resumed)).toEqual(['Step2', 'After']);
      expect(resumed[0]?.position).toBe(stream[2]?.position);

      // readAll: a page of two ends inside the append; the next page starts strictly after it.
      const whole = await eventually(
        () => store.readAll({ after: head, filter }),
        (events) => events.length >= all.length,
      );
      expect(types(whole)).toEqual(all);
      expect(positionsStrictlyIncrease(whole)).toBe(true);
      expect(types(await store.readAll({ after: head, filter, maxCount: 2 }))).toEqual(['Step0', 'Step1']);
      expect(types(await store.readAll({ after: second, filter }))).toEqual(['Step2', 'After']);
      for (const pageSize of [1, 2, 3]) {
        const paged: RecordedEvent[] = [];
        let after = head;
        for (;;) {
          const page = await store.readAll({ after, filter, maxCount: pageSize });
          const last = page.at(-1);
          if (!last) break;
          paged.push(...page);
          after = last.position;
        }
        expect(paged.map((event) => event.metadata.eventId)).toEqual(
          whole.map((event) => event.metadata.eventId),
        );
      }
    });

    it('8 concurrent writers: a live subscriber sees every event once, in position order', async () => {
      const prefix = uniquePrefix();
      const writers = 8;
      const appendsPerWriter = 40;
      const head = await store.headPosition();
      const expected = writers * appendsPerWriter * 2;
      const live = collect(store, { after: head, filter: { streamPrefixes: [prefix] } }, expected, 60_000);
      await Promise.all(
        times(writers, async (writer) => {
          for (let index = 0; index < appendsPerWriter; index++) {
            // Half the appends go to a stream shared by all writers: real conflicts and retries.
            const shared = index % 2 === 0;
            const stream = shared ? `${prefix}-shared` : `${prefix}-writer-${writer}`;
            const batch = [newEvent('Written', { writer, index }), newEvent('Written', { writer, index })];
            await store.appendToStream(stream, batch, { expectedRevision: 'any' });
          }
        }),
      );
      const seen = await live;
      expect(seen).toHaveLength(expected);
      expect(positionsStrictlyIncrease(seen)).toBe(true);
      expect(new Set(seen.map((event) => event.metadata.eventId)).size).toBe(expected);
      const shared = await store.readStream(`${prefix}-shared`);
      expect(shared.map((event) => event.revision)).toEqual(times(shared.length, (index) => BigInt(index)));
    });

    const linkedSkip = harness.noLinkedAppends;
    // A skipped case says why in the test output, not only in its title (which a summary hides).
    if (linkedSkip)
      console.info(`${name} event store contract: the linked-append cases are skipped: ${linkedSkip}`);
    const linked = (title: string) => `${title}${linkedSkip ? ` (skipped: ${linkedSkip})` : ''}`;
    const appendLinked: NonNullable<EventStore['appendLinked']> = (appends) => {
      if (!store.appendLinked) throw new Error('this store has no appendLinked');
      return store.appendLinked(appends);
    };

    it.skipIf(linkedSkip)(
      linked('stores a linked append to several streams as one, beside plain appends'),
      async () => {
        const prefix = uniquePrefix();
        await store.appendToStream(`${prefix}-order-0`, [newEvent('Placed')], {
          expectedRevision: 'no_stream',
        });
        const results = await appendLinked([
          { streamId: `${prefix}-order-0`, events: [newEvent('Delivered')], expectedRevision: 0n },
          {
            streamId: `${prefix}-loyalty-0`,
            events: [newEvent('Earned', { points: 1 }), newEvent('TierChanged')],
            expectedRevision: 'no_stream',
          },
        ]);
        expect(results.map((result) => result.nextExpectedRevision)).toEqual([1n, 1n]);
        const order = await store.readStream(`${prefix}-order-0`);
        const loyalty = await store.readStream(`${prefix}-loyalty-0`);
        expect(order.map((event) => event.type)).toEqual(['Placed', 'Delivered']);
        expect(loyalty.map((event) => event.type)).toEqual(['Earned', 'TierChanged']);
        expect(results[0]?.lastPosition).toBe(order[1]?.position);
        expect(results[1]?.lastPosition).toBe(loyalty[1]?.position);
        // Many at once, mixed with plain appends: every part stored once, with its own revisions.
        const n = 24;
        await Promise.all(
          times(n, (i) =>
            i % 2 === 0
              ? appendLinked([
                  { streamId: `${prefix}-a-${i}`, events: [newEvent('A')], expectedRevision: 'no_stream' },
                  { streamId: `${prefix}-b-${i}`, events: [newEvent('B')], expectedRevision: 'no_stream' },
                ])
              : store.appendToStream(`${prefix}-a-${i}`, [newEvent('A')], { expectedRevision: 'no_stream' }),
          ),
        );
        const all = await store.readAll({ filter: { streamPrefixes: [`${prefix}-a-`, `${prefix}-b-`] } });
        expect(all).toHaveLength(n + n / 2);
        expect(positionsStrictlyIncrease(all)).toBe(true);
      },
    );

    it.skipIf(linkedSkip)(linked('refuses a linked append as a whole, storing none of it'), async () => {
      const prefix = uniquePrefix();
      await store.appendToStream(`${prefix}-order`, [newEvent('Placed')], { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      // One part's expected revision is wrong: the other part is not stored either.
      await expect(
        appendLinked([
          { streamId: `${prefix}-loyalty`, events: [newEvent('Earned')], expectedRevision: 'no_stream' },
          { streamId: `${prefix}-order`, events: [newEvent('Delivered')], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toBeInstanceOf(LinkedAppendRefusedError);
      // One part's event id is stored already: the same.
      const placed = (await store.readStream(`${prefix}-order`))[0];
      if (!placed) throw new Error('the order was not stored');
      const reused = {
        ...newEvent('Placed'),
        metadata: { ...newEvent('Placed').metadata, eventId: placed.metadata.eventId },
      };
      await expect(
        appendLinked([
          { streamId: `${prefix}-loyalty`, events: [newEvent('Earned')], expectedRevision: 'no_stream' },
          { streamId: `${prefix}-other`, events: [reused], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toBeInstanceOf(LinkedAppendRefusedError);
      expect(await store.readStream(`${prefix}-loyalty`)).toEqual([]);
      expect(await store.readStream(`${prefix}-other`)).toEqual([]);
      // A repeat of a linked append that was stored is refused too, and stores nothing twice.
      const earned = [newEvent('Earned')];
      const parts = [
        { streamId: `${prefix}-order`, events: [newEvent('Delivered')], expectedRevision: 0n },
        { streamId: `${prefix}-loyalty`, events: earned, expectedRevision: 'no_stream' as const },
      ];
      await appendLinked(parts);
      await expect(appendLinked(parts)).rejects.toBeInstanceOf(LinkedAppendRefusedError);
      expect(await store.readStream(`${prefix}-order`)).toHaveLength(2);
      expect(await store.readStream(`${prefix}-loyalty`)).toHaveLength(1);
      // Appending the parts one by one then answers each precisely (here: repeats of the first).
      const repeat = await store.appendToStream(`${prefix}-loyalty`, earned, {
        expectedRevision: 'no_stream',
      });
      expect(repeat.nextExpectedRevision).toBe(0n);
      expect(await store.headPosition()).toBeGreaterThan(head);
    });

    it.skipIf(linkedSkip)(
      linked('8 concurrent linked appends to the same streams: exactly one stored'),
      async () => {
        const prefix = uniquePrefix();
        await store.appendToStream(`${prefix}-order`, [newEvent('Placed')], {
          expectedRevision: 'no_stream',
        });
        const outcomes = await Promise.allSettled(
          times(8, (i) =>
            appendLinked([
              { streamId: `${prefix}-order`, events: [newEvent('Delivered', { i })], expectedRevision: 0n },
              {
                streamId: `${prefix}-loyalty`,
                events: [newEvent('Earned', { i })],
                expectedRevision: 'no_stream',
              },
            ]),
          ),
        );
        const stored = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        expect(stored).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(LinkedAppendRefusedError);
        }
        const order = await store.readStream(`${prefix}-order`);
        const loyalty = await store.readStream(`${prefix}-loyalty`);
        expect(order).toHaveLength(2);
        expect(loyalty).toHaveLength(1);
        // The order's delivery and the points come from the same append.
        expect(order[1]?.data).toEqual(loyalty[0]?.data);
      },
    );

    const { connectUnreachable } = harness;
    if (!connectUnreachable) {
      console.info(
        `${name} event store contract: "answers StoreUnavailableError when unreachable" is skipped: this store has no network`,
      );
    }
    it.skipIf(!connectUnreachable)(
      `answers StoreUnavailableError within seconds when unreachable${connectUnreachable ? '' : ' (skipped: this store has no network)'}`,
      async () => {
        if (!connectUnreachable) return;
        const limit = harness.unavailableWithinMs ?? 10_000;
        const started = Date.now();
        let failure: unknown;
        try {
          const unreachable = await connectUnreachable();
          try {
            await unreachable.appendToStream(`${uniquePrefix()}-x`, [newEvent('Placed')]);
          } finally {
            await unreachable.close().catch(() => undefined);
          }
        } catch (err) {
          failure = err;
        }
        expect(failure).toBeInstanceOf(StoreUnavailableError);
        expect(failure).toMatchObject({ code: 'store-unavailable' });
        // A bound against hanging, not a speed measurement.
        expect(Date.now() - started).toBeLessThan(limit);
      },
    );
  });
}
