import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../test/support';
import { dashboardRoutes } from './http/dashboard-routes';
import { projectEvents, seedDecisions, seedRunnerStatus } from './testing/seed';
import { shopHistory } from './testing/shop-history';

/*
 * The dashboard in a real headless Chromium (Debian's package, driven by playwright-core), over a
 * Fastify instance on a free port and a database filled through the real projections. Writes
 * screenshots to artifacts/ at the repository root for people to look at.
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../artifacts');

async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser test cannot run (apt-get install -y chromium)`,
    );
  }
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  } catch (err) {
    throw new Error(`Chromium at ${CHROMIUM} could not be launched: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Console errors, uncaught page errors and failed requests: a clean page has none. */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  return errors;
}

describe('dashboard in headless Chromium', () => {
  const readKey = uniqueId('ask_read_');
  let db: TestDatabase;
  let pool: pg.Pool;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    browser = await launchChromium();
    db = await createTestDatabase('dashboard_e2e');
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    const log = await projectEvents(pool, shopHistory({ customers: 80, seed: 11 }));
    await seedRunnerStatus(pool, log);
    await seedDecisions(pool);
    app = fastify();
    await app.register(dashboardRoutes, {
      pool,
      authenticate: async (key) => (key === readKey ? { scopes: ['read'] } : null),
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await pool?.end();
    await db?.drop();
  });

  it('shows no data without a key; its sign-in form opens the page', async () => {
    const page = await browser.newPage();
    const errors = watchForErrors(page);
    const response = await page.goto(`${base}/dashboard?lang=ar`);
    expect(response?.status()).toBe(401);
    expect(await page.locator('[data-period], [data-cohort], [data-projection]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-signin.png') });
    // Chromium reports the 401 of the page itself as a console error; that one is expected.
    errors.length = 0;
    await page.fill('form.signin input[name=key]', readKey);
    await Promise.all([page.waitForURL(`${base}/dashboard?lang=ar`), page.click('form.signin button')]);
    expect(await page.locator('table.heatmap tr[data-cohort]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs in by link, loads without errors, one heatmap row per cohort, the quarter CRR of bi.crr_quarterly', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const response = await page.goto(`${base}/dashboard?key=${readKey}&lang=en`);
    expect(response?.status()).toBe(200);
    // The key left the address bar for an HttpOnly cookie.
    expect(page.url()).toBe(`${base}/dashboard?lang=en`);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'aftersales_dashboard_key')?.httpOnly).toBe(true);

    const cohorts = await pool.query('SELECT DISTINCT cohort_month FROM bi.cohort_retention_monthly');
    expect(cohorts.rowCount).toBeGreaterThan(3);
    await expect
      .poll(() => page.locator('table.heatmap tbody tr[data-cohort]').count())
      .toBe(cohorts.rowCount);

    const { rows } = await pool.query(
      'SELECT period_label, crr FROM bi.crr_quarterly WHERE crr IS NOT NULL ORDER BY period_start DESC LIMIT 1',
    );
    const quarter = rows[0];
    expect(quarter, 'the seeded history has a quarter with S > 0').toBeDefined();
    const cell = page.locator(
      `table[data-crr-table=quarterly] tr[data-period="${quarter.period_label}"] td[data-field=crr]`,
    );
    const shown = (await cell.textContent())?.trim() ?? '';
    expect(Number(shown.replace(/,/g, ''))).toBe(Number(quarter.crr));
    expect(await cell.getAttribute('data-value')).toBe(quarter.crr);
    // The chart's points carry S, E and N in their hover titles.
    expect(await page.locator('[data-crr-block=monthly] svg circle title').count()).toBeGreaterThan(0);
    expect(await page.locator('tr[data-projection=loyalty][data-verdict=stalled]').count()).toBe(1);

    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders the Persian and Arabic pages right to left with their digits', async () => {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${readKey}` },
    });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const response = await page.goto(`${base}/dashboard?lang=fa`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    // The browser really lays the page out right to left (string: the test compiles without DOM types).
    expect(await page.evaluate('getComputedStyle(document.body).direction')).toBe('rtl');
    const crr = await page
      .locator('table[data-crr-table=quarterly] td[data-field=crr]')
      .first()
      .textContent();
    expect(crr).toMatch(/^[\u200e\u200f]?[۰-۹٫٬−-]+$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-fa.png'), fullPage: true });

    await page.goto(`${base}/dashboard?lang=ar`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const arabic = await page
      .locator('table[data-crr-table=quarterly] td[data-field=crr]')
      .first()
      .textContent();
    expect(arabic).toMatch(/^[\u061c\u200e\u200f]?[٠-٩٫٬−-]+$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-ar.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
