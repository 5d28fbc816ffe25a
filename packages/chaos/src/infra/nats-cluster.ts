import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sleep } from '@aftersales/event-store';
import { freePort } from '../../../notifier/test/servers';

/**
 * A JetStream cluster of the run's own on loopback: `size` nats-server processes, each with its
 * client port, its route port and its store directory, every node routed to the others. Any node
 * may be killed (`kill -9`) and started again on the same store directory; with streams at
 * replicas 3 the cluster keeps its quorum while one node is down.
 */
const NATS_BINARY = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export type ClusterNode = Readonly<{
  name: string;
  url: string;
  /** HTTP monitoring (`/healthz`, `/jsz`). */
  monitorPort: number;
  start(): Promise<void>;
  kill(): Promise<void>;
  running(): boolean;
}>;

export type OwnNatsCluster = Readonly<{
  /** Every node's URL, comma-separated (as `NATS_URL` takes a cluster). */
  url: string;
  nodes: readonly ClusterNode[];
  nodeNamed(name: string): ClusterNode;
  close(): Promise<void>;
}>;

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startNatsCluster(size = 3): Promise<OwnNatsCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aftersales-nats-cluster-'));
  const ports: { client: number; route: number; monitor: number }[] = [];
  // Nine distinct ports: a port just released may be handed out again at the next ask.
  const taken = new Set<number>();
  const distinct = async () => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  for (let i = 0; i < size; i++)
    ports.push({ client: await distinct(), route: await distinct(), monitor: await distinct() });
  const clusterName = `c${process.pid}`;
  const nodes = ports.map(({ client, route, monitor }, i) => {
    const name = `n${i + 1}`;
    const routes = ports
      .filter((_, j) => j !== i)
      .map((p) => `nats-route://127.0.0.1:${p.route}`)
      .join(',');
    const args = [
      ...['-a', '127.0.0.1', '-p', String(client), '-m', String(monitor), '-n', name],
      ...['-js', '-sd', path.join(dir, name)],
      ...['--cluster_name', clusterName, '--cluster', `nats://127.0.0.1:${route}`, '--routes', routes],
    ];
    let child: ChildProcess | undefined;
    const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
    const node: ClusterNode = {
      name,
      url: `nats://127.0.0.1:${client}`,
      monitorPort: monitor,
      running,
      async start() {
        child = spawn(NATS_BINARY, args, { stdio: 'ignore' });
        for (let attempt = 0; attempt < 100; attempt++) {
          if (await canConnect(client)) return;
          await sleep(100);
        }
        throw new Error(`nats-server ${name} did not start`);
      },
      async kill() {
        const current = child;
        if (!current || !running()) return;
        await new Promise<void>((resolve) => {
          current.once('exit', () => resolve());
          current.kill('SIGKILL');
        });
      },
    };
    return node;
  });
  const url = nodes.map((node) => node.url).join(',');
  try {
    await Promise.all(nodes.map((node) => node.start()));
    await Promise.all(ports.map((p) => untilHealthy(p.monitor, 60_000)));
  } catch (err) {
    await Promise.all(nodes.map((node) => node.kill()));
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    nodes,
    nodeNamed(name) {
      const node = nodes.find((n) => n.name === name);
      if (!node) throw new Error(`no node ${name}`);
      return node;
    },
    async close() {
      await Promise.all(nodes.map((node) => node.kill()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Until the node says JetStream is healthy (the cluster has its meta leader, streams current). */
export async function untilHealthy(monitorPort: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${monitorPort}/healthz`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nats-server on monitor port ${monitorPort} not healthy`);
    await sleep(250);
  }
}
