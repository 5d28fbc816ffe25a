import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPostgresEventStore, sleep } from '@aftersales/event-store';
import { checkAnswers } from './check/answers';
import { reconcileEvents } from './check/events';
import { checkNotifications, waitForNotifier } from './check/notifications';
import { compareWithRebuild, waitForProjections } from './check/read-models';
import { type FaultContext, type FaultOutcome, faultName, inject } from './faults';
import { parseOptions, planFaults } from './options';
import { ReadinessMonitor } from './readiness';
import { type FaultRow, failures, formatChecks, formatTable, type RunCheck } from './report';
import { spike } from './spike';
import { startSystem } from './system';
import { Workload } from './workload';

/**
 * `pnpm chaos --profile quick|full`: the failure promises of DESIGN.md, tried for real.
 * 1. Start the system (own Postgres cluster, own NATS, four service processes).
 * 2. Run the workload; inject the profile's faults one after another while it runs.
 * 3. Stop the workload, let everything catch up, and reconcile: events, answers, read models,
 *    notifications, processes and their readiness. Exit 1 on any violation.
 */
const say = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const { profile, seed } = options;
  const plans = planFaults(profile, seed);
  const started = Date.now();
  say(`profile ${profile.name}, seed ${seed}: ${plans.map(faultName).join(', ')}`);

  // 1. The system.
  const system = await startSystem();
  say(`system up in ${((Date.now() - started) / 1000).toFixed(1)} s (files in ${system.dir})`);
  // Interrupted: the cluster and nats-server are daemons of their own, stop them too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping the system (files kept in ${system.dir})`);
      void system.close(true).finally(() => process.exit(130));
    });
  }
  const monitor = new ReadinessMonitor(system.ports);
  monitor.start();
  const runId = `x${seed.toString(36)}${Date.now().toString(36)}`;
  const workload = new Workload(system.apiUrl, system.apiKey, runId, 90_000);
  let spikes = 0;
  const ctx: FaultContext = {
    pg: system.pg,
    nats: system.nats,
    supervisor: system.supervisor,
    monitor,
    // Each spike's ids and keys of its own: a second spike must not replay the first one's keys.
    spike: (connections, holdMs) =>
      spike(
        system.apiPort,
        system.apiKey,
        `${runId}-s${++spikes}`,
        connections,
        holdMs,
        (c) => workload.recordRaw(c),
        workload.phase,
      ),
    apiServes: async () => {
      try {
        const response = await fetch(`${system.apiUrl}/v1/customers/${runId}-probe`, {
          headers: { authorization: `Bearer ${system.apiKey}` },
          signal: AbortSignal.timeout(3_000),
        });
        await response.arrayBuffer();
        return response.status < 500;
      } catch {
        return false;
      }
    },
  };

  let exitCode = 1;
  try {
    // 2. Workload and faults.
    const running = workload.run(profile.workers);
    await sleep(profile.warmUpMs);
    const outcomes: FaultOutcome[] = [];
    for (const [index, plan] of plans.entries()) {
      workload.phase = `#${index + 1} ${faultName(plan)}`;
      const outcome = await inject(ctx, plan, 60_000);
      outcomes.push(outcome);
      const recovery =
        outcome.recoveryMs === undefined ? 'never' : `${(outcome.recoveryMs / 1000).toFixed(1)} s`;
      say(
        `${workload.phase}: whole again after ${recovery}${outcome.problems.map((p) => `; ${p}`).join('')}`,
      );
      await sleep(profile.settleMs);
    }
    workload.phase = 'drain';
    workload.stop();
    await running;
    const stoppedAt = new Date();
    say(
      `workload stopped: ${workload.commands.size} commands, ${workload.acknowledged().length} acknowledged`,
    );
    exitCode = await reconcile(system, workload, monitor, outcomes, stoppedAt, options.profile.name);
  } finally {
    monitor.stop();
    await system.close(options.keep || exitCode !== 0);
  }
  say(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${exitCode === 0 ? 'every promise held' : 'VIOLATIONS'}`,
  );
  return exitCode;
}

/** 3. The checker: everything reconciled exactly, per fault window and for the run. */
async function reconcile(
  system: Awaited<ReturnType<typeof startSystem>>,
  workload: Workload,
  monitor: ReadinessMonitor,
  outcomes: readonly FaultOutcome[],
  stoppedAt: Date,
  profileName: string,
): Promise<number> {
  const store = await createPostgresEventStore({ connectionString: system.databaseUrl });
  try {
    const log = await store.readAll();
    const events = reconcileEvents(workload.commands, log);
    const answers = await checkAnswers([...workload.commands.values()], events.byKey, system.apiKey);
    say(`log: ${log.length} events; ${answers.resent} keys sent again`);

    const behind = await waitForProjections(system.pool, stoppedAt, 90_000);
    const tables =
      behind.length === 0 ? await compareWithRebuild(store, system.pool, system.rebuildPool) : [];
    const notifierQuiet = await waitForNotifier(system.pool, 5_000, 120_000, log);
    const orderIds = new Set(workload.journeys.map((j) => j.orderId));
    const messages = await checkNotifications(system.pool, log, orderIds);
    const orderPhase = new Map<string, string>();
    for (const c of workload.commands.values()) {
      if (c.operationId === 'placeOrder') orderPhase.set(c.journey, c.phase);
    }
    const journeyOfOrder = new Map(workload.journeys.map((j) => [j.orderId, j.id]));

    // Per fault window.
    const windows = [{ name: 'warm-up', outcome: undefined as FaultOutcome | undefined }];
    for (const [i, o] of outcomes.entries()) windows.push({ name: `#${i + 1} ${o.name}`, outcome: o });
    const bounds = (i: number): [number, number] => [
      outcomes[i - 1]?.startedAt ?? 0,
      outcomes[i]?.startedAt ?? Number.POSITIVE_INFINITY,
    ];
    const rows: FaultRow[] = windows.map(({ name, outcome }, i) => {
      const mine = [...workload.commands.values()].filter(
        (c) => c.phase === name || (i === windows.length - 1 && c.phase === 'drain'),
      );
      const keys = new Set(mine.map((c) => c.key));
      const [from, to] = bounds(i);
      return {
        fault: name,
        commands: mine.length,
        acknowledged: mine.filter((c) => c.acknowledged).length,
        events: mine.reduce((n, c) => n + (events.byKey.get(c.key)?.length ?? 0), 0),
        duplicates: [...events.duplicates.keys()].filter((k) => keys.has(k)).length,
        unlisted: [...events.unlisted.keys()].filter((k) => keys.has(k)).length,
        lost: [...events.lost.keys()].filter((k) => keys.has(k)).length,
        wrongAnswers: answers.wrong.filter((w) => keys.has(w.key)).length,
        wrongMessages: messages.filter((m) => {
          const journey = m.orderId ? journeyOfOrder.get(m.orderId) : undefined;
          return journey !== undefined && orderPhase.get(journey) === name;
        }).length,
        readinessLies: monitor.untruthful(from, to).length,
        unexpectedExits: system.supervisor.exits.filter((e) => !e.killed && e.at >= from && e.at < to).length,
        recoveryMs: outcome?.recoveryMs,
      };
    });

    // Run-wide checks.
    const differing = tables.filter((t) => t.digest !== t.rebuiltDigest);
    const dead = system.supervisor.names().filter((s) => !system.supervisor.alive(s));
    const ownExits = system.supervisor.exits.filter((e) => !e.killed);
    const lies = monitor.untruthful();
    const checks: RunCheck[] = [
      {
        check: 'events exactly once',
        ok: events.duplicates.size === 0 && events.lost.size === 0,
        detail: `${events.duplicates.size} commands with duplicates, ${events.lost.size} with lost events`,
      },
      {
        check: 'answers list what their command recorded',
        ok: events.unlisted.size === 0,
        warning: true,
        detail: `${events.unlisted.size} acknowledged commands whose answer leaves out an event they recorded once (not a promise of DESIGN.md; see report.json)`,
      },
      {
        check: 'no event without a command',
        ok: events.orphans.length === 0,
        detail: `${events.orphans.length} orphan events${events.orphans.length ? ` (${[...new Set(events.orphans.map((e) => e.type))].join(', ')})` : ''}`,
      },
      {
        check: 'retries return the first answer',
        ok: answers.wrong.length === 0,
        detail: `${answers.resent} keys re-sent, ${answers.wrong.length} wrong`,
      },
      {
        check: 'read models equal a clean rebuild',
        ok: behind.length === 0 && differing.length === 0,
        detail: behind.length
          ? `projections never caught up: ${behind.join(', ')}`
          : `${tables.length} tables compared, ${differing.length} differ${differing.length ? `: ${differing.map((t) => `${t.table} (${t.rows} vs ${t.rebuiltRows} rows, ${t.differing} differ)`).join(', ')}` : ''}`,
      },
      {
        check: 'notifications once and consistent',
        ok: notifierQuiet && messages.length === 0,
        detail: `${messages.length} wrong${notifierQuiet ? '' : ', notifier never settled'}`,
      },
      {
        check: 'every process alive by itself',
        ok: dead.length === 0 && ownExits.length === 0,
        detail: `${dead.length ? `down at the end: ${dead.join(', ')}; ` : ''}${ownExits.length} exits the harness did not cause${ownExits.length ? ` (${ownExits.map((e) => `${e.service} code ${e.code}`).join(', ')})` : ''}`,
      },
      {
        check: 'readiness true during faults',
        ok: lies.length === 0,
        detail: `${lies.length} "ready" answers while a dependency was down${lies.length ? ` (${[...new Set(lies.map((l) => l.service))].join(', ')})` : ''}`,
      },
      {
        check: 'whole again after every fault',
        ok: outcomes.every((o) => o.problems.length === 0),
        detail: outcomes.flatMap((o) => o.problems.map((p) => `${o.name}: ${p}`)).join('; ') || 'yes',
      },
    ];
    for (const [key, unlisted] of [...events.unlisted].slice(0, 5)) {
      const c = workload.commands.get(key);
      say(`unlisted: ${key} (${c?.phase}; attempts ${c?.statuses.join(',')}): ${unlisted.join(', ')}`);
    }
    for (const m of messages.slice(0, 10)) {
      const journey = m.orderId ? journeyOfOrder.get(m.orderId) : undefined;
      say(`wrong message: order ${m.orderId ?? '?'} (${journey ? orderPhase.get(journey) : '?'}): ${m.why}`);
    }
    const table = formatTable(rows);
    process.stdout.write(`\n${table}\n\n${formatChecks(checks)}\n\n`);
    const details = {
      profile: profileName,
      rows,
      checks,
      duplicates: Object.fromEntries(events.duplicates),
      unlisted: Object.fromEntries(events.unlisted),
      // What the client went through for every command a finding names.
      flagged: [
        ...new Set([
          ...events.duplicates.keys(),
          ...events.unlisted.keys(),
          ...events.lost.keys(),
          ...answers.wrong.map((w) => w.key),
        ]),
      ].map((key) => {
        const c = workload.commands.get(key);
        return {
          key,
          phase: c?.phase,
          statuses: c?.statuses,
          acknowledged: c?.acknowledged,
          refused: c?.refused,
        };
      }),
      lost: Object.fromEntries(events.lost),
      orphans: events.orphans
        .slice(0, 50)
        .map((e) => ({ stream: e.streamId, type: e.type, metadata: e.metadata })),
      wrongAnswers: answers.wrong,
      wrongMessages: messages,
      tables,
      lies: lies.slice(0, 100),
      exits: system.supervisor.exits,
      outcomes,
    };
    await writeFile(path.join(system.dir, 'report.json'), JSON.stringify(details, null, 2));
    const failed = failures(checks);
    if (failed.length > 0) say(`details in ${path.join(system.dir, 'report.json')}`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos run failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
