import type { EventStore } from '@aftersales/event-store';
import { type CustomerKeyStore, openPersonalData } from '@aftersales/privacy';
import type { NatsConnection } from 'nats';
import type pg from 'pg';
import type { Logger } from 'pino';
import { InProcessBus } from './bus/in-process';
import {
  connectionState,
  connectNats,
  defaultJetStreamNames,
  JetStreamFeed,
  type JetStreamNames,
} from './bus/jetstream';
import { logChannel } from './channels/log';
import { withRetry } from './channels/retry';
import type { Channel, Channels } from './channels/types';
import { type Clock, systemClock } from './clock';
import { EventConsumer } from './consumer/event-consumer';
import type { EventFeed } from './consumer/feed';
import { type EventEnvelope, toEnvelope } from './envelope';
import { PolicyFollower, type PolicySource } from './policy/follow';
import { type RelayHandle, startRelay } from './relay/relay';
import { defaultNotifierRetention, type NotifierRetention, schedulePurges } from './retention';
import { notificationRules } from './rules/catalog';
import type { RuleDefinition } from './rules/types';
import { Dispatcher, type DispatcherOptions } from './scheduler/dispatcher';
import { ensureNotifierSchema } from './schema';

export type NotifierOptions = Readonly<{
  /**
   * The store the embedded relay reads (no `natsUrl`). Give the undecorated store together with
   * `keys`, as for `startRelay`: personal fields then travel sealed and are opened only here.
   */
  store: EventStore;
  /**
   * Customer keys (crypto-shredding): the consumer opens the personal fields of each message
   * with them. Needed when the relay reads the log without the decorator, as it should: then
   * the bus (JetStream keeps messages on disk) never holds a customer's data readable, and
   * forgetting the customer makes those copies unreadable too.
   */
  keys?: CustomerKeyStore;
  pool: pg.Pool;
  log: Logger;
  /** With a URL the notifier is a JetStream durable consumer; without, the embedded mode. */
  natsUrl?: string;
  clock?: Clock;
  /** Defaults to the log channel for email, SMS and support (the embedded mode). */
  channels?: Channels;
  names?: JetStreamNames;
  /** The durable consumer's name. */
  durable?: string;
  rules?: readonly RuleDefinition[];
  /**
   * The policy's notification rules. Default: the `policy` stream of `store`, followed while the
   * notifier runs (read every `policyRefreshMs`, default 1,000 ms), so a change through
   * `/v1/ops/policy` applies without a restart.
   */
  policy?: PolicySource;
  policyRefreshMs?: number;
  /**
   * How long processed events, decisions and resolved dead letters are kept (`src/retention.ts`;
   * purged hourly). `false`: never purged here (another notifier process sharing the database
   * does it).
   */
  retention?: NotifierRetention | false;
  consumer?: Readonly<{
    backoffMs?: readonly number[];
    maxDeliver?: number;
    maxAckPending?: number;
    lanes?: number;
  }>;
  dispatcher?: Omit<DispatcherOptions, 'pool' | 'clock' | 'channels' | 'log'> &
    Readonly<{
      /** No background loop: due messages go out only on `runDue()` (tests with a manual clock). */
      manual?: boolean;
    }>;
  /** Called after each handled event (metrics, tests). */
  onHandled?: (envelope: EventEnvelope) => void;
  /** Called after an event was dead-lettered (metrics). */
  onDeadLetter?: (eventType: string | undefined) => void;
}>;

export type NotifierStatus = Readonly<{
  mode: 'jetstream' | 'embedded';
  /** The bus connection (embedded mode: always connected). */
  bus: 'connected' | 'reconnecting' | 'closed';
  consumer: Readonly<{ lastProgressAt: number; failing: boolean; queued: number }>;
  dispatcher: Readonly<{ running: boolean; failing: boolean; lastBatchAt: number }>;
}>;

export type NotifierHandle = Readonly<{
  mode: 'jetstream' | 'embedded';
  /** Runs every message due now (by the injected clock); returns how many rows were handled. */
  runDue(): Promise<number>;
  status(): NotifierStatus;
  /** Messages waiting on the bus for the consumer (JetStream: pending and unacknowledged). */
  backlog(): Promise<number | undefined>;
  /** The highest policy version read from the `policy` stream (undefined: a given `policy`). */
  policyVersion(): number | undefined;
  stop(): Promise<void>;
}>;

/**
 * Starts the notifier:
 * - `natsUrl` given: a durable pull consumer on the JetStream stream the relay fills (run
 *   `startRelay` in the same or another process);
 * - no `natsUrl` (embedded mode): an in-process relay feeds an in-process bus with the same ack
 *   contract; nothing leaves the process, and its checkpoint only moves past handled events.
 */
export async function startNotifier(options: NotifierOptions): Promise<NotifierHandle> {
  const { pool, log, keys } = options;
  const clock = options.clock ?? systemClock;
  const names = options.names ?? defaultJetStreamNames;
  await ensureNotifierSchema(pool);

  let follower: PolicyFollower | undefined;
  let policy = options.policy;
  if (!policy) {
    follower = new PolicyFollower(options.store, {
      refreshMs: options.policyRefreshMs,
      onError: (err) => log.warn({ err }, 'policy stream not read; deciding with the last version read'),
    });
    await follower.start();
    policy = follower;
  }

  const channels = resolveChannels(options.channels, log);
  const dispatcher = new Dispatcher({ ...options.dispatcher, pool, clock, channels, log, policy });

  let nc: NatsConnection | undefined;
  let busState: () => 'connected' | 'reconnecting' | 'closed' = () => 'connected';
  let feed: EventFeed;
  let relay: RelayHandle | undefined;
  if (options.natsUrl) {
    nc = await connectNats(options.natsUrl, `notifier:${options.durable ?? 'notifier'}`);
    busState = connectionState(nc);
    feed = new JetStreamFeed({
      ...names,
      nc,
      durable: options.durable ?? 'notifier',
      log,
      backoffMs: options.consumer?.backoffMs,
      maxDeliver: options.consumer?.maxDeliver,
      maxAckPending: options.consumer?.maxAckPending,
    });
  } else {
    const bus = new InProcessBus(options.consumer?.backoffMs, options.consumer?.maxDeliver);
    feed = bus;
    relay = await startRelay({ store: options.store, pool, log, publisher: bus, name: 'relay:in-process' });
  }

  const consumer = new EventConsumer({
    pool,
    feed,
    rules: options.rules ?? notificationRules,
    clock,
    log,
    lanes: options.consumer?.lanes,
    onDueNow: () => dispatcher.kick(),
    onHandled: options.onHandled,
    onDeadLetter: options.onDeadLetter,
    policy,
    // A gap in a stream (the bus brought a later event first) is filled from the log itself.
    history: async (streamId, fromRevision, count) =>
      (await options.store.readStream(streamId, { fromRevision, maxCount: count })).map(toEnvelope),
    ...(keys ? { open: (envelopes) => openPersonalData(envelopes, keys) } : {}),
  });
  await consumer.start();
  if (!options.dispatcher?.manual) dispatcher.start();
  const stopPurges =
    options.retention === false
      ? () => undefined
      : schedulePurges(pool, clock, log, options.retention ?? defaultNotifierRetention);
  log.info({ mode: options.natsUrl ? 'jetstream' : 'embedded', stream: names.stream }, 'notifier started');

  return {
    mode: options.natsUrl ? 'jetstream' : 'embedded',
    runDue: () => dispatcher.drain(),
    status: () => ({
      mode: options.natsUrl ? 'jetstream' : 'embedded',
      bus: busState(),
      consumer: consumer.status(),
      dispatcher: dispatcher.status(),
    }),
    backlog: async () => consumer.backlog(),
    policyVersion: () => follower?.latestVersion,
    async stop() {
      follower?.stop();
      stopPurges();
      await relay?.stop();
      await consumer.stop();
      await dispatcher.stop();
      await nc?.drain().catch(() => undefined);
      await Promise.all(
        Object.values(channels)
          .filter((c): c is Channel => c !== undefined)
          .map((c) => c.close?.()),
      );
      log.info({}, 'notifier stopped');
    },
  };
}

function resolveChannels(channels: Channels | undefined, log: Logger): Channels {
  if (!channels) {
    return {
      email: logChannel('email', log),
      sms: logChannel('sms', log),
      support: logChannel('support', log),
    };
  }
  const wrap = (channel: Channel | undefined) => (channel ? withRetry(channel) : undefined);
  return { email: wrap(channels.email), sms: wrap(channels.sms), support: wrap(channels.support) };
}
