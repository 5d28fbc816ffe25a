import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokenOrderPlaced,
  type Fixture,
  openFixture,
  recordingChannel,
  silentLog,
  waitFor,
} from '../../test/support';
import { ManualClock } from '../clock';
import { type NotifierHandle, startNotifier } from '../notifier';

/**
 * A message that fails by its own fault is dead-lettered after `maxDeliver` failures in all,
 * however often the notifier restarts in between: the count is kept in
 * `notifier.event_failures`, not in the process.
 */
let fx: Fixture;
let notifier: NotifierHandle | undefined;
const clock = new ManualClock('2026-06-10T08:00:00.000Z');

const start = () =>
  startNotifier({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    natsUrl: fx.natsUrl,
    names: fx.names,
    durable: 'failure-counts',
    clock,
    channels: { email: recordingChannel('email'), sms: recordingChannel('sms') },
    // A long pause between tries, so the test stops the notifier between two of them.
    consumer: { backoffMs: [2_000, 2_000], maxDeliver: 3 },
    dispatcher: { manual: true },
  });

beforeAll(async () => {
  fx = await openFixture('notifier_failure_counts');
});

afterAll(async () => {
  await notifier?.stop();
  await fx?.close();
});

describe('failure counts across restarts', () => {
  it('dead-letters a failing event after maxDeliver failures in all, not maxDeliver per process', async () => {
    notifier = await start();
    // An order placed without lines: applying it fails every time, by its own fault.
    const broken = brokenOrderPlaced('2026-06-10T08:00:00.000Z');
    const nc = await connect({ servers: fx.natsUrl });
    try {
      await nc
        .jetstream()
        .publish(
          `${fx.names.subjectPrefix}.events.OrderPlaced`,
          new TextEncoder().encode(JSON.stringify(broken)),
        );
    } finally {
      await nc.close();
    }
    const counted = async () => {
      const { rows } = await fx.pool.query<{ failures: number; last_error: string }>(
        'SELECT failures, last_error FROM notifier.event_failures WHERE event_id = $1',
        [broken.eventId],
      );
      return rows[0];
    };
    const twice = await waitFor(async () => {
      const row = await counted();
      return row && row.failures >= 2 ? row : undefined;
    });
    await notifier.stop();
    notifier = undefined;
    // Stopped within the 2 s before the third try.
    expect(twice.failures).toBe(2);
    expect(twice.last_error).not.toBe('');

    // A new process: one more failure is the third, and the message goes to the dead letters.
    notifier = await start();
    const letter = await waitFor(async () => {
      const { rows } = await fx.pool.query<{ deliveries: number }>(
        'SELECT deliveries FROM notifier.dead_letters WHERE event_id = $1',
        [broken.eventId],
      );
      return rows[0];
    });
    // Three deliveries in all (with the count in memory the new process took three more: five).
    expect(letter.deliveries).toBe(3);
    // Dead-lettered: its count is gone.
    expect(await counted()).toBeUndefined();
  }, 60_000);
});
