import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Variables read as `process.env.X`, `env.X` or declared in a zod env schema (`X: z.`). */
function variablesReadBy(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const match of text.matchAll(/\benv\.([A-Z][A-Z0-9_]{2,})\b/g)) found.add(match[1] as string);
  if (/envSchema|loadEnv/.test(text)) {
    for (const match of text.matchAll(/^\s+([A-Z][A-Z0-9_]{2,}): z\./gm)) found.add(match[1] as string);
  }
  return [...found];
}

describe('infra/CONFIG.md', () => {
  it('lists every environment variable the code reads', () => {
    const reference = readFileSync(path.join(root, 'infra/CONFIG.md'), 'utf8');
    const files = ['packages', 'test', 'scripts'].flatMap((dir) => {
      try {
        return sourceFiles(path.join(root, dir));
      } catch {
        // A folder the repository does not have (yet): nothing read from it.
        return [];
      }
    });
    const variables = new Set(files.flatMap(variablesReadBy));
    expect(variables.size).toBeGreaterThan(5);
    const missing = [...variables].filter((name) => !reference.includes(`\`${name}\``)).sort();
    expect(missing).toEqual([]);
  });
});
