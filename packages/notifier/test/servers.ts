import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** Real local servers the end-to-end tests talk to: SMTP, HTTP webhooks and a nats-server. */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type SmtpSink = Readonly<{ url: string; mails: ParsedMail[]; close(): Promise<void> }>;

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type WebhookHit = Readonly<{
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}>;
export type WebhookSink = Readonly<{
  url: (path: string) => string;
  hits: WebhookHit[];
  /** Answer 503 while true (an outage). */
  setFailing(failing: boolean): void;
  close(): Promise<void>;
}>;

export async function startWebhookSink(): Promise<WebhookSink> {
  const hits: WebhookHit[] = [];
  let failing = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (failing) {
        res.writeHead(503).end();
        return;
      }
      hits.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      res.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    hits,
    setFailing: (value) => {
      failing = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const NATS_BINARY = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export type OwnNats = Readonly<{
  url: string;
  start(): Promise<void>;
  kill(): Promise<void>;
  close(): Promise<void>;
}>;

/** A nats-server of the test's own (own port, own store dir), so the test may kill it. */
export async function startOwnNats(): Promise<OwnNats> {
  const port = await freePort();
  const storeDir = await mkdtemp(path.join(os.tmpdir(), 'notifier-nats-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(NATS_BINARY, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (await canConnect(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('nats-server did not start');
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    kill,
    async close() {
      await kill();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

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

const mainPath = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export type RoleProcess = Readonly<{
  child: ChildProcess;
  /** Where its /health, /ready and /metrics answer. */
  port: number;
  kill(): Promise<void>;
}>;

/** Runs `src/main.ts <role>` as a separate process; resolves once it reports ready. */
export async function spawnRole(
  role: 'relay' | 'notifier',
  env: Record<string, string>,
): Promise<RoleProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath, role], {
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', PORT: '0', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not become ready`)), 60_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(Number((message as { port?: unknown }).port));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code}`));
    });
  });
  return {
    child,
    port,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
