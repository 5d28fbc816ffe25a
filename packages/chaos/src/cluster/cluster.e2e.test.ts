import {
  createPostgresEventStore,
  type EventStore,
  type RecordedEvent,
  sleep,
} from '@aftersales/event-store';
import { toIntegrationEvents } from '@aftersales/integrations';
import { allProjections, createBiRole } from '@aftersales/projections';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileEvents } from '../check/events';
import { checkNotifications, waitForNotifier } from '../check/notifications';
import { compareWithRebuild, waitForProjections } from '../check/read-models';
import { untilHealthy } from '../infra/nats-cluster';
import type { ServiceName } from '../supervisor';
import { type CommandRecord, Workload } from '../workload';
import { type Cluster, startCluster } from './topology';

/**
 * The scale-out story of DESIGN.md, run for real on one machine (see README "Cluster test"):
 * two API replicas behind a round robin, a 3-node JetStream cluster with the relay's stream and
 * the integration stream at replicas 3, an active and a standby projections process, two notifiers on one durable
 * consumer, BI on a streaming replica. Faults while the workload runs: the stream leader's
 * nats-server killed and started again, the active projections process `kill -9`.
 *
 * `pnpm test:cluster` runs the full profile; `pnpm test` the short one (CLUSTER_PROFILE unset).
 */
const FULL = process.env.CLUSTER_PROFILE === 'full';
// One key per journey worker (each sends some 10 commands a second here).
const profile = FULL
  ? { workloads: 6, warmUpMs: 8_000, natsKills: 3, natsDownMs: 8_000, projectionKills: 2 }
  : { workloads: 2, warmUpMs: 2_000, natsKills: 1, natsDownMs: 3_000, projectionKills: 1 };
/** Per key and minute, on every replica; the workload's keys each stay well below it. */
const RATE_LIMIT = 1_000;
/** The standby holds every lease this soon after `kill -9` of the active process (DESIGN: hot standby). */
const TAKEOVER_BOUND_MS = 10_000;

const say = (line: string) => process.stdout.write(`[cluster] ${line}\n`);

let cluster: Cluster;
let store: EventStore;
let nc: NatsConnection;
const workloads: Workload[] = [];
const takeovers: number[] = [];
const natsOutages: string[] = [];
let log: RecordedEvent[] = [];
let stoppedAt: Date;

async function leaseHolders(): Promise<Map<string, number>> {
  const { rows } = await cluster.pool.query<{ name: string; owner: string }>(
    `SELECT name, owner FROM projections.leases WHERE name LIKE 'projection:%' AND expires_at > now()`,
  );
  // owner is host:pid:uuid
  return new Map(rows.map((r) => [r.name, Number(r.owner.split(':')[1])]));
}

/** The projections process holding every projection's lease, once one does. */
async function activeProjections(timeoutMs: number): Promise<ServiceName> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const holders = await leaseHolders().catch(() => new Map<string, number>());
    const pids = new Set(holders.values());
    if (holders.size === allProjections.length && pids.size === 1) {
      const [pid] = pids;
      const name = (['projections-1', 'projections-2'] as const).find(
        (n) => cluster.supervisor.pidOf(n) === pid,
      );
      if (name) return name;
    }
    if (Date.now() > deadline) throw new Error(`no single active projections process: ${[...holders]}`);
    await sleep(100);
  }
}

/** Until the process on `port` answers /health (a restarted standby has booted). */
async function answering(port: number): Promise<void> {
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(200);
  }
}

async function streamLeader(): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info(cluster.stream);
      if (info.cluster?.leader) return info.cluster.leader;
    } catch (err) {
      if (attempt > 40) throw err;
    }
    await sleep(250);
  }
}

/** Requests of one key, spread over the replicas, beyond its limit; statuses per replica. */
async function burst(key: string, requests: number): Promise<Map<string, number[]>> {
  const statuses = new Map<string, number[]>(cluster.apiUrls.map((u) => [u, []]));
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < requests) {
        const n = next++;
        const url = cluster.apiUrls[n % cluster.apiUrls.length] as string;
        const response = await fetch(`${url}/v1/orders/burst-${n}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        await response.arrayBuffer();
        statuses.get(url)?.push(response.status);
      }
    }),
  );
  return statuses;
}

beforeAll(async () => {
  const started = Date.now();
  cluster = await startCluster({ apis: 2, notifiers: 2, rateLimitPerMinute: RATE_LIMIT });
  await cluster.startProjections(1);
  await activeProjections(120_000);
  await cluster.startProjections(2);
  store = await createPostgresEventStore({ connectionString: cluster.databaseUrl });
  nc = await connect({ servers: cluster.nats.url.split(','), maxReconnectAttempts: -1 });
  say(`topology up in ${((Date.now() - started) / 1000).toFixed(1)} s (dir ${cluster.dir})`);
}, 240_000);

afterAll(async () => {
  for (const w of workloads) w.stop();
  await nc?.close().catch(() => undefined);
  await store?.close().catch(() => undefined);
  await cluster?.close(false);
}, 120_000);

describe('the system scaled out on one machine', () => {
  it('takes the workload on both API replicas while a NATS node and the active projections die', async () => {
    const runId = `k${Date.now().toString(36)}`;
    for (let i = 0; i < profile.workloads; i++) {
      const key = await cluster.newApiKey(`cluster-w${i}`);
      const [first] = cluster.apiUrls as [string];
      workloads.push(new Workload(first, key, `${runId}w${i}`, 90_000, cluster.apiUrls));
    }
    const running = Promise.all(workloads.map((w) => w.run(1)));
    await sleep(profile.warmUpMs);

    // The stream leader's node dies and comes back on its store; the others keep the quorum.
    for (let k = 0; k < profile.natsKills; k++) {
      const leader = await streamLeader();
      const node = cluster.nats.nodeNamed(leader);
      await node.kill();
      await sleep(profile.natsDownMs);
      await node.start();
      await untilHealthy(node.monitorPort, 60_000);
      natsOutages.push(`${leader} down ${profile.natsDownMs / 1000} s`);
      say(`nats ${leader} (stream leader) killed and restarted`);
    }

    // kill -9 of the active projections process: the standby takes every lease.
    for (let k = 0; k < profile.projectionKills; k++) {
      const active = await activeProjections(60_000);
      const killedAt = Date.now();
      await cluster.supervisor.kill(active);
      const next = await activeProjections(60_000);
      takeovers.push(Date.now() - killedAt);
      expect(next).not.toBe(active);
      say(`${active} killed; ${next} holds every lease after ${takeovers.at(-1)} ms`);
      // The killed one is started again by the supervisor and becomes the standby.
      if (k + 1 < profile.projectionKills) await answering(cluster.supervisor.portOf(active));
    }

    try {
      // The rate limit holds across the replicas: one key gets RATE_LIMIT a minute in all, not
      // per replica. Started early in a clock minute (the windows are aligned on it).
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 20_000) await sleep(left + 100);
      const burstKey = await cluster.newApiKey('cluster-burst');
      const burstStarted = Date.now();
      const statuses = await burst(burstKey, RATE_LIMIT + 100);
      const all = [...statuses.values()].flat();
      const accepted = all.filter((s) => s !== 429).length;
      say(
        `rate limit: ${accepted} of ${all.length} accepted across ${statuses.size} replicas in ${Date.now() - burstStarted} ms`,
      );
      expect(all.filter((s) => s !== 404 && s !== 429)).toEqual([]);
      // Exactly what the shared counters allowed, window by window (should the burst have run
      // into the next minute, that minute's budget counts too).
      const { rows: windows } = await cluster.pool.query<{ hits: number }>(
        `SELECT hits FROM api_rate_limits WHERE bucket LIKE 'key:cluster-burst-%' ORDER BY window_start`,
      );
      expect(accepted).toBe(windows.reduce((n, w) => n + Math.min(w.hits, RATE_LIMIT), 0));
      expect(windows.some((w) => w.hits > RATE_LIMIT)).toBe(true);
      for (const [url, list] of statuses) {
        expect(list.filter((s) => s === 404).length, url).toBeGreaterThan(RATE_LIMIT / 4);
        expect(list.filter((s) => s === 429).length, url).toBeGreaterThan(0);
      }
    } finally {
      for (const w of workloads) w.stop();
      await running;
    }
    stoppedAt = new Date();
    const sent = new Map<string, number>();
    for (const w of workloads) for (const [url, n] of w.sentTo) sent.set(url, (sent.get(url) ?? 0) + n);
    const total = [...sent.values()].reduce((a, b) => a + b, 0);
    say(`requests per replica: ${[...sent.values()].join(' / ')}`);
    expect(sent.size).toBe(cluster.apiUrls.length);
    for (const n of sent.values()) expect(n).toBeGreaterThan(total / 4);

    log = await store.readAll();
    const commands = new Map<string, CommandRecord>();
    for (const w of workloads) for (const [key, record] of w.commands) commands.set(key, record);
    const acknowledged = [...commands.values()].filter((c) => c.acknowledged).length;
    say(`${commands.size} commands, ${acknowledged} acknowledged, ${log.length} events`);
    expect(acknowledged).toBeGreaterThan(profile.workloads * 5);
    const events = reconcileEvents(commands, log);
    expect([...events.duplicates.keys()]).toEqual([]);
    expect([...events.lost.keys()]).toEqual([]);
    expect(events.orphans.map((e) => e.type)).toEqual([]);
    // No process ended by itself.
    expect(cluster.supervisor.exits.filter((e) => !e.killed)).toEqual([]);
  }, 600_000);

  it('has every event in the replicated stream exactly once', async () => {
    const lastPosition = log.at(-1)?.position ?? 0n;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const { rows } = await cluster.pool.query<{ position: string }>(
        'SELECT max(position)::text AS position FROM notifier.relay_checkpoints',
      );
      if (BigInt(rows[0]?.position ?? -1) >= BigInt(lastPosition)) break;
      if (Date.now() > deadline) throw new Error('the relay did not catch up');
      await sleep(500);
    }
    say(`relay caught up after ${Date.now() - (deadline - 90_000)} ms`);
    const jsm = await nc.jetstreamManager();
    // Every copy current again after the restarts.
    let info = await jsm.streams.info(cluster.stream);
    for (let i = 0; i < 120 && !(info.cluster?.replicas ?? []).every((r) => r.current); i++) {
      await sleep(500);
      info = await jsm.streams.info(cluster.stream);
    }
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas?.length).toBe(2);
    expect(info.cluster?.replicas?.every((r) => r.current && !r.offline)).toBe(true);

    const js = nc.jetstream();
    // An ordered consumer over the whole stream (events and dead letters: none expected).
    const consumer = await js.consumers.get(cluster.stream);
    const ids: string[] = [];
    const subjects = new Set<string>();
    while (ids.length < info.state.messages) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 2_000 });
      let got = 0;
      for await (const m of batch) {
        ids.push(m.headers?.get('Nats-Msg-Id') ?? '?');
        subjects.add(m.subject.split('.').slice(0, 2).join('.'));
        got += 1;
      }
      if (got === 0) break;
    }
    expect([...subjects]).toEqual([`${cluster.subjectPrefix}.events`]);
    const logIds = log.map((e) => e.metadata.eventId);
    expect(ids.length).toBe(log.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...logIds].sort());
    expect(info.state.messages).toBe(log.length);
    say(`stream: ${ids.length} messages for ${log.length} events, replicas ${info.config.num_replicas}`);
  }, 180_000);

  it('publishes every integration event once, in log order per subject, on its replicated stream', async () => {
    const expected = log.flatMap((event) =>
      toIntegrationEvents(event).map((e) => ({ id: `${e.type}:${e.id}`, subject: e.subject })),
    );
    // The publisher reads the published types only: its checkpoint ends at the last of them.
    const lastPosition = log.findLast((event) => toIntegrationEvents(event).length > 0)?.position ?? 0n;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const { rows } = await cluster.pool.query<{ position: string | null }>(
        'SELECT max(position)::text AS position FROM integrations.publisher_checkpoints',
      );
      if (BigInt(rows[0]?.position ?? -1) >= BigInt(lastPosition)) break;
      if (Date.now() > deadline) throw new Error('the integration publisher did not catch up');
      await sleep(500);
    }
    const jsm = await nc.jetstreamManager();
    let info = await jsm.streams.info(cluster.integrationStream);
    for (let i = 0; i < 120 && !(info.cluster?.replicas ?? []).every((r) => r.current); i++) {
      await sleep(500);
      info = await jsm.streams.info(cluster.integrationStream);
    }
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas?.every((r) => r.current && !r.offline)).toBe(true);

    // A plain ordered read of the whole stream, as an integrating service would do it.
    const consumer = await nc.jetstream().consumers.get(cluster.integrationStream);
    const got: { id: string; subject: string }[] = [];
    while (got.length < info.state.messages) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 2_000 });
      let n = 0;
      for await (const m of batch) {
        const event = m.json<{ subject: string }>();
        got.push({ id: m.headers?.get('Nats-Msg-Id') ?? '?', subject: event.subject });
        n += 1;
      }
      if (n === 0) break;
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(got.map((g) => g.id)).size).toBe(got.length);
    expect([...got.map((g) => g.id)].sort()).toEqual([...expected.map((e) => e.id)].sort());
    // Per subject (a stream of the log), the order of the log.
    const bySubject = (list: { id: string; subject: string }[]) => {
      const map = new Map<string, string[]>();
      for (const e of list) map.set(e.subject, [...(map.get(e.subject) ?? []), e.id]);
      return map;
    };
    const want = bySubject(expected);
    for (const [subject, ids] of bySubject(got)) expect(ids, subject).toEqual(want.get(subject));
    say(`integration stream: ${got.length} messages for ${expected.length} integration events, replicas 3`);
  }, 180_000);

  it('projects through the takeover: the read models equal a clean rebuild', async () => {
    expect(takeovers.length).toBe(profile.projectionKills);
    for (const ms of takeovers) expect(ms).toBeLessThan(TAKEOVER_BOUND_MS);
    expect(await waitForProjections(cluster.pool, stoppedAt, 120_000)).toEqual([]);
    const tables = await compareWithRebuild(store, cluster.pool, cluster.rebuildPool);
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.filter((t) => t.differing > 0 || t.digest !== t.rebuiltDigest)).toEqual([]);
    say(`takeover after ${takeovers.join(', ')} ms; ${tables.length} tables equal a rebuild`);
  }, 300_000);

  it('notifies once per message, in log order per stream, both notifiers on the one consumer', async () => {
    expect(await waitForNotifier(cluster.pool, 3_000, 120_000, log)).toBe(true);
    const processed = await cluster.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notifier.processed_events',
    );
    expect(processed.rows[0]?.n).toBe(log.length);
    const orderIds = new Set(workloads.flatMap((w) => w.journeys.map((j) => j.orderId)));
    expect(await checkNotifications(cluster.pool, log, orderIds)).toEqual([]);

    // What reached the SMTP server: no Message-ID twice, and each one in the sent-ledger.
    // (Quiet hours, 21:00 – 08:00 for these UTC customers, defer what falls due then: the
    // decisions are the notifier's account either way.)
    const messageIds = cluster.smtp.mails.map((m) => m.messageId ?? '?');
    expect(new Set(messageIds).size).toBe(messageIds.length);
    const { rows: decided } = await cluster.pool.query<{ decision: string; n: number }>(
      'SELECT decision, count(*)::int AS n FROM notifier.decisions GROUP BY 1 ORDER BY 1',
    );
    say(`decisions: ${decided.map((d) => `${d.n} ${d.decision}`).join(', ')}; ${messageIds.length} e-mails`);
    expect(decided.reduce((n, d) => n + d.n, 0)).toBeGreaterThan(0);
    const ledger = await cluster.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM notifier.sent_ledger WHERE channel = 'email'",
    );
    expect(ledger.rows[0]?.n).toBe(messageIds.length);

    // Each stream applied in log order up to its last event, whichever notifier got which.
    const last = new Map<string, number>();
    for (const e of log) last.set(e.streamId, Math.max(last.get(e.streamId) ?? -1, Number(e.revision)));
    const { rows: revisions } = await cluster.pool.query<{ stream_id: string; revision: string }>(
      'SELECT stream_id, revision::text FROM notifier.stream_revisions',
    );
    expect(revisions.length).toBeGreaterThan(0);
    expect(revisions.filter((r) => Number(r.revision) !== last.get(r.stream_id))).toEqual([]);
    // Per customer, plans were made in the order of the events that triggered them.
    const { rows: plans } = await cluster.pool.query<{ customer_id: string; position: string }>(
      `SELECT s.customer_id, p.position::text FROM notifier.schedule s
         JOIN notifier.processed_events p ON p.event_id = s.trigger_event_id ORDER BY s.id`,
    );
    const seen = new Map<string, bigint>();
    const outOfOrder: string[] = [];
    for (const plan of plans) {
      const position = BigInt(plan.position);
      if ((seen.get(plan.customer_id) ?? -1n) > position) outOfOrder.push(plan.customer_id);
      seen.set(plan.customer_id, position);
    }
    expect(outOfOrder).toEqual([]);

    // Both processes pull from the one durable consumer (each keeps a pull request waiting on
    // it); which of them gets how many messages is up to JetStream and the machine's timing.
    const consumer = await (await nc.jetstreamManager()).consumers.info(cluster.stream, 'notifier');
    expect(consumer.num_waiting).toBeGreaterThanOrEqual(2);
    let handled = 0;
    for (const name of ['notifier-1', 'notifier-2'] as const) {
      const text = await (await fetch(`http://127.0.0.1:${cluster.supervisor.portOf(name)}/metrics`)).text();
      const mine = Number(/^aftersales_notifier_events_handled_total (\d+)/m.exec(text)?.[1] ?? 0);
      say(`${name}: ${mine} events handled`);
      handled += mine;
    }
    // Redeliveries (after a NATS node's death) count again here; processed_events above is exact.
    expect(handled).toBeGreaterThanOrEqual(log.length);
  }, 300_000);

  it('answers the bi views on the streaming replica, with their freshness', async () => {
    await createBiRole(cluster.pool, 'bi_cluster', { password: 'bi-cluster-secret' });
    const { rows: lsn } = await cluster.pool.query<{ lsn: string }>(
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    // Caught up to the primary (the BI role included), as the replica's superuser.
    const admin = new pg.Client({ connectionString: cluster.replica.urlOf('aftersales') });
    await admin.connect();
    try {
      for (let i = 0; ; i++) {
        const { rows } = await admin.query<{ caught: boolean }>(
          'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught',
          [lsn[0]?.lsn],
        );
        if (rows[0]?.caught) break;
        if (i > 120) throw new Error('the replica did not catch up');
        await sleep(500);
      }
    } finally {
      await admin.end();
    }
    const replica = new pg.Client({
      connectionString: cluster.replica.urlOf('aftersales').replace('postgres@', 'bi_cluster@'),
    });
    await replica.connect();
    try {
      // The read-model tables under the views hold the same rows there as on the primary; each
      // bi view answers with as many rows (some compute ages from now(), so not the same text).
      const { rows: tables } = await replica.query<{ name: string; kind: string }>(
        `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'v') AND (n.nspname = 'bi' OR n.nspname LIKE 'rm\\_%')
            -- Private read models (the desk's blind index) are not the BI login's to read.
            AND n.nspname NOT LIKE 'rm\\_private\\_%' ORDER BY 1`,
      );
      const views = tables.filter((t) => t.kind === 'v');
      expect(views.length).toBeGreaterThan(3);
      for (const { name, kind } of tables) {
        const sql =
          kind === 'r'
            ? `SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') AS rows FROM ${name} t`
            : `SELECT count(*)::text AS rows FROM ${name}`;
        const [there, here] = await Promise.all([
          replica.query<{ rows: string }>(sql),
          cluster.pool.query<{ rows: string }>(sql),
        ]);
        expect(there.rows[0]?.rows, name).toBe(here.rows[0]?.rows);
      }
      const { rows: fresh } = await replica.query<{
        projection: string;
        on_replica: boolean;
        replay_lag_ms: number | null;
        age_ms: number | null;
      }>(
        `SELECT projection, on_replica, extract(epoch FROM replay_lag) * 1000 AS replay_lag_ms,
                extract(epoch FROM age) * 1000 AS age_ms FROM bi.freshness ORDER BY projection`,
      );
      expect(fresh.map((f) => f.projection)).toEqual(allProjections.map((p) => p.name).sort());
      expect(fresh.every((f) => f.on_replica && f.replay_lag_ms !== null)).toBe(true);
      // A BI login on the replica cannot write (a hot standby is read-only, and so is the role).
      await expect(replica.query('CREATE TABLE bi.scratch (x int)')).rejects.toThrow();
      const { rows: streaming } = await cluster.pool.query<{ state: string; replay_lag: string | null }>(
        'SELECT state, replay_lag::text FROM pg_stat_replication',
      );
      expect(streaming.map((s) => s.state)).toEqual(['streaming']);
      const lag = Math.max(...fresh.map((f) => Number(f.replay_lag_ms)));
      say(`replica: ${views.length} bi views equal the primary's; replay lag ${lag.toFixed(0)} ms`);
    } finally {
      await replica.end();
    }
  }, 180_000);
});
