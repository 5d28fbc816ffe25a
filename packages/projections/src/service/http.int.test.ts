import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { allProjections } from '../registry';
import { ensureBookkeeping, ensureStatusRow } from '../runner/bookkeeping';
import { startServiceServer } from './http';

let db: TestDatabase;
let pool: pg.Pool;
const log = pino({ level: 'silent' });
beforeAll(async () => {
  db = await createTestDatabase('projections_service');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await ensureBookkeeping(pool);
  for (const projection of allProjections) await ensureStatusRow(pool, projection);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('the projections service over HTTP', () => {
  it('serves Prometheus metrics, every name prefixed, one series per projection', async () => {
    const server = await startServiceServer(0, pool, log);
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const samples = body.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      for (const line of samples) expect(line).toMatch(/^aftersales_projections_/);
      for (const projection of allProjections) {
        expect(body).toContain(`aftersales_projections_lag_events{projection="${projection.name}"}`);
      }
      expect(body).toContain('aftersales_projections_process_cpu_seconds_total');
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      server.close();
    }
  });

  it('fails to start, rather than claiming to, when its port is taken', async () => {
    const first = await startServiceServer(0, pool, log);
    try {
      const address = first.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      await expect(startServiceServer(port, pool, log)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      first.close();
    }
  });
});
