import { apiMigrations } from '@aftersales/command-api';
import { applyMigrations, eventStoreMigrations, type SchemaMigrations } from '@aftersales/event-store';
import { integrationsMigrations } from '@aftersales/integrations';
import { notifierMigrations } from '@aftersales/notifier';
import { opsMigrations } from '@aftersales/ops';
import { privacyMigrations } from '@aftersales/privacy';
import { projectionsMigrations } from '@aftersales/projections';
import type pg from 'pg';

/**
 * Every schema of the system, in the order a fresh database gets them. Each service applies its
 * own at start as well; `pnpm migrate` (`migrate.ts`) applies them all at once (before a rollout).
 */
export function allMigrations(options: Readonly<{ eventStore: boolean }>): readonly SchemaMigrations[] {
  return [
    ...(options.eventStore ? [eventStoreMigrations] : []),
    opsMigrations,
    apiMigrations,
    privacyMigrations,
    notifierMigrations,
    projectionsMigrations,
    integrationsMigrations,
  ];
}

export type MigrationReport = ReadonlyArray<Readonly<{ schema: string; applied: number[]; latest: number }>>;

/** Applies every schema's missing migrations; safe from any number of processes at once. */
export async function migrateAll(
  pool: pg.Pool,
  options: Readonly<{ eventStore: boolean }>,
): Promise<MigrationReport> {
  const report: { schema: string; applied: number[]; latest: number }[] = [];
  for (const set of allMigrations(options)) {
    const applied = await applyMigrations(pool, set);
    report.push({ schema: set.schema, applied, latest: set.migrations.length });
  }
  return report;
}
