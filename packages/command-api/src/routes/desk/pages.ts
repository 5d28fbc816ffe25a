import { createHash } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { HttpProblem } from '../../http/problem';

/**
 * Keyset pagination over a read-model table: rows in a stable order (a time column, then the
 * id, both unique together), a page of `limit`, and an opaque cursor naming the last row
 * served. Later pages never repeat or skip a row that existed when the first was read, however
 * many rows arrive meanwhile, and cost the same at any depth (no OFFSET).
 */
export const MAX_PAGE = 100;

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE)
    .default(20)
    .meta({ description: `rows per page, 1–${MAX_PAGE} (default 20)` }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({ description: "the previous page's `nextCursor`, unchanged, with the same filters" }),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'null on the last page' }),
  });

export type ListSpec = Readonly<{
  /** Schema-qualified table, e.g. `rm_ops_cases.returns`. */
  table: string;
  id: string;
  /** The time column ordered by (NULLs sort as the earliest instant). */
  sortedBy: string;
  direction: 'asc' | 'desc';
}>;

type Position = Readonly<{ at: string; id: string }>;

/** A timestamptz as Postgres prints it (`2026-03-01 10:00:00.123+00`), or the NULL stand-in. */
const SORT_KEY = /^(-infinity|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?)$/;

/** What a cursor is bound to: the route and its filters (a cursor reused with other filters is refused). */
const bindingOf = (binding: string) => createHash('sha256').update(binding).digest('base64url').slice(0, 12);

export function encodeCursor(binding: string, position: Position): string {
  return Buffer.from(JSON.stringify({ b: bindingOf(binding), a: position.at, i: position.id })).toString(
    'base64url',
  );
}

export function decodeCursor(binding: string, cursor: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const shape = z.object({ b: z.string(), a: z.string().max(64), i: z.string().max(128) }).safeParse(parsed);
  if (!shape.success || !SORT_KEY.test(shape.data.a)) {
    throw new HttpProblem(400, 'invalid-cursor', 'the cursor is not one this API handed out');
  }
  if (shape.data.b !== bindingOf(binding)) {
    throw new HttpProblem(400, 'invalid-cursor', 'the cursor belongs to another list or other filters');
  }
  return { at: shape.data.a, id: shape.data.i };
}

export type Filter = Readonly<{ column: string; value: string }>;

/**
 * One page: rows matching every filter (`column = value`), after the cursor's row, in the
 * spec's order, and the cursor of the last row when more follow. A read model whose tables
 * are not set up yet (projections never started) is a 503, not a 500.
 */
export async function listPage<R extends Record<string, unknown>>(
  pool: pg.Pool,
  spec: ListSpec,
  filters: readonly Filter[],
  page: Readonly<{ limit: number; cursor?: string | undefined }>,
): Promise<{ rows: R[]; nextCursor: string | null }> {
  const binding = `${spec.table}?${filters.map((f) => `${f.column}=${f.value}`).join('&')}`;
  const after = page.cursor === undefined ? undefined : decodeCursor(binding, page.cursor);
  const sortKey = `COALESCE(${spec.sortedBy}, '-infinity'::timestamptz)`;
  const params: unknown[] = filters.map((f) => f.value);
  const where = filters.map((f, i) => `${f.column} = $${i + 1}`);
  if (after) {
    params.push(after.at, after.id);
    const op = spec.direction === 'desc' ? '<' : '>';
    where.push(`(${sortKey}, ${spec.id}) ${op} ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(page.limit + 1);
  const dir = spec.direction === 'desc' ? 'DESC' : 'ASC';
  const sql = `SELECT *, ${sortKey}::text AS page_sort_key FROM ${spec.table}
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${sortKey} ${dir}, ${spec.id} ${dir} LIMIT $${params.length}`;
  let rows: (R & { page_sort_key: string })[];
  try {
    ({ rows } = await pool.query<R & { page_sort_key: string }>(sql, params));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '22007' || code === '22008') {
      throw new HttpProblem(400, 'invalid-cursor', 'the cursor is not one this API handed out');
    }
    if (code === '42P01' || code === '3F000') {
      throw new HttpProblem(503, 'read-model-unavailable', `${spec.table} is not set up yet (projections)`);
    }
    throw err;
  }
  const more = rows.length > page.limit;
  const served = more ? rows.slice(0, page.limit) : rows;
  const last = served[served.length - 1];
  return {
    rows: served,
    nextCursor:
      more && last ? encodeCursor(binding, { at: last.page_sort_key, id: String(last[spec.id]) }) : null,
  };
}

/** An instant column as ISO 8601 UTC, or null. */
export const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);
