import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * A new user's first hour, as the README tells it: `pnpm start` on a clean machine (the embedded
 * PostgreSQL in a data directory of its own), then every link the README's quick start and the
 * start banner give, opened in a real headless Chromium (or with the printed curl). Each must
 * render real content, never a 401/404 problem. Ctrl-C then stops it with exit 0.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ARTIFACTS = path.join(ROOT, 'artifacts');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The links the README's quick start gives (placeholders dropped), and whether it curls them. */
function readmeLinks(): { link: string; curl: boolean }[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const quickStart = readme.slice(readme.indexOf('## Two commands'), readme.indexOf('## Architecture'));
  return quickStart.split('\n').flatMap((line) =>
    [...line.matchAll(/(?:https?:\/\/)?localhost:3000(\/[^\s`)"]*)?/g)]
      .map((m) => m[1] ?? '/')
      .filter((link) => !link.includes('<'))
      .map((link) => ({ link, curl: line.includes('curl ') })),
  );
}

describe('the first hour: pnpm start, then every link of the README and the banner', () => {
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let exit: Promise<number | null>;
  let dataDir: string;
  let browser: Browser;
  let url: string;
  let key: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: the browser test cannot run (apt-get install -y chromium)`,
      );
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'first-hour-'));
    // The embedded server runs as an unprivileged user when the tests run as root.
    await chmod(dataDir, 0o777);
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    // A clean machine: nothing configured, as the README's two commands assume.
    for (const name of [
      'DATABASE_URL',
      'EVENTSTORE_URL',
      'NATS_URL',
      'DEV_API_KEY',
      'DOCS_PUBLIC',
      'WITH_WORKERS',
    ]) {
      delete env[name];
    }
    // Its own process group: the test stops it the way a terminal's Ctrl-C does, the whole group.
    child = spawn('pnpm', ['start'], { cwd: ROOT, env, detached: true });
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 170_000;
    while (!/Docs: /.test(stdout) && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!/Docs: /.test(stdout)) throw new Error(`pnpm start did not come up:\n${stdout}\n${stderr}`);
    url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] as string;
    key = /Development API key[^:]*: (\S+)/.exec(stdout)?.[1] as string;
    expect(url).toMatch(/^http:\/\//);
    expect(key).toBeDefined();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (child?.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await exit;
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('the banner curl works as printed', async () => {
    const curl = /Try: curl -H "Authorization: Bearer (\S+)" (\S+)/.exec(stdout);
    expect(curl?.[1]).toBe(key);
    const res = await fetch(curl?.[2] as string, { headers: { authorization: `Bearer ${curl?.[1]}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { projections?: unknown[] } | unknown[];
    expect(JSON.stringify(body)).toMatch(/retention|loyalty/);
  });

  it('the banner dashboard link opens the dashboard', async () => {
    const link = /Dashboard: (\S+)/.exec(stdout)?.[1] as string;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(page.url()).not.toContain('key=');
    expect(await page.locator('header.top h1').count()).toBe(1);
    expect(await page.locator('section.panel').count()).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-hour-dashboard.png') });
    await context.close();
  });

  it('/docs from the banner and the README: sign in once, then Swagger UI shows the API', async () => {
    const docs = /Docs: (\S+)/.exec(stdout)?.[1] as string;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(docs);
    // Sent to the dashboard's sign-in form, which brings the browser back.
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.fill('form.signin input[name=key]', key);
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith('/docs')),
      page.click('form.signin button'),
    ]);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('After-sales command API');
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
    await page.screenshot({ path: path.join(ARTIFACTS, 'first-hour-docs.png') });

    const openapi = /OpenAPI: (\S+)/.exec(stdout)?.[1] as string;
    const document = await page.goto(openapi);
    expect(document?.status()).toBe(200);
    expect(await document?.json()).toMatchObject({
      openapi: expect.any(String),
    });
    await context.close();
  });

  it('every link of the README quick start and of GET / renders in a signed-in browser', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Signed in once, by the banner's link.
    await page.goto(`${url}/dashboard?key=${key}`);
    const home = await page.goto(`${url}/`);
    expect(home?.status()).toBe(200);
    const served = (await page.evaluate(
      "[...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))",
    )) as string[];
    const readme = readmeLinks();
    expect(readme.map((r) => r.link)).toEqual(expect.arrayContaining(['/docs', '/v1/ops/lag']));
    // What the README curls, curled with the key.
    for (const { link } of readme.filter((r) => r.curl)) {
      const res = await fetch(`${url}${link}`, { headers: { authorization: `Bearer ${key}` } });
      expect({ link, status: res.status }).toEqual({ link, status: 200 });
    }
    const links = [...new Set([...readme.filter((r) => !r.curl).map((r) => r.link), ...served])];
    expect(links).toEqual(
      expect.arrayContaining([
        '/dashboard',
        '/docs',
        '/openapi.json',
        '/asyncapi.json',
        '/health',
        '/ready',
        '/metrics',
      ]),
    );
    for (const link of links) {
      const response = await page.goto(`${url}${link}`);
      const status = response?.status();
      const text = (await page.locator('body').textContent()) ?? '';
      expect({ link, status }).toEqual({ link, status: 200 });
      expect(text, link).not.toMatch(/"status":\s*(401|403|404)/);
      expect(response?.headers()['content-type'], link).not.toMatch(/problem\+json/);
      // Real content: a page, a document, metrics, or a health answer such as {"status":"ok"}.
      expect(text.trim().length, link).toBeGreaterThan(10);
    }
    await context.close();
  });

  it('Ctrl-C (SIGINT to the process group) stops it with exit 0 and no ELIFECYCLE', async () => {
    process.kill(-(child.pid as number), 'SIGINT');
    expect(await exit).toBe(0);
    expect(stderr).not.toContain('ELIFECYCLE');
    expect(stdout + stderr).not.toContain('Command failed');
  }, 60_000);
});
