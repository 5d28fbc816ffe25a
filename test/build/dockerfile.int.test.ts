import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const DOCKERFILE = join(ROOT, 'infra', 'Dockerfile');

/** Every workspace member with a manifest: packages/* and test (pnpm-workspace.yaml). */
function workspaceManifests(): string[] {
  const packages = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}/package.json`)
    .filter((manifest) => existsSync(join(ROOT, manifest)));
  return [...packages, 'test/package.json'].sort();
}

/** The instructions of the build stage up to its first `pnpm install`, continuation lines joined. */
function manifestStage(text: string): string[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const install = lines.findIndex((line) => /^RUN\b.*\bpnpm install\b/.test(line));
  expect(install, 'the Dockerfile runs pnpm install').toBeGreaterThan(0);
  return lines.slice(0, install);
}

describe('infra/Dockerfile', () => {
  it('copies every workspace manifest before the first install, each into its own folder', () => {
    const copies = manifestStage(readFileSync(DOCKERFILE, 'utf8'))
      .filter((line) => /^COPY\s/.test(line) && !line.includes('--from'))
      .map((line) => line.split(/\s+/).slice(1));
    const copied: string[] = [];
    for (const args of copies) {
      const destination = args[args.length - 1] as string;
      for (const source of args.slice(0, -1)) {
        if (!source.endsWith('/package.json')) continue;
        expect(destination, `${source} goes to its own folder`).toBe(source.replace(/package\.json$/, ''));
        copied.push(source);
      }
    }
    const expected = workspaceManifests();
    expect(expected).toContain('packages/integrations/package.json');
    expect(expected.length).toBeGreaterThan(10);
    expect(copied.sort()).toEqual(expected);
  });

  it('copies the root manifest, the lock file and the workspace file before that install', () => {
    const stage = manifestStage(readFileSync(DOCKERFILE, 'utf8')).join('\n');
    for (const file of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']) {
      expect(stage).toMatch(new RegExp(`^COPY .*(?<![\\w/-])${file.replace('.', '\\.')}\\b`, 'm'));
    }
  });
});
