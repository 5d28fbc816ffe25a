// `pnpm ops rebuild <projection|all>`: replays the log into new tables and swaps them in, with a
// progress bar on stderr. Connects like the services: DATABASE_URL (read models, and the log
// unless EVENTSTORE_URL points at EventStoreDB); without it, the embedded Postgres.
import { createEventStoreFromEnv, guardPoolClients } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { allProjections, projectionNamed } from './registry';
import { progressBar } from './runner/progress-bar';
import { rebuildProjections } from './runner/rebuild';

export async function runRebuildCli(args: readonly string[]): Promise<number> {
  const target = args[0];
  if (!target || args.length > 1) {
    process.stderr.write(`usage: rebuild <${allProjections.map((p) => p.name).join('|')}|all>\n`);
    return 2;
  }
  const projections =
    target === 'all' ? allProjections : [projectionNamed(target)].filter((p) => p !== undefined);
  if (projections.length === 0) {
    process.stderr.write(
      `unknown projection '${target}'; known: ${allProjections.map((p) => p.name).join(', ')}\n`,
    );
    return 2;
  }
  if (process.env.EVENTSTORE_URL && !process.env.DATABASE_URL) {
    process.stderr.write('EVENTSTORE_URL is set but DATABASE_URL is not: the read models live in Postgres\n');
    return 2;
  }
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const configured = await createEventStoreFromEnv(process.env, { log });
  const pool = new pg.Pool({
    connectionString: configured.databaseUrl as string,
    max: projections.length + 4,
  });
  pool.on('error', (err) => log.warn({ err }, 'idle connection lost'));
  guardPoolClients(pool, log);
  const bar = progressBar();
  try {
    const started = Date.now();
    const results = await rebuildProjections({
      store: configured.store,
      pool,
      projections,
      log,
      onProgress: (progress) => bar.update(progress),
    });
    const seconds = (Date.now() - started) / 1000;
    const events = results[0]?.events ?? 0;
    bar.done(
      `rebuilt ${results.map((r) => r.name).join(', ')}: ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`\nrebuild failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await pool.end();
    await configured.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runRebuildCli(process.argv.slice(2));
}
