// A runner process for the crash test: runs the counting projection and the operations read
// models against a Postgres store, and announces on stdout when a batch is written but not yet
// committed, so the parent can SIGKILL it at exactly that moment.
import { createPostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { opsProjections } from '../../operational';
import { startProjections } from '../start';
import { countingProjection } from './counting-projection';

const [url, name] = process.argv.slice(2);
if (!url || !name) throw new Error('usage: crash-child <database url> <counting projection name>');

const store = await createPostgresEventStore({ connectionString: url, pollIntervalMs: 50 });
const pool = new pg.Pool({ connectionString: url, max: 12 });
const counting = countingProjection({
  name,
  afterWrites: async () => {
    process.stdout.write('mid-batch\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
  },
});
startProjections({
  store,
  pool,
  log: pino({ level: 'silent' }),
  projections: [counting, ...opsProjections],
  batchSize: 40,
  batchWindowMs: 10,
  pollMs: 100,
});
process.stdout.write('started\n');
