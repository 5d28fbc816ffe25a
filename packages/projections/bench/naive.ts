import type { RecordedEvent } from '@aftersales/event-store';
import type pg from 'pg';
import { ident } from '../src/runner/bookkeeping';
import { matchesFilter } from '../src/runner/filter';
import type { Projection } from '../src/runner/projection';

/**
 * The naive projector the benchmark compares against: one transaction per event (applying it to
 * every projection that wants it and moving a checkpoint), into schemas of its own.
 */
export async function runNaive(
  client: pg.ClientBase,
  projections: readonly Projection[],
  events: readonly RecordedEvent[],
): Promise<number> {
  const schemaOf = (p: Projection) => `naive_${p.name}`;
  await client.query('CREATE SCHEMA IF NOT EXISTS naive');
  await client.query('CREATE TABLE IF NOT EXISTS naive.checkpoint (name text PRIMARY KEY, position bigint)');
  await client.query("INSERT INTO naive.checkpoint VALUES ('naive', NULL) ON CONFLICT DO NOTHING");
  for (const projection of projections) {
    await client.query(`DROP SCHEMA IF EXISTS ${ident(schemaOf(projection))} CASCADE`);
    await client.query(`CREATE SCHEMA ${ident(schemaOf(projection))}`);
    await projection.setup(client as pg.PoolClient, schemaOf(projection));
  }
  const started = performance.now();
  for (const event of events) {
    await client.query('BEGIN');
    for (const projection of projections) {
      if (matchesFilter(projection.filter, event)) {
        await projection.apply(client as pg.PoolClient, [event], schemaOf(projection));
      }
    }
    await client.query("UPDATE naive.checkpoint SET position = $1 WHERE name = 'naive'", [
      event.position.toString(),
    ]);
    await client.query('COMMIT');
  }
  return (performance.now() - started) / 1000;
}
