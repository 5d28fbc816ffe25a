import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Where test support lives: beside the code it helps test, under `src/`, in a `testing/` folder or
 * a `testing.ts`, `*.fixture(s).ts` or `test-fixtures.ts` file (the event store's contract suite,
 * `src/contract/`, too), and other packages reach it through the package's `./testing` export.
 * It stays out of the build because no production module imports it: the build bundles what the
 * service entries import, and nothing else. This test holds that line.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = path.join(ROOT, 'packages');

const isTest = (file: string) => file.endsWith('.test.ts');
const isSupport = (file: string) =>
  file.includes(`${path.sep}testing${path.sep}`) ||
  file.includes(`${path.sep}contract${path.sep}`) ||
  /(^|[\\/])(testing|test-fixtures|[\w-]+\.fixtures?)\.ts$/.test(file);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const production = readdirSync(PACKAGES)
  .map((name) => path.join(PACKAGES, name, 'src'))
  .filter((src) => existsSync(src))
  .flatMap(sources)
  .filter((file) => !isTest(file) && !isSupport(file));

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map(
    (match) => match[1] ?? '',
  );

/** The file a relative import names (`./x` → `./x.ts` or `./x/index.ts`), or the package path as is. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = path.resolve(path.dirname(file), specifier);
  return existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
}

describe('test support', () => {
  it('is found: the rule below looks at real files', () => {
    expect(production.length).toBeGreaterThan(100);
    expect(
      production.some((file) => file.endsWith(path.join('event-store', 'src', 'command-handler.ts'))),
    ).toBe(true);
  });

  it('is never imported by production code, so the build leaves it out', () => {
    const offending = production.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => {
          if (specifier === 'vitest' || specifier.startsWith('vitest/')) return true;
          if (/^@aftersales\/[\w-]+\/testing$/.test(specifier)) return true;
          return specifier.startsWith('.') && isSupport(target(file, specifier));
        })
        .map((specifier) => `${path.relative(ROOT, file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
