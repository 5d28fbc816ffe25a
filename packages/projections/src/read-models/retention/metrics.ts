import { BI_SCHEMA, createBiSchema } from '../shared/bi';
import { ident, literal, type ViewSpec, viewDdl } from '../shared/ddl';
import { afterSalesViews } from './after-sales-views';
import { customerViews } from './customer-views';

export { retentionFunctions } from './functions';

/**
 * Retention metrics as views over the fact tables, in the projection's schema (so a rebuilt
 * staging schema carries them too). BI reads them under the same name in `bi`, without the
 * `retention_` prefix.
 */
export function retentionMetricViews(schema: string): ViewSpec[] {
  return [...customerViews(schema), ...afterSalesViews(schema)].map((view) => ({
    ...view,
    name: `retention_${view.name}`,
  }));
}

/** The retention views BI reads, in schema `bi`: friendly names over the metric views. */
export function retentionCatalogViews(schema: string): ViewSpec[] {
  return retentionMetricViews(schema).map((view) => ({
    ...view,
    name: view.name.replace(/^retention_/, ''),
    query: `SELECT * FROM ${ident(schema)}.${ident(view.name)}`,
  }));
}

/** `bi.<friendly name>` views over the metric views, plus the churn function for any date. */
export function retentionViews(schema: string): string[] {
  const s = ident(schema);
  const bi = ident(BI_SCHEMA);
  return [
    createBiSchema,
    ...retentionCatalogViews(schema).flatMap((view) => viewDdl(BI_SCHEMA, view)),
    `CREATE OR REPLACE FUNCTION ${bi}.churned_customers_as_of(at timestamptz)
RETURNS TABLE (
  customer_id text, first_order_at timestamptz, last_order_at timestamptz, orders bigint,
  days_since_last_order numeric
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT * FROM ${s}.retention_churned_customers(churned_customers_as_of.at);
END`,
    `COMMENT ON FUNCTION ${bi}.churned_customers_as_of(timestamptz) IS ${literal(
      'Customers churned as of the instant: no non-cancelled order in the 180 days before it.',
    )}`,
  ];
}
