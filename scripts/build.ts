// `pnpm build`: the production build. Every service's entry is compiled to one JavaScript file
// in dist/ (the workspace's own TypeScript bundled in; npm packages stay imports), then
// `pnpm deploy --prod` writes build/prod: those files with the production dependencies only
// (no dev dependency, no embedded PostgreSQL). The image (infra/Dockerfile) is build/prod.
//   pnpm build              dist/ and build/prod
//   pnpm build --no-deploy  dist/ only
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const PROD = path.join(ROOT, 'build', 'prod');

/** The service entries: `node dist/<name>.js`. */
export const ENTRIES: Readonly<Record<string, string>> = {
  'command-api': 'packages/command-api/src/main.ts',
  migrate: 'packages/system/src/migrate.ts',
  projections: 'packages/projections/src/main.ts',
  notifier: 'packages/notifier/src/main.ts',
  integrations: 'packages/integrations/src/main.ts',
  ops: 'packages/ops/src/main.ts',
};

/** Workspace packages are bundled from their sources; every other bare import stays external. */
const externalNpm: Plugin = {
  name: 'external-npm',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@aftersales/') ? undefined : { path: args.path, external: true },
    );
  },
};

async function compile(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, entry]) => [name, path.join(ROOT, entry)]),
    ),
    outdir: DIST,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [externalNpm],
    // A few modules run a command when they are the process's main script (`import.meta.url`
    // equal to argv[1]). In a bundle every module's import.meta.url is the entry's, so that test
    // would fire inside every service: it is made false here.
    define: { 'import.meta.url': '"file:///bundled"' },
    logLevel: 'warning',
  });
}

function deploy(): void {
  rmSync(PROD, { recursive: true, force: true });
  mkdirSync(path.dirname(PROD), { recursive: true });
  // The system package depends on every service package, so its production closure is the
  // services'. From the workspace lock file (deploy needs injected workspace packages for that;
  // only this command gets them). Hoisted: the bundles import npm packages of several workspace
  // packages by name, so they must sit at the top of node_modules.
  execFileSync(
    'pnpm',
    [
      '--filter',
      '@aftersales/system',
      'deploy',
      '--prod',
      '--config.inject-workspace-packages=true',
      '--config.node-linker=hoisted',
      '--prefer-offline',
      '--loglevel=warn',
      PROD,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  // The workspace sources came along as packages; the bundles replace them.
  for (const entry of ['src', 'test', 'bench', 'README.md']) {
    rmSync(path.join(PROD, entry), { recursive: true, force: true });
  }
  rmSync(path.join(PROD, 'node_modules', '@aftersales'), { recursive: true, force: true });
  cpSync(DIST, path.join(PROD, 'dist'), { recursive: true });
  writeFileSync(
    path.join(PROD, 'package.json'),
    `${JSON.stringify({ name: 'aftersales', private: true, type: 'module' }, null, 2)}\n`,
  );
}

await compile();
console.log(`compiled ${Object.keys(ENTRIES).length} entries into dist/`);
if (!process.argv.includes('--no-deploy')) {
  deploy();
  console.log(`production install in ${path.relative(ROOT, PROD)}`);
}
