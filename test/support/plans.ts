import type pg from 'pg';

/**
 * Query plans for tests that pin how Postgres runs a hot statement: a statement run many times a
 * second must find its rows through an index, whatever the planner guesses about its parameters.
 */
export type PlanNode = Readonly<{ 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] }>;

/** The plan's nodes, depth first. */
export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/** The nodes that read `relation` (its scans; the Update or Insert node above them is left out). */
export const scansOf = (plan: PlanNode, relation: string): PlanNode[] =>
  planNodes(plan).filter((n) => n['Relation Name'] === relation && /Scan/.test(n['Node Type']));

/** A value as an SQL literal: text, an array of texts (NULLs kept), a Date, or NULL. */
function literal(client: pg.PoolClient, value: unknown): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) {
    const elements = value.map((e) => (e === null ? 'NULL' : `"${String(e).replace(/["\\]/g, '\\$&')}"`));
    return client.escapeLiteral(`{${elements.join(',')}}`);
  }
  return client.escapeLiteral(value instanceof Date ? value.toISOString() : String(value));
}

/**
 * The plan of `sql` prepared with parameter `types` and run with `values`: the plan made for these
 * values (`force_custom_plan`) or the one Postgres reuses for any values (`force_generic_plan`).
 */
export async function preparedPlan(
  pool: pg.Pool,
  sql: string,
  types: readonly string[],
  values: readonly unknown[],
  mode: 'force_custom_plan' | 'force_generic_plan',
): Promise<PlanNode> {
  const client = await pool.connect();
  let prepared = false;
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL plan_cache_mode = ${mode}`);
    await client.query(`PREPARE plan_probe(${types.join(', ')}) AS ${sql}`);
    prepared = true;
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) EXECUTE plan_probe(${values.map((v) => literal(client, v)).join(', ')})`,
    );
    const plan = rows[0]?.['QUERY PLAN'][0].Plan;
    if (!plan) throw new Error('EXPLAIN gave no plan');
    return plan;
  } finally {
    await client.query('ROLLBACK');
    // A prepared statement outlives the transaction: it goes now.
    if (prepared) await client.query('DEALLOCATE plan_probe');
    client.release();
  }
}
