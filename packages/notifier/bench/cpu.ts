import { readdir, readFile } from 'node:fs/promises';

/**
 * What the latency run cost, in CPU rather than in time: on a machine shared with other work the
 * same run's latencies vary by a factor of two, but the CPU each part spends per event hardly
 * moves. Read from /proc (Linux); parts that cannot be read count as zero and say so.
 */

/** utime + stime of a process in ms (clock ticks of 10 ms); undefined once it has gone. */
async function processCpuMs(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The pids of the processes whose command name is `name` (`postgres`, `nats-server`). */
async function pidsNamed(name: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === name) pids.push(Number(entry));
  }
  return pids;
}

/** Busy and stolen time of the whole machine, in clock ticks. */
async function machineTicks(): Promise<{ total: number; idle: number; steal: number }> {
  const line = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0] ?? '';
  const [, user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).map(Number);
  const parts = [user, nice, system, idle, iowait, irq, softirq, steal].map((v) => v ?? 0);
  return {
    total: parts.reduce((a, b) => a + b, 0),
    idle: (idle ?? 0) + (iowait ?? 0),
    steal: steal ?? 0,
  };
}

export type Part = Readonly<{
  /** The part's own process, if it has one. */
  pid?: number;
  /** The part's connections are the backends whose application_name is this. */
  applicationName?: string;
}>;

type Snapshot = Readonly<{
  /** Per part: its process and its backends, pid → ms. */
  parts: Map<string, { process: Map<number, number>; backends: Map<number, number> }>;
  postgres: Map<number, number>;
  nats: Map<number, number>;
  machine: Awaited<ReturnType<typeof machineTicks>>;
}>;

/**
 * Snapshots of the CPU of each named part (its process and its Postgres backends), of NATS and
 * of every other Postgres process (WAL writer, checkpointer, autovacuum, other databases).
 * `backends` lists the bench database's backends with their application_name. Postgres and NATS
 * processes are found when the meter is made; a part's backends at each snapshot.
 */
export async function cpuMeter(
  parts: Readonly<Record<string, Part>>,
  backends: () => Promise<readonly { pid: number; application_name: string }[]>,
) {
  // Found once, so that a snapshot is quick enough to take around a run of a second.
  const postgresPids = await pidsNamed('postgres');
  const natsPids = await pidsNamed('nats-server');
  const read = async (pids: readonly number[]) => {
    const map = new Map<number, number>();
    for (const pid of pids) {
      const ms = await processCpuMs(pid);
      if (ms !== undefined) map.set(pid, ms);
    }
    return map;
  };
  const snapshot = async (): Promise<Snapshot> => {
    const rows = await backends();
    const result: Snapshot['parts'] = new Map();
    for (const [name, part] of Object.entries(parts)) {
      const pids = rows.filter((r) => r.application_name === part.applicationName).map((r) => r.pid);
      result.set(name, { process: await read(part.pid ? [part.pid] : []), backends: await read(pids) });
    }
    return {
      parts: result,
      postgres: await read(postgresPids),
      nats: await read(natsPids),
      machine: await machineTicks(),
    };
  };
  const since = (end: Map<number, number>, start: Map<number, number>, skip?: Set<number>) => {
    let ms = 0;
    for (const [pid, value] of end) if (!skip?.has(pid)) ms += value - (start.get(pid) ?? 0);
    return ms;
  };
  return {
    start: snapshot,
    /** Microseconds of CPU per event for each part since `start`, and how busy the machine was. */
    async report(start: Snapshot, events: number) {
      const end = await snapshot();
      const perEvent = (ms: number) => Math.round((ms * 1000) / events);
      const counted = new Set<number>();
      const byPart: Record<string, { process: number; postgres: number }> = {};
      let total = 0;
      for (const [name, { process, backends }] of end.parts) {
        const before = start.parts.get(name);
        const processMs = since(process, before?.process ?? new Map());
        const backendsMs = since(backends, before?.backends ?? new Map());
        for (const pid of backends.keys()) counted.add(pid);
        byPart[name] = { process: perEvent(processMs), postgres: perEvent(backendsMs) };
        total += processMs + backendsMs;
      }
      const postgresOther = since(end.postgres, start.postgres, counted);
      const nats = since(end.nats, start.nats);
      total += postgresOther + nats;
      const ticks = end.machine.total - start.machine.total;
      const busy = ticks - (end.machine.idle - start.machine.idle);
      return {
        cpuPerEventUs: {
          ...byPart,
          natsServer: perEvent(nats),
          otherPostgresProcesses: perEvent(postgresOther),
          total: perEvent(total),
        },
        machine: {
          busyPercentOfAllCores: ticks > 0 ? Math.round((busy / ticks) * 100) : Number.NaN,
          stealPercent:
            ticks > 0 ? Math.round(((end.machine.steal - start.machine.steal) / ticks) * 1000) / 10 : 0,
        },
      };
    },
  };
}
