import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IntegrationsMetrics } from '@aftersales/integrations';
import { NotifierMetrics, startServiceServer as startNotifierServer } from '@aftersales/notifier';
import { allProjections } from '@aftersales/projections';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../packages/command-api/test/harness';
import { ensureBookkeeping, ensureStatusRow } from '../../packages/projections/src/runner/bookkeeping';
import { startServiceServer } from '../../packages/projections/src/service/http';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const rules = new URL('../../infra/prometheus/alerts.yml', import.meta.url).pathname;
const dashboard = new URL('../../infra/grafana/aftersales.json', import.meta.url).pathname;
const missing = [PROMETHEUS, PROMTOOL].filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.warn(
    `skipped: the Prometheus test needs Debian's prometheus package (${missing.join(', ')} missing)`,
  );
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
const portOf = (server: { address(): unknown }) => (server.address() as { port: number }).port;

describe.skipIf(missing.length > 0)('a real Prometheus', () => {
  let h: Harness;
  let projections: Server | undefined;
  let notifier: Server | undefined;
  let prometheus: ChildProcess | undefined;
  let base = '';
  const targets: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));

  beforeAll(async () => {
    h = await startHarness();
    const api = await h.app.listen({ port: 0, host: '127.0.0.1' });
    await ensureBookkeeping(h.pool);
    for (const projection of allProjections) await ensureStatusRow(h.pool, projection);
    projections = await startServiceServer(0, h.pool, pino({ level: 'silent' }));
    // The notifier's HTTP side with its metrics, readiness over the same database.
    const metrics = new NotifierMetrics();
    metrics.attach({ pool: h.pool, store: h.store, stallMs: 30_000, log: pino({ level: 'silent' }) });
    notifier = await startNotifierServer(0, metrics, pino({ level: 'silent' }));
    writeFileSync(join(dir, 'api-key'), h.keys.ops);
    targets.push(
      `${new URL(api).origin}/metrics`,
      `http://127.0.0.1:${portOf(projections)}/metrics`,
      `http://127.0.0.1:${portOf(notifier)}/metrics`,
    );
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: ['${rules}']`,
        'scrape_configs:',
        '  - job_name: aftersales-api',
        `    authorization: { credentials_file: '${join(dir, 'api-key')}' }`,
        `    static_configs: [{ targets: ['${new URL(api).host}'] }]`,
        '  - job_name: aftersales-projections',
        `    static_configs: [{ targets: ['127.0.0.1:${portOf(projections)}'] }]`,
        '  - job_name: aftersales-notifier',
        `    static_configs: [{ targets: ['127.0.0.1:${portOf(notifier)}'] }]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
  });
  afterAll(async () => {
    prometheus?.kill('SIGKILL');
    projections?.close();
    notifier?.close();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = async (promql: string) => {
    const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return body.data.result;
  };
  const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const value = await read().catch(() => undefined as T);
      if ((value !== undefined && done(value)) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  it('accepts the alert rules (promtool)', async () => {
    const { stdout } = await promisify(execFile)(PROMTOOL, ['check', 'rules', rules]);
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('scrapes every service and sees its series, and loads the rules', async () => {
    const up = await eventually(
      () => query('up'),
      (result) => result.length === 3 && result.every((r) => r.value[1] === '1'),
    );
    expect(up.map((r) => [r.metric.job, r.value[1]]).sort()).toEqual([
      ['aftersales-api', '1'],
      ['aftersales-notifier', '1'],
      ['aftersales-projections', '1'],
    ]);
    // The store is up here: the API's gauge, read at each scrape, says 1.
    const storeUp = await eventually(
      () => query('aftersales_api_store_up'),
      (r) => r.length > 0 && r[0]?.value[1] === '1',
    );
    expect(storeUp.map((r) => r.value[1])).toEqual(['1']);
    for (const series of [
      'aftersales_api_http_requests_total',
      'aftersales_api_http_request_duration_seconds_bucket',
      'aftersales_projections_process_cpu_seconds_total',
      'aftersales_projections_lag_events',
      'aftersales_projections_running',
      'aftersales_notifier_process_cpu_seconds_total',
      'aftersales_notifier_events_handled_total',
      'aftersales_notifier_ready',
    ]) {
      const result = await eventually(
        () => query(series),
        (r) => r.length > 0,
      );
      expect(result.length, series).toBeGreaterThan(0);
    }
    const loaded = (await (await fetch(`${base}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string }[] }[] };
    };
    const names = loaded.data.groups.flatMap((g) => g.rules.map((r) => r.name));
    expect(names).toEqual(
      expect.arrayContaining([
        'AftersalesApiServerErrors',
        'AftersalesProjectionStalled',
        'AftersalesNotifierNotReady',
        'AftersalesNotifierDeadLetters',
      ]),
    );
  }, 90_000);

  it('has a Grafana dashboard whose every query is valid PromQL over series the services declare', async () => {
    const declared = new Set<string>();
    // The integrations service is not started here: its series are what its registry declares.
    const exposed = [await new IntegrationsMetrics(false).registry.metrics()];
    for (const target of targets) {
      const res = await fetch(target, { headers: { authorization: `Bearer ${h.keys.ops}` } });
      exposed.push(await res.text());
    }
    for (const text of exposed) {
      for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
        declared.add(name as string);
        if (type === 'histogram')
          for (const part of ['_bucket', '_sum', '_count']) declared.add(`${name}${part}`);
      }
    }
    const board = JSON.parse(readFileSync(dashboard, 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(board.panels.length).toBeGreaterThan(10);
    for (const panel of board.panels) {
      for (const { expr } of panel.targets) {
        const names = [...expr.matchAll(/\b(aftersales_[a-z_]+)/g)].map((m) => m[1] as string);
        for (const name of names) {
          // The test's API runs without the process metrics (one registry per test process); they
          // are the same default collectors as the other services'.
          const known =
            declared.has(name) ||
            declared.has(name.replace(/^aftersales_api_process_/, 'aftersales_notifier_process_'));
          expect(known, `${panel.title}: ${name}`).toBe(true);
        }
        const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
        const body = (await res.json()) as { status: string; error?: string };
        expect(body.status, `${panel.title}: ${expr} ${body.error ?? ''}`).toBe('success');
      }
    }
  }, 60_000);
});
