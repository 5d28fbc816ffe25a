import fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../test/support';
import { dashboardRoutes } from './http/dashboard-routes';
import { projectEvents, seedDecisions, seedRunnerStatus } from './testing/seed';
import { shopHistory } from './testing/shop-history';

const readKey = uniqueId('ask_read_');
const writeKey = uniqueId('ask_write_');
const keys = new Map([
  [readKey, { scopes: ['read'] }],
  [writeKey, { scopes: ['commands:write'] }],
]);
const authenticate = async (key: string) => keys.get(key) ?? null;

/** The cell `field` of the table row `<tr data-period="label">`: its raw value and its text. */
function crrCell(body: string, label: string, field: string) {
  const row = new RegExp(`<tr data-period="${label}">(.*?)</tr>`).exec(body)?.[1] ?? '';
  const cell = new RegExp(`data-field="${field}" data-value="([^"]*)">([^<]*)<`).exec(row);
  return { value: cell?.[1], text: cell?.[2] };
}

describe('dashboard page over a seeded read-model database', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDatabase('dashboard');
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    const log = await projectEvents(pool, shopHistory({ customers: 60 }));
    await seedRunnerStatus(pool, log);
    await seedDecisions(pool);
    app = fastify();
    await app.register(dashboardRoutes, { pool, authenticate });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await db?.drop();
  });

  const page = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
  const bearer = { authorization: `Bearer ${readKey}` };

  it('answers 401 without a key and 403 without the read scope, with no figure in either', async () => {
    const anonymous = await page('/dashboard');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Bearer');
    expect(anonymous.body).not.toContain('data-period');
    expect(anonymous.body).not.toContain('data-cohort');
    const json = await app.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { accept: 'application/json' },
    });
    expect(json.statusCode).toBe(401);
    expect(json.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
    const unknown = await page('/dashboard', { authorization: 'Bearer ask_nobody' });
    expect(unknown.statusCode).toBe(401);
    const wrongScope = await page('/dashboard', { authorization: `Bearer ${writeKey}` });
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.body).not.toContain('data-period');
  });

  it('shows for a chosen quarter the CRR, retained rate, S, E and N exactly as bi.crr_quarterly has them', async () => {
    const { rows } = await pool.query(
      'SELECT * FROM bi.crr_quarterly WHERE crr IS NOT NULL ORDER BY period_start DESC LIMIT 1',
    );
    const quarter = rows[0];
    expect(quarter, 'the seeded history has a quarter with S > 0').toBeDefined();
    const response = await page('/dashboard?lang=en', bearer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    const crr = crrCell(response.body, quarter.period_label, 'crr');
    expect(crr.value).toBe(quarter.crr);
    const formatted = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(crr.text).toBe(formatted.format(Number(quarter.crr)));
    expect(crrCell(response.body, quarter.period_label, 'retained').value).toBe(quarter.retained_rate);
    expect(crrCell(response.body, quarter.period_label, 's').value).toBe(String(quarter.s_customers));
    expect(crrCell(response.body, quarter.period_label, 'e').value).toBe(String(quarter.e_customers));
    expect(crrCell(response.body, quarter.period_label, 'n').value).toBe(String(quarter.n_customers));
  });

  it('draws one heatmap row per cohort of bi.cohort_retention_monthly and one table row per month of bi.crr_monthly', async () => {
    const cohorts = await pool.query('SELECT DISTINCT cohort_month FROM bi.cohort_retention_monthly');
    const months = await pool.query('SELECT period_label FROM bi.crr_monthly');
    const body = (await page('/dashboard', bearer)).body;
    expect(cohorts.rowCount).toBeGreaterThan(3);
    expect(body.match(/<tr data-cohort="/g)?.length).toBe(cohorts.rowCount);
    const monthlyTable = /data-crr-table="monthly">(.*?)<\/table>/s.exec(body)?.[1] ?? '';
    expect(monthlyTable.match(/<tr data-period="/g)?.length).toBe(months.rowCount);
    // Every CRR point has a tooltip with S, E and N.
    expect(body).toMatch(/<circle [^>]*><title>[^<]*S \(before\): [^<]*E \(in period\)[^<]*N \(new\)/);
  });

  it('shows loyalty totals, notification decisions and the stalled projection from their tables', async () => {
    const body = (await page('/dashboard', bearer)).body;
    const { rows } = await pool.query(
      'SELECT sum(pending_points)::text AS pending, sum(available_points)::text AS available FROM bi.loyalty_balances',
    );
    expect(body).toContain(
      `data-loyalty="pending"><span class="label">Pending points</span><span class="value" data-value="${rows[0].pending}"`,
    );
    expect(body).toContain(`data-value="${rows[0].available}"`);
    const sent = await pool.query(
      "SELECT count(*)::text AS n FROM notifier.decisions WHERE rule = 'feedback-request' AND decision = 'sent'",
    );
    const rule = new RegExp(
      `<tr data-rule="feedback-request">.*?data-field="sent" data-value="${sent.rows[0].n}"`,
      's',
    );
    expect(rule.test(body)).toBe(true);
    expect(body).toContain('<tr data-projection="loyalty" data-verdict="stalled">');
    expect(body).toContain('<tr data-projection="retention" data-verdict="ok">');
    expect(/data-projection="loyalty".*?data-field="dead_letters" data-value="1"/s.test(body)).toBe(true);
  });

  it('renders fa and ar right to left with locale digits', async () => {
    const fa = (await page('/dashboard?lang=fa', bearer)).body;
    expect(fa).toContain('<html lang="fa" dir="rtl">');
    expect(fa).toMatch(/data-field="crr" data-value="[^"]+">[۰-۹٫٬−-]+</);
    const ar = (await page('/dashboard?lang=ar', bearer)).body;
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    expect(ar).toMatch(/data-field="crr" data-value="[^"]+">[\u061C\u200F]?[٠-٩٫٬−-]+</);
    const en = (await page('/dashboard?lang=en', bearer)).body;
    expect(en).toContain('<html lang="en" dir="ltr">');
  });

  it('moves a key given as ?key= or by the sign-in form into an HttpOnly cookie that then opens the page', async () => {
    const viaLink = await page(`/dashboard?key=${readKey}&lang=fa`);
    expect(viaLink.statusCode).toBe(303);
    expect(viaLink.headers.location).toBe('/dashboard?lang=fa');
    const cookie = String(viaLink.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const withCookie = await page('/dashboard?lang=fa', { cookie: cookie.split(';')[0] ?? '' });
    expect(withCookie.statusCode).toBe(200);
    expect(withCookie.body).toContain('data-cohort');

    const viaForm = await app.inject({
      method: 'POST',
      url: '/dashboard?lang=en',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${encodeURIComponent(readKey)}`,
    });
    expect(viaForm.statusCode).toBe(303);
    expect(String(viaForm.headers['set-cookie'])).toContain('aftersales_dashboard_key=');
    const badCookie = await page('/dashboard', { cookie: 'aftersales_dashboard_key=ask_revoked' });
    expect(badCookie.statusCode).toBe(401);
    expect(String(badCookie.headers['set-cookie'])).toContain('Max-Age=0');
  });

  it('says "not set up" instead of failing when a database has no read models yet', async () => {
    const empty = await createTestDatabase('dashboard_empty');
    const emptyPool = new pg.Pool({ connectionString: empty.url, max: 2 });
    const bare = fastify();
    try {
      await bare.register(dashboardRoutes, { pool: emptyPool, authenticate });
      const response = await bare.inject({ method: 'GET', url: '/dashboard', headers: bearer });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Not set up yet');
      expect(response.body).not.toContain('data-cohort=');
    } finally {
      await bare.close();
      await emptyPool.end();
      await empty.drop();
    }
  });
});
