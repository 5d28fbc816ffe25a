import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { supportScenario } from '@aftersales/projections';
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
    const log = await projectEvents(pool, [
      ...shopHistory({ customers: 80, seed: 11 }),
      ...supportScenario(),
    ]);
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
  it('shows the support panels in en, fa and ar with the figures of the bi.support_* views', async () => {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${readKey}` },
    });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const { rows: attainment } = await pool.query(
      `SELECT metric, to_char(month, 'YYYY-MM') AS month, attainment FROM bi.support_sla_attainment`,
    );
    expect(attainment.length).toBeGreaterThan(0);
    const { rows: repeat } = await pool.query(
      'SELECT sla_outcome, repeat_purchase_rate FROM bi.support_repeat_purchase',
    );
    expect(repeat.map((r) => r.sla_outcome).sort()).toEqual(['breached', 'met']);
    const { rows: times } = await pool.query(
      `SELECT metric, to_char(month, 'YYYY-MM') AS month, median_business_hours, p90_business_hours,
              median_wall_hours, p90_wall_hours
         FROM bi.support_response_times
        WHERE channel = 'all' AND priority = 'all' AND metric IN ('firstResponse', 'resolution')`,
    );
    // The views on this database give the figures of the fixed history (shop history has no cases):
    // March first responses 0.5, 1.5, 2 business hours: median 1.5, p90 1.5 + 0.8 × 0.5 = 1.9; wall
    // 0.5, 2, 65.5: median 2, p90 2 + 0.8 × 63.5 = 52.8. April resolution (case E) 34 h, wall 146 h.
    const time = (metric: string, month: string) =>
      times.find((r) => r.metric === metric && r.month === month);
    expect(time('firstResponse', '2026-03')).toMatchObject({
      median_business_hours: '1.50',
      p90_business_hours: '1.90',
      median_wall_hours: '2.00',
      p90_wall_hours: '52.80',
    });
    expect(time('resolution', '2026-04')).toMatchObject({
      median_business_hours: '34.00',
      p90_business_hours: '34.00',
      median_wall_hours: '146.00',
      p90_wall_hours: '146.00',
    });
    const { rows: reopen } = await pool.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, cases_solved, reopen_rate FROM bi.support_reopen_rate`,
    );
    const { rows: csat } = await pool.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, responses, csat FROM bi.support_csat WHERE channel = 'all'`,
    );
    // March: A, B, C solved, C reopened: 1 / 3 = 33.33 %; CSAT 5, 2, 4: 2 / 3 = 66.67 %. April: E, not
    // reopened, CSAT 3: 0 % and 0 %.
    // (J and K, solved relative to today, fall in other months.)
    const fixed = (r: { month: string }) => r.month === '2026-03' || r.month === '2026-04';
    expect(reopen.filter(fixed).sort((a, b) => (a.month < b.month ? -1 : 1))).toEqual([
      { month: '2026-03', cases_solved: '3', reopen_rate: '33.33' },
      { month: '2026-04', cases_solved: '1', reopen_rate: '0.00' },
    ]);
    expect(csat.sort((a, b) => (a.month < b.month ? -1 : 1))).toEqual([
      { month: '2026-03', responses: '3', csat: '66.67' },
      { month: '2026-04', responses: '1', csat: '0.00' },
    ]);
    const digits = {
      en: /^[0-9.,]+$/,
      fa: /^[\u200e\u200f]?[۰-۹٫٬]+$/,
      ar: /^[\u061c\u200e\u200f]?[٠-٩٫٬]+$/,
    };
    for (const lang of ['en', 'fa', 'ar'] as const) {
      expect((await page.goto(`${base}/dashboard?lang=${lang}`))?.status()).toBe(200);
      expect(await page.locator('section#support h2').count()).toBe(1);
      for (const row of attainment) {
        const cell = page.locator(
          `[data-support-table=attainment] tr[data-month="${row.month}"] td[data-field="attainment-${row.metric}"]`,
        );
        expect(await cell.getAttribute('data-value')).toBe(row.attainment);
        expect((await cell.textContent())?.trim()).toMatch(digits[lang]);
      }
      for (const row of repeat) {
        const cell = page.locator(
          `[data-support-table=repeat] tr[data-sla-outcome=${row.sla_outcome}] td[data-field=repeat_purchase_rate]`,
        );
        expect(await cell.getAttribute('data-value')).toBe(row.repeat_purchase_rate);
      }
      for (const row of times) {
        const tr = page.locator(`[data-support-table=response-times] tr[data-month="${row.month}"]`);
        for (const [field, value] of [
          ['median-business', row.median_business_hours],
          ['p90-business', row.p90_business_hours],
          ['median-wall', row.median_wall_hours],
          ['p90-wall', row.p90_wall_hours],
        ]) {
          const cell = tr.locator(`td[data-field="${row.metric}-${field}"]`);
          expect(await cell.getAttribute('data-value'), `${lang} ${row.month} ${row.metric}-${field}`).toBe(
            value,
          );
          expect((await cell.textContent())?.trim()).toMatch(digits[lang]);
        }
      }
      for (const row of reopen) {
        const tr = page.locator(`[data-support-table=reopen-csat] tr[data-month="${row.month}"]`);
        expect(await tr.locator('td[data-field=reopen_rate]').getAttribute('data-value')).toBe(
          row.reopen_rate,
        );
        expect(await tr.locator('td[data-field=cases_solved]').getAttribute('data-value')).toBe(
          row.cases_solved,
        );
        expect((await tr.locator('td[data-field=reopen_rate]').textContent())?.trim()).toMatch(digits[lang]);
      }
      for (const row of csat) {
        const tr = page.locator(`[data-support-table=reopen-csat] tr[data-month="${row.month}"]`);
        expect(await tr.locator('td[data-field=csat]').getAttribute('data-value')).toBe(row.csat);
        expect(await tr.locator('td[data-field=responses]').getAttribute('data-value')).toBe(row.responses);
        expect((await tr.locator('td[data-field=csat]').textContent())?.trim()).toMatch(digits[lang]);
      }
      // Backlog: D high (team returns), G low (agent-2, pending), F and H normal (unassigned).
      const backlog = '[data-support-table=backlog]';
      expect(await page.locator(`${backlog} tr[data-priority=high]`).count()).toBe(1);
      expect(await page.locator(`${backlog} tr[data-priority=low]`).count()).toBe(1);
      expect(await page.locator(`${backlog} tr[data-priority=normal]`).count()).toBe(2);
      expect(
        await page
          .locator(`${backlog} tr[data-priority=low] td[data-field=pending]`)
          .getAttribute('data-value'),
      ).toBe('1');
      await page
        .locator('section#support')
        .screenshot({ path: path.join(ARTIFACTS, `dashboard-support-${lang}.png`) });
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  // Measured in the page (a string: the test compiles without DOM types): the document's width,
  // and every header, tile and panel whose box leaves the viewport.
  const MEASURE = `(() => {
    const width = window.innerWidth;
    const outside = [...document.querySelectorAll('header.top, header.top h1, main, .tile, .panel')]
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.left < -0.5 || box.right > width + 0.5)
      .map(({ el, box }) => (el.id || el.dataset.tile || el.className) + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
    return { scrollWidth: document.documentElement.scrollWidth, width, outside };
  })()`;

  it('fits the window in en, fa and ar at 1,400 and 390 px: nothing wider than the viewport', async () => {
    for (const width of [1400, 390]) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        extraHTTPHeaders: { authorization: `Bearer ${readKey}` },
      });
      const page = await context.newPage();
      for (const lang of ['en', 'fa', 'ar'] as const) {
        expect((await page.goto(`${base}/dashboard?lang=${lang}`))?.status()).toBe(200);
        const measured = (await page.evaluate(MEASURE)) as {
          scrollWidth: number;
          width: number;
          outside: string[];
        };
        expect({ lang, at: width, outside: measured.outside }).toEqual({ lang, at: width, outside: [] });
        expect(measured.scrollWidth, `${lang} at ${width} px`).toBeLessThanOrEqual(measured.width);
        expect(await page.locator('.panel').count()).toBeGreaterThan(5);
        await page.screenshot({
          path: path.join(ARTIFACTS, `dashboard-${lang}-${width}.png`),
          fullPage: true,
        });
      }
      await context.close();
    }
  });

  it('shows no English domain term on the fa and ar pages; the headline CRR says when its quarter is not over', async () => {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${readKey}` },
    });
    const page = await context.newPage();
    // The codes the page itself carries (tiers, categories, rules, reasons, projections, states…),
    // read from the English page: none of them may be visible text in Persian or Arabic.
    await page.goto(`${base}/dashboard?lang=en`);
    const CODES = `[...new Set([...document.querySelectorAll('[data-tier],[data-category],[data-rule],[data-reason],[data-projection],[data-state],[data-event-type],[data-priority],[data-case-type],[data-sla-outcome]')]
      .flatMap((el) => ['tier','category','rule','reason','projection','state','eventType','priority','caseType','slaOutcome'].map((k) => el.dataset[k]).filter(Boolean)))]`;
    const codes = (await page.evaluate(CODES)) as string[];
    const latin = codes.filter((code) => /[A-Za-z]/.test(code));
    // The seeded page has every kind: tiers, categories, rules, reasons and projections.
    for (const kind of ['kitchen', 'feedback-request', 'quiet-hours', 'loyalty']) {
      expect(latin).toContain(kind);
    }
    expect(latin.filter((code) => ['bronze', 'silver', 'gold'].includes(code)).length).toBeGreaterThan(0);
    const tile = (await page.locator('[data-tile=crr] .sub').textContent()) ?? '';
    const { rows } = await pool.query<{ underway: boolean }>(
      `SELECT period_start + interval '3 months' > now() AS underway FROM bi.crr_quarterly ORDER BY period_start DESC LIMIT 1`,
    );
    expect(tile.includes('quarter to date')).toBe(rows[0]?.underway === true);

    for (const lang of ['fa', 'ar'] as const) {
      await page.goto(`${base}/dashboard?lang=${lang}`);
      const text = ((await page.evaluate('document.body.innerText')) as string).toLowerCase();
      const shown = latin.filter((code) => {
        const words = code
          .toLowerCase()
          .split(/[^a-z]+/)
          .filter((w) => w.length > 2);
        return (
          new RegExp(`(^|[^a-z])${code.toLowerCase().replace(/[^a-z0-9]/g, '.')}([^a-z]|$)`).test(text) ||
          words.some((w) => new RegExp(`(^|[^a-z])${w}([^a-z]|$)`).test(text))
        );
      });
      expect({ lang, shown }).toEqual({ lang, shown: [] });
      const sub = (await page.locator('[data-tile=crr] .sub').textContent()) ?? '';
      expect(sub.includes(lang === 'fa' ? 'فصل تمام نشده' : 'الربع لم ينتهِ')).toBe(
        rows[0]?.underway === true,
      );
    }
    await context.close();
  });
});
