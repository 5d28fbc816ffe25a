import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const COMPOSE = join(ROOT, 'infra', 'docker-compose.yml');
const CLUSTER = join(ROOT, 'infra', 'docker-compose.cluster.yml');
const SCALE = join(ROOT, 'infra', 'docker-compose.scale.yml');
const NATS_CONF = join(ROOT, 'infra', 'nats', 'cluster.conf');
const HAPROXY_CFG = join(ROOT, 'infra', 'haproxy', 'haproxy.cfg');
const NATS_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const HAPROXY_BIN = '/usr/sbin/haproxy';

/**
 * `docker compose config` needs no engine. Here: Debian's docker-compose (1.29, which reads the
 * Compose Specification), or the compose plugin when a Docker CLI has one.
 */
async function findCompose(): Promise<string[] | undefined> {
  if (existsSync('/usr/bin/docker-compose')) return ['/usr/bin/docker-compose'];
  try {
    await run('docker', ['compose', 'version']);
    return ['docker', 'compose'];
  } catch {
    return undefined;
  }
}

const compose = await findCompose();
if (!compose) {
  console.warn('skipped: no docker-compose (apt-get install docker-compose) and no docker compose plugin');
}

describe.skipIf(!compose)('docker compose -f infra/docker-compose.yml config', () => {
  const [bin, ...pre] = compose ?? ['docker-compose'];
  const config = (...files: string[]) =>
    run(bin as string, [...pre, ...files.flatMap((file) => ['-f', file]), 'config'], { cwd: ROOT });
  const scratch = mkdtempSync(join(tmpdir(), 'compose-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes, with every service on the compiled build, migrations first', async () => {
    const { stdout } = await config(COMPOSE);
    const services = (
      await run(bin as string, [...pre, '-f', COMPOSE, 'config', '--services'], { cwd: ROOT })
    ).stdout
      .trim()
      .split('\n')
      .sort();
    expect(services).toEqual(
      [
        'bi-role',
        'command-api',
        'integrations',
        'kurrentdb',
        'migrate',
        'nats',
        'notifier',
        'ops',
        'postgres',
        'projections',
      ].sort(),
    );
    expect(stdout).not.toMatch(/tsx/);
    for (const entry of ['command-api', 'projections', 'notifier', 'integrations', 'ops', 'migrate']) {
      expect(stdout).toContain(`dist/${entry}.js`);
    }
    expect(stdout.match(/condition: service_completed_successfully/g)?.length).toBe(5);
  });

  it('passes with the KurrentDB cluster overlay', async () => {
    await expect(config(COMPOSE, CLUSTER)).resolves.toBeDefined();
  });

  it('passes with the scale-out overlay: replicas of each service, a NATS cluster, a BI replica', async () => {
    const { stdout } = await config(COMPOSE, SCALE, CLUSTER);
    const services = (
      await run(bin as string, [...pre, '-f', COMPOSE, '-f', SCALE, 'config', '--services'], { cwd: ROOT })
    ).stdout
      .trim()
      .split('\n');
    for (const name of [
      'nats-2',
      'nats-3',
      'command-api-2',
      'api-lb',
      'projections-standby',
      'notifier-2',
      'postgres-bi',
    ]) {
      expect(services).toContain(name);
    }
    // Every service that talks to NATS names all three nodes, and both streams keep three copies.
    expect(
      stdout.match(/NATS_URL: nats:\/\/nats:4222,nats:\/\/nats-2:4222,nats:\/\/nats-3:4222/g)?.length,
    ).toBe(5);
    expect(stdout).toMatch(/NOTIFIER_STREAM_REPLICAS: '3'/);
    expect(stdout).toMatch(/INTEGRATION_STREAM_REPLICAS: '3'/);
    expect(stdout).toContain('notifier.js');
  });

  it('fails on a broken file (so a pass means something)', async () => {
    const broken = join(scratch, 'broken.yml');
    writeFileSync(
      broken,
      readFileSync(COMPOSE, 'utf8').replace(
        'condition: service_completed_successfully',
        'condition: when_it_likes',
      ),
    );
    await expect(config(broken)).rejects.toThrow();
  });
});

describe.skipIf(!existsSync(NATS_BIN))('infra/nats/cluster.conf', () => {
  const check = (file: string, name: string) =>
    run(NATS_BIN, ['-c', file, '-t'], { env: { ...process.env, NATS_SERVER_NAME: name } });
  it('is a valid nats-server configuration for each node, and a broken one is refused', async () => {
    for (const name of ['nats', 'nats-2', 'nats-3']) {
      expect((await check(NATS_CONF, name)).stderr + (await check(NATS_CONF, name)).stdout).toMatch(
        /is valid/,
      );
    }
    const scratch = mkdtempSync(join(tmpdir(), 'nats-conf-'));
    try {
      const broken = join(scratch, 'broken.conf');
      writeFileSync(
        broken,
        readFileSync(NATS_CONF, 'utf8').replace(
          'nats-route://nats-3:6222\n  ]',
          'nats-route://nats-3:6222\n',
        ),
      );
      await expect(check(broken, 'nats')).rejects.toThrow();
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
if (!existsSync(NATS_BIN))
  console.warn(`skipped: no nats-server at ${NATS_BIN} to check infra/nats/cluster.conf`);

describe.skipIf(!existsSync(HAPROXY_BIN))('infra/haproxy/haproxy.cfg', () => {
  it('is a valid HAProxy configuration with both API replicas behind /ready checks', async () => {
    const { stdout } = await run(HAPROXY_BIN, ['-c', '-f', HAPROXY_CFG]);
    expect(stdout).toMatch(/Configuration file is valid/);
    const cfg = readFileSync(HAPROXY_CFG, 'utf8');
    expect(cfg).toMatch(/server api-1 command-api:3000 check/);
    expect(cfg).toMatch(/server api-2 command-api-2:3000 check/);
    expect(cfg).toMatch(/option httpchk GET \/ready/);
  });
});
if (!existsSync(HAPROXY_BIN))
  console.warn(
    `skipped: no haproxy at ${HAPROXY_BIN} (apt-get install haproxy) to check infra/haproxy/haproxy.cfg`,
  );
