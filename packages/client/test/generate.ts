import openapiTS, { astToString } from 'openapi-typescript';

type Document = { paths: Record<string, Record<string, { operationId?: string }>> };

const HEADER =
  '// Generated from the served OpenAPI document by packages/client/test/generate.ts; do not edit.\n';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/**
 * The client's two generated files from the API's OpenAPI document: the types of every operation
 * (openapi-typescript) and the table of their methods and paths. `client.int.test.ts` checks that
 * the files in the tree are what the served document gives; `UPDATE_CLIENT=1` rewrites them.
 */
export async function generateClientSources(
  document: Document,
): Promise<{ api: string; operations: string }> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    exportType: true,
    immutable: true,
  });
  const rows: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operationId = item[method]?.operationId;
      if (operationId) rows.push(`  ${operationId}: { method: '${method.toUpperCase()}', path: '${path}' },`);
    }
  }
  rows.sort();
  const operations = `${HEADER}export const operationTable = {\n${rows.join('\n')}\n} as const;\n`;
  return { api: `${HEADER}${astToString(ast)}`, operations };
}
