import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';

/**
 * Plays the orchestrator: runs each service as a child process of its own and starts it again
 * a moment after it ended, as a container platform would. Every exit is recorded, with whether
 * the harness caused it (`kill`), so the checker can tell a fault from a process dying by itself.
 */
export type ServiceName =
  | 'api'
  | 'projections'
  | 'relay'
  | 'notifier'
  | 'integrations'
  // Replicas of one service (the cluster test): `api-2`, `projections-1`, ...
  | `${'api' | 'projections' | 'notifier'}-${number}`;

export type ServiceSpec = Readonly<{
  name: ServiceName;
  /** The entry script (run as `node --import tsx <script> ...args`). */
  script: string;
  args?: readonly string[];
  env: Record<string, string>;
  /** Where `/ready` is served. */
  port: number;
}>;

export type ExitRecord = Readonly<{
  service: ServiceName;
  at: number;
  code: number | null;
  signal: string | null;
  /** The harness killed it (a fault), as opposed to the process ending by itself. */
  killed: boolean;
}>;

type Running = {
  spec: ServiceSpec;
  child: ChildProcess | undefined;
  killRequested: boolean;
  starts: number;
};

export class Supervisor {
  readonly exits: ExitRecord[] = [];
  private readonly services = new Map<ServiceName, Running>();
  private readonly logs: WriteStream;
  private stopping = false;

  constructor(
    private readonly root: string,
    logDir: string,
    private readonly restartDelayMs = 1_000,
  ) {
    this.logs = createWriteStream(path.join(logDir, 'services.log'));
  }

  start(spec: ServiceSpec): void {
    const running: Running = { spec, child: undefined, killRequested: false, starts: 0 };
    this.services.set(spec.name, running);
    this.spawn(running);
  }

  private spawn(running: Running): void {
    const { spec } = running;
    // Node with the tsx loader rather than the tsx CLI, which forks: SIGKILL must hit the service.
    const child = spawn(process.execPath, ['--import', 'tsx', spec.script, ...(spec.args ?? [])], {
      cwd: this.root,
      env: { ...process.env, LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.child = child;
    running.starts += 1;
    const prefix = `[${spec.name}#${running.starts}] `;
    const stamp = () => new Date().toISOString().slice(11, 23);
    const write = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (line) this.logs.write(`${stamp()} ${prefix}${line}\n`);
    };
    child.stdout?.on('data', write);
    child.stderr?.on('data', write);
    child.once('exit', (code, signal) => {
      this.exits.push({ service: spec.name, at: Date.now(), code, signal, killed: running.killRequested });
      this.logs.write(
        `${stamp()} ${prefix}exited code=${code} signal=${signal} killed=${running.killRequested}\n`,
      );
      running.killRequested = false;
      running.child = undefined;
      if (this.stopping) return;
      setTimeout(() => {
        if (!this.stopping) this.spawn(running);
      }, this.restartDelayMs);
    });
  }

  /** `kill -9` of a service (the supervisor restarts it); resolves once it has exited. */
  async kill(name: ServiceName): Promise<void> {
    const running = this.services.get(name);
    const child = running?.child;
    if (!running || !child || child.exitCode !== null) return;
    running.killRequested = true;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** The OS pid of the service's current process (undefined while it is down). */
  pidOf(name: ServiceName): number | undefined {
    const child = this.services.get(name)?.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  alive(name: ServiceName): boolean {
    const child = this.services.get(name)?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  startsOf(name: ServiceName): number {
    return this.services.get(name)?.starts ?? 0;
  }

  names(): ServiceName[] {
    return [...this.services.keys()];
  }

  portOf(name: ServiceName): number {
    const spec = this.services.get(name)?.spec;
    if (!spec) throw new Error(`unknown service ${name}`);
    return spec.port;
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.services.values()].map(async ({ child }) => {
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await new Promise<void>((resolve) => this.logs.end(() => resolve()));
  }
}
