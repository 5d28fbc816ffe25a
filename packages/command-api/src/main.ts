import { startCommandApi } from './start';

/**
 * The command API alone: `tsx packages/command-api/src/main.ts` (the compose topology, the chaos
 * harness and the end-to-end tests run it so; the projections and the notifier are services of
 * their own). `pnpm start`, the whole system in one process, is `@aftersales/system`.
 */
startCommandApi().catch((err) => {
  process.stderr.write(`command API failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
