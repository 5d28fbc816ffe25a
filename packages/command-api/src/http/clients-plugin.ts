import type { EventStore } from '@aftersales/event-store';
import fp from 'fastify-plugin';
import type pg from 'pg';
import type { CommandDeps } from '../commands/command-route';

declare module 'fastify' {
  interface FastifyInstance {
    /** The event store every route reads and appends through (decorated once). */
    store: EventStore;
    /** Postgres with the API's own tables. */
    pool: pg.Pool;
    /** What command routes need: store, rules, clock, metrics. */
    commands: CommandDeps;
  }
}

/** The shared clients, decorated once on the root instance so every feature plugin sees them. */
export const clientsPlugin = fp<{ store: EventStore; pool: pg.Pool; commands: CommandDeps }>(
  async (app, { store, pool, commands }) => {
    app.decorate('store', store);
    app.decorate('pool', pool);
    app.decorate('commands', commands);
  },
  { name: 'clients' },
);
