import { startCommandApi } from '@aftersales/command-api';
import { startWorkers } from './workers';

/**
 * `pnpm start`: the whole system in one process, the composition root. The command API (with its
 * embedded PostgreSQL on a fresh machine), and beside it every projection and the notifier,
 * unless `WITH_WORKERS=false` (they then run as services of their own, see infra/).
 */
const withWorkers = process.env.WITH_WORKERS ?? 'true';
if (withWorkers !== 'true' && withWorkers !== 'false') {
  process.stderr.write(`WITH_WORKERS must be true or false, not ${JSON.stringify(withWorkers)}\n`);
  process.exit(1);
}
startCommandApi(withWorkers === 'true' ? { workers: startWorkers } : {}).catch((err) => {
  process.stderr.write(`the system failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
