import net from 'node:net';
import { createPostgresEventStore, type EventStore } from '@aftersales/event-store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../test/support';
import { type OwnNats, type RoleProcess, spawnRole, startOwnNats } from '../test/servers';
import { append, customerData, waitFor, waitProcessed } from '../test/support';

/**
 * The relay and the notifier as processes of their own: a database outage and a NATS outage
 * do not end them, their readiness says what they cannot do while it lasts, and they carry on
 * by themselves afterwards. A wrong setting or a port taken ends the process before it claims
 * to have started.
 */
let db: TestDatabase;
let admin: pg.Client;
let store: EventStore;
let nats: OwnNats;
let relay: RoleProcess;
let notifier: RoleProcess;
let env: Record<string, string>;

type ReadyAnswer = { status: number; body: { ready: boolean; checks: { name: string; ok: boolean }[] } };

async function ready(role: RoleProcess): Promise<ReadyAnswer> {
  const response = await fetch(`http://127.0.0.1:${role.port}/ready`);
  return { status: response.status, body: (await response.json()) as ReadyAnswer['body'] };
}

const failing = (answer: ReadyAnswer) =>
  answer.body.checks
    .filter((c) => !c.ok)
    .map((c) => c.name)
    .sort();

const alive = (role: RoleProcess) => role.child.exitCode === null && role.child.signalCode === null;

beforeAll(async () => {
  db = await createTestDatabase('notifier_svc');
  admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  store = await createPostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
  nats = await startOwnNats();
  const id = uniqueId().replace(/[^a-z0-9]/gi, '');
  env = {
    DATABASE_URL: db.url,
    NATS_URL: nats.url,
    NOTIFIER_STREAM: `SVC_${id}`.toUpperCase(),
    NOTIFIER_SUBJECT_PREFIX: `svc${id}`,
    NOTIFIER_BACKOFF_MS: '1000,2000',
    NOTIFIER_STALL_SECONDS: '5',
    SMTP_URL: 'log',
    SMS_WEBHOOK_URL: 'log',
    SUPPORT_WEBHOOK_URL: 'log',
  };
  relay = await spawnRole('relay', env);
  notifier = await spawnRole('notifier', env);
});

afterAll(async () => {
  await relay?.kill();
  await notifier?.kill();
  await store?.close().catch(() => undefined);
  await nats?.close();
  await admin?.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`).catch(() => undefined);
  await admin?.end();
  await db?.drop();
});

describe('notifier processes under outages', () => {
  it('are ready when everything is up', async () => {
    for (const role of [relay, notifier]) {
      const answer = await waitFor(async () => {
        const a = await ready(role);
        return a.status === 200 ? a : undefined;
      });
      expect(answer.body.ready).toBe(true);
    }
  });

  it('a database outage: not ready while it lasts, alive throughout, working again after', async () => {
    // The database refuses new connections and every existing one is killed: what a crash
    // looks like to the processes, on this database only.
    await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
    try {
      for (const role of [relay, notifier]) {
        const answer = await waitFor(
          async () => {
            const a = await ready(role);
            return a.status === 503 ? a : undefined;
          },
          15_000,
          'not ready',
        );
        expect(failing(answer)).toContain('database');
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(alive(relay) && alive(notifier)).toBe(true);
    } finally {
      await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
    }
    for (const role of [relay, notifier]) {
      await waitFor(
        async () => ((await ready(role)).status === 200 ? true : undefined),
        30_000,
        'ready again',
      );
    }
    // And they work: an event written now is relayed and applied.
    const customerId = uniqueId('c');
    const eventId = await append(
      store,
      `customer-${customerId}`,
      'CustomerRegistered',
      customerData(customerId),
      new Date().toISOString(),
    );
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      await waitProcessed(pool, [eventId], 30_000);
    } finally {
      await pool.end();
    }
  });

  it('a NATS outage: not ready while it lasts, reconnected by themselves after', async () => {
    await nats.kill();
    try {
      for (const role of [relay, notifier]) {
        const answer = await waitFor(
          async () => {
            const a = await ready(role);
            return a.status === 503 ? a : undefined;
          },
          15_000,
          'not ready',
        );
        expect(failing(answer).some((name) => name.endsWith('-bus') || name.endsWith('-progress'))).toBe(
          true,
        );
      }
    } finally {
      await nats.start();
    }
    for (const role of [relay, notifier]) {
      await waitFor(
        async () => ((await ready(role)).status === 200 ? true : undefined),
        30_000,
        'ready again',
      );
    }
    expect(alive(relay) && alive(notifier)).toBe(true);
  });

  it('a port taken or a missing channel setting: exits non-zero before it says it started', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      await expect(spawnRole('notifier', { ...env, PORT: String(port) })).rejects.toThrow('exited with 1');
    } finally {
      taken.close();
    }
    const { SMTP_URL: _smtp, ...withoutSmtp } = env;
    await expect(spawnRole('notifier', { ...withoutSmtp, SMTP_URL: '' })).rejects.toThrow('exited with 1');
  });
});
