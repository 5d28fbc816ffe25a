import { parseCli, USAGE, UsageError } from './cli';
import { type SimulationSummary, simulate } from './simulate';

/** `pnpm simulate`: runs the simulation and prints its summary; exit 1 when anything went unplanned. */
async function main(): Promise<number> {
  const cli = parseCli(process.argv.slice(2), process.env, new Date());
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const summary = await simulate(cli.simulate);
  process.stdout.write(cli.json ? `${JSON.stringify(summary, null, 2)}\n` : describe(summary));
  return summary.surprises.length === 0 ? 0 : 1;
}

function describe(s: SimulationSummary): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const planned = Object.entries(s.refusedAsPlanned)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
  const lines = [
    '',
    `  Simulated ${s.from} → ${s.until} (seed ${s.seed}, run ${s.runTag}) via ${s.via}`,
    `  customers ${n(s.customers)} · orders ${n(s.orders)} (delivered ${n(s.deliveries)}) · returns ${n(s.returns)} · repairs ${n(s.repairs)} · feedback ${n(s.feedback)} · redemptions ${n(s.redemptions)}`,
    `  commands ${n(s.commands)} (applied ${n(s.applied)}, of them done by an earlier run ${n(s.replayed)}; refused as planned: ${planned || 'none'})`,
    `  events appended ${n(s.eventsAppended)} in ${s.seconds.toFixed(1)} s (${n(Math.round(s.eventsAppended / Math.max(s.seconds, 0.001)))} events/s)`,
  ];
  if (s.surprises.length > 0) {
    lines.push(`  UNPLANNED outcomes: ${s.surprises.length}`);
    for (const surprise of s.surprises.slice(0, 10)) {
      lines.push(`    #${surprise.seq} ${surprise.type}: expected ${surprise.expected}, got ${surprise.got}`);
    }
  }
  return `${lines.join('\n')}\n\n`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    else process.stderr.write(`simulation failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
