import type { AllFilter, RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';

/**
 * A read model fed from the event log. The runner calls `apply` with a batch of events inside
 * one Postgres transaction that also moves the projection's checkpoint, so each event's effect
 * lands exactly once — whichever store (Postgres or EventStoreDB) the events come from.
 */
export interface Projection {
  /** Stable name, e.g. `loyalty`; also the name of the checkpoint row. */
  readonly name: string;
  /** Bump when the table layout or the logic changes: a rebuild is then required. */
  readonly version: number;
  /**
   * What the runner does with a poison event (apply throws for it alone): it always goes to the
   * dead-letter table; `skip` then moves on, `stop` halts the projection until the dead letter
   * is retried. Default `stop`: a gap in a read model is worse than a stale one.
   */
  readonly onError?: 'skip' | 'stop';
  /** Which events the projection needs; the store filters server-side. */
  readonly filter?: AllFilter;
  /**
   * Creates the projection's tables in `schema` (idempotent). During a rebuild the runner
   * passes a fresh staging schema and later swaps it in, so never hard-code the schema name.
   */
  setup(client: PoolClient, schema: string): Promise<void>;
  /** Applies a batch in the caller's transaction. Must be deterministic. */
  apply(client: PoolClient, events: readonly RecordedEvent[], schema: string): Promise<void>;
  /**
   * SQL statements (re)creating friendly views for BI over the tables in `schema`
   * (`CREATE OR REPLACE VIEW bi.<name> AS ...`). Run after setup and after every swap.
   */
  views?(schema: string): readonly string[];
}
