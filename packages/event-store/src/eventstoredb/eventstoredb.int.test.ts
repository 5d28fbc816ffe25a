import { describe, expect, it } from 'vitest';
import { runEventStoreContract } from '../contract/event-store.contract';
import { newEvent, uniquePrefix } from '../contract/fixtures';
import { StoreUnavailableError } from '../errors';
import { EventStoreDbEventStore } from './esdb-store';

/**
 * The contract runs against a real EventStoreDB: `EVENTSTORE_URL`, else a testcontainers server
 * when a Docker engine works, else it is reported as skipped with the reason.
 */
const IMAGE = 'eventstore/eventstore:24.10';

async function dockerWorks(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch (err) {
    console.info(`EventStoreDB contract: no Docker engine (${(err as Error).message})`);
    return false;
  }
}

const envUrl = process.env.EVENTSTORE_URL;
const useDocker = !envUrl && (await dockerWorks());

if (envUrl || useDocker) {
  let stop: (() => Promise<unknown>) | undefined;
  let url = envUrl ?? '';
  runEventStoreContract('eventstoredb', {
    noLinkedAppends: 'EventStoreDB has no transactions across streams; callers append one by one',
    makeStore: async () => {
      if (!url) {
        const { GenericContainer, Wait } = await import('testcontainers');
        const container = await new GenericContainer(IMAGE)
          .withEnvironment({
            EVENTSTORE_INSECURE: 'true',
            EVENTSTORE_MEM_DB: 'true',
            EVENTSTORE_RUN_PROJECTIONS: 'None',
          })
          .withExposedPorts(2113)
          .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
          .start();
        stop = () => container.stop();
        url = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
      }
      // Pages of two: the contract's appends of three events then end a server page inside an append.
      const store = new EventStoreDbEventStore({ connectionString: url, readPageSize: 2 });
      return Object.assign(store, {
        close: async () => {
          await EventStoreDbEventStore.prototype.close.call(store);
          await stop?.();
        },
      });
    },
    connectUnreachable: async () =>
      new EventStoreDbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' }),
  });
} else {
  const reason = 'no EVENTSTORE_URL and no Docker engine on this machine';
  console.info(`EventStoreDB contract suite skipped: ${reason}`);
  describe('eventstoredb: event store contract', () => {
    it.skip(`EventStoreDB contract suite: skipped — ${reason}`, () => {});
  });
}

// A real client against a real closed port: no server needed.
describe('EventStoreDB adapter without a server', () => {
  it('answers StoreUnavailableError within the deadline when nothing listens', async () => {
    const store = new EventStoreDbEventStore({
      connectionString: 'esdb://127.0.0.1:1?tls=false',
      deadlineMs: 2_000,
    });
    try {
      const started = Date.now();
      await expect(store.appendToStream(`${uniquePrefix()}-x`, [newEvent('Placed')])).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(store.readStream(`${uniquePrefix()}-x`)).rejects.toMatchObject({
        code: 'store-unavailable',
      });
      await expect(store.readAll({ maxCount: 10 })).rejects.toBeInstanceOf(StoreUnavailableError);
      // A bound against hanging, not a speed measurement.
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await store.close();
    }
  });

  it('keeps a subscription retrying (never ending by itself) while the server is away', async () => {
    const store = new EventStoreDbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
    const retries: unknown[] = [];
    const subscription = store.subscribeToAll({ onRetry: (err) => retries.push(err) });
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await subscription.close();
    await store.close();
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]).toBeInstanceOf(StoreUnavailableError);
    await expect(next).resolves.toMatchObject({ done: true });
  });
});
