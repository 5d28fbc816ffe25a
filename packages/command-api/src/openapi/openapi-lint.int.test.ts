import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../test/harness';

const redocly = new URL('../../../../node_modules/.bin/redocly', import.meta.url).pathname;
const run = promisify(execFile);

let h: Harness;
let document: {
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
};
const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
beforeAll(async () => {
  h = await startHarness({ withOps: true });
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
});
