import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * `pnpm bench <name> [flags]` runs `pnpm bench:<name> [flags]`; without a name it lists them.
 * The benchmarks print figures; none of them asserts a time.
 */
const scripts: Record<string, string> = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
const names = Object.keys(scripts)
  .filter((name) => name.startsWith('bench:'))
  .map((name) => name.slice('bench:'.length));
const [name, ...flags] = process.argv.slice(2);

if (!name || !names.includes(name)) {
  console.error(`usage: pnpm bench <${names.join('|')}> [flags]`);
  process.exit(name ? 2 : 0);
}
const result = spawnSync('pnpm', ['run', `bench:${name}`, ...flags], { stdio: 'inherit' });
process.exit(result.status ?? 1);
