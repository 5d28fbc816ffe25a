import { loyaltyTables } from './loyalty/tables';
import { loyaltyBiViews } from './loyalty/views';
import { retentionCatalogViews } from './retention/metrics';
import { retentionTables } from './retention/tables';
import type { TableSpec, ViewSpec } from './shared/ddl';
import { supportTables } from './support/tables';
import { supportCatalogViews } from './support/views';

/**
 * The data dictionary of docs/read-models.md is written from the same specs the DDL and the
 * `COMMENT ON` statements come from, so the three cannot disagree. Run
 * `pnpm exec tsx packages/projections/src/read-models/dictionary.ts <part>` with a part named
 * below (loyalty-, retention- or support-, then tables or views) and paste the output into the
 * matching Tables or BI views section of the loyalty, retention or support-cases chapter, then
 * `pnpm exec biome format --write docs/read-models.md`; comments.int.test.ts checks the document
 * is current.
 */
const cell = (text: string) => text.replaceAll('|', '\\|');

export function tableMarkdown(schema: string, spec: TableSpec | ViewSpec): string {
  const rows = spec.columns.map((column) => {
    const type = 'type' in column ? ` \`${String(column.type).split(' ')[0]}\` |` : '';
    return `| \`${column.name}\` |${type} ${cell(column.comment)} |`;
  });
  const header = spec.columns.some((column) => 'type' in column)
    ? '| column | type | meaning |\n|---|---|---|'
    : '| column | meaning |\n|---|---|';
  return [`#### \`${schema}.${spec.name}\``, '', cell(spec.comment), '', header, ...rows, ''].join('\n');
}

type Entry = { schema: string; spec: TableSpec | ViewSpec };
type Part =
  | 'loyalty-tables'
  | 'loyalty-views'
  | 'retention-tables'
  | 'retention-views'
  | 'support-tables'
  | 'support-views';

export function dictionaryEntries(): Record<Part, Entry[]> {
  return {
    'loyalty-tables': loyaltyTables.map((spec) => ({ schema: 'rm_loyalty', spec })),
    'loyalty-views': loyaltyBiViews('rm_loyalty').map((spec) => ({ schema: 'bi', spec })),
    'retention-tables': retentionTables.map((spec) => ({ schema: 'rm_retention', spec })),
    'retention-views': retentionCatalogViews('rm_retention').map((spec) => ({ schema: 'bi', spec })),
    'support-tables': supportTables.map((spec) => ({ schema: 'rm_support', spec })),
    'support-views': supportCatalogViews('rm_support').map((spec) => ({ schema: 'bi', spec })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const part = process.argv[2] as Part;
  for (const { schema, spec } of dictionaryEntries()[part] ?? []) console.log(tableMarkdown(schema, spec));
}
