import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

const redocly = new URL('../../../../node_modules/.bin/redocly', import.meta.url).pathname;
const run = promisify(execFile);

let h: Harness;
/** Every route the app registers, as `METHOD /path` with Fastify's `:param` written `{param}`. */
const registered = new Set<string>();
type Operation = {
  operationId?: string;
  parameters?: { in: string; name: string }[];
  responses: Record<string, unknown>;
};
let document: { paths: Record<string, Record<string, Operation>> };
/**
 * Routes the server answers that are deliberately outside the API contract: pages and files for
 * people, not operations for a client.
 */
const OUTSIDE_THE_CONTRACT = new Set([
  // Swagger UI's own assets and the copies of this document its page reads (`GET /docs` is in).
  'GET /docs/static/*',
  'GET /docs/static/index.html',
  'GET /docs/static/swagger-initializer.js',
  'GET /docs/json',
  'GET /docs/yaml',
  // The dashboard: HTML pages and their sign-in form, with a cookie (DESIGN.md lists no such route).
  'GET /dashboard',
  'POST /dashboard',
]);
const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
beforeAll(async () => {
  h = await startHarness({
    withOps: true,
    onRoute: (route) => {
      for (const method of [route.method].flat()) {
        registered.add(`${method} ${route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
      }
    },
  });
  document = (await h.send({ method: 'GET', url: '/openapi.json', key: h.keys.all })).json();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h?.close();
});

describe('the served OpenAPI document', () => {
  it('passes Redocly lint (recommended rules) with no error and no warning', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const { stdout, stderr } = await run(redocly, ['lint', file, '--format=summary'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((err: { stdout: string; stderr: string }) => err);
    const output = `${stdout}\n${stderr}`;
    expect(output, output).toMatch(/Woohoo! Your API description is valid/);
    expect(output).not.toMatch(/^warning\s/m);
  }, 60_000);

  it('lists every route the server answers, each with an operationId, and the answers of the layers in front', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );
    for (const { operation } of operations) expect(operation.operationId).toBeTruthy();
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/health', '/ready', '/metrics', '/openapi.json', '/v1/ops/verify']),
    );
    const register = document.paths['/v1/customers']?.post;
    expect(Object.keys(register?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '413', '415', '422', '429', '431', '503']),
    );
    expect(JSON.stringify(register?.responses['400'])).toContain('application/problem+json');
    expect(JSON.stringify(register?.responses['201'])).toContain('ETag');
  });

  it('has an operation for every route the server registers, but the few outside the contract', () => {
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const covered = (route: string) => documented.has(route) || OUTSIDE_THE_CONTRACT.has(route);
    const missing = [...registered].filter((route) => {
      // Fastify answers HEAD wherever it answers GET, and a plugin's `/prefix/` as its `/prefix`:
      // the GET operation at the path without the trailing slash documents them.
      const asGet = route.replace(/^HEAD /, 'GET ');
      return !covered(route) && !covered(asGet) && !covered(asGet.replace(/(?<=.)\/$/, ''));
    });
    expect(missing).toEqual([]);
    // The service routes of DESIGN.md, the map at `/` among them.
    expect([...documented]).toEqual(
      expect.arrayContaining(
        ['/', '/health', '/ready', '/metrics', '/openapi.json', '/docs'].map((path) => `GET ${path}`),
      ),
    );
    // The allow-list names only routes that exist (a stale entry would hide a new route).
    for (const route of OUTSIDE_THE_CONTRACT) expect(registered).toContain(route);
  });

  it('offers If-Match on commands of an existing stream, never on a command that creates its stream', () => {
    const ifMatchOf = (operation: Operation | undefined) =>
      (operation?.parameters ?? []).some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
    const commands = Object.values(document.paths).flatMap((item) =>
      ['post', 'put', 'patch'].map((method) => item[method]).filter((op) => op !== undefined),
    );
    const creates = commands.filter((op) => '201' in op.responses);
    expect(creates.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['registerCustomer', 'placeOrder', 'requestReturn', 'requestRepair']),
    );
    for (const create of creates) expect(ifMatchOf(create), create.operationId).toBe(false);
    for (const path of ['/v1/orders/{id}/shipments', '/v1/customers/{id}', '/v1/returns/{id}/approval']) {
      const operation = document.paths[path]?.post ?? document.paths[path]?.patch;
      expect(ifMatchOf(operation), path).toBe(true);
    }
  });

  it('creates a stream without If-Match, and refuses the same create as a business rule, not a revision', async () => {
    const { customerId } = ids();
    const created = await h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(customerId) });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"0"');
    const again = await h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(customerId) });
    expect(again.json()).toMatchObject({ status: 409, code: 'customer-already-registered' });
  });
});
