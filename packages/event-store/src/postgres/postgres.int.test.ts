import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { runEventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-store';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('es_contract');
});
afterAll(async () => {
  await database?.drop();
});

runEventStoreContract('postgres', {
  makeStore: () => PostgresEventStore.connect({ connectionString: database.url, pollIntervalMs: 200 }),
  // Port 1 on the loopback: nothing listens there, the connection is refused at once.
  connectUnreachable: () =>
    PostgresEventStore.connect({ connectionString: 'postgres://postgres@127.0.0.1:1/x' }),
});
