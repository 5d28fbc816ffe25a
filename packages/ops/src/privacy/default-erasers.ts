import { FORGOTTEN_MARKER, mapPaths, personalDataOwner, personalFieldRules } from '@aftersales/privacy';
import { CUSTOMER_LOOKUP_SCHEMA } from '@aftersales/projections';
import { columnEraser, type PersonalDataEraser, quoteIdent, tableExists } from './erasers';

/**
 * Replaces the customer's personal data inside a stored event payload (any JSON shape: an event
 * is recognised by its `type` and `data`), plus any string equal to a value they were known by.
 */
export function scrubPayload(
  payload: unknown,
  customerId: string,
  knownValues: ReadonlySet<string>,
): unknown {
  if (typeof payload === 'string') return knownValues.has(payload) ? FORGOTTEN_MARKER : payload;
  if (Array.isArray(payload)) return payload.map((item) => scrubPayload(item, customerId, knownValues));
  if (payload === null || typeof payload !== 'object') return payload;
  const record = payload as Record<string, unknown>;
  const type = typeof record.type === 'string' ? record.type : undefined;
  const rule = type === undefined ? undefined : personalFieldRules[type];
  const scrubbed = Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, scrubPayload(value, customerId, knownValues)]),
  );
  if (type !== undefined && rule && personalDataOwner(type, record.data) === customerId) {
    scrubbed.data = mapPaths(scrubbed.data, rule.fields, () => FORGOTTEN_MARKER);
  }
  return scrubbed;
}

/**
 * Dead-letter tables keep whole events (decrypted as the failing consumer saw them). Rows are
 * rewritten only where scrubbing changes something; the scan is limited to rows that mention
 * the customer id, which every personal event carries.
 */
function payloadEraser(name: string, table: string, column: string, asJsonb: boolean): PersonalDataEraser {
  const qualified = table.split('.').map(quoteIdent).join('.');
  const col = quoteIdent(column);
  return {
    name,
    tables: [table],
    async erase(customerId, { pool, knownValues }) {
      if (!(await tableExists(pool, table))) return 0;
      const { rows } = await pool.query<{ id: string; payload: string }>(
        `SELECT id::text, ${col}::text AS payload FROM ${qualified} WHERE strpos(${col}::text, $1) > 0`,
        [JSON.stringify(customerId).slice(1, -1)],
      );
      const values = new Set(knownValues);
      let changed = 0;
      for (const row of rows) {
        const scrubbed = JSON.stringify(scrubPayload(JSON.parse(row.payload), customerId, values));
        if (scrubbed === JSON.stringify(JSON.parse(row.payload))) continue;
        await pool.query(
          `UPDATE ${qualified} SET ${col} = $2${asJsonb ? '::jsonb' : ''} WHERE id = $1::bigint`,
          [row.id, scrubbed],
        );
        changed++;
      }
      return changed;
    },
  };
}

/**
 * Cached HTTP responses may echo a customer's details; a retry after forgetting must not
 * replay them. The record is dropped (the command it answered cannot succeed again anyway).
 */
const idempotencyEraser: PersonalDataEraser = {
  name: 'command-api.idempotency_records',
  tables: ['public.idempotency_records'],
  async erase(_customerId, { pool, knownValues }) {
    // Very short values (a one-letter name) would match unrelated responses; emails and phones
    // are what responses would echo, and they are long.
    const distinctive = knownValues.filter((value) => value.length >= 5);
    if (distinctive.length === 0 || !(await tableExists(pool, 'public.idempotency_records'))) return 0;
    const result = await pool.query(
      'DELETE FROM public.idempotency_records WHERE response_body LIKE ANY($1::text[])',
      [distinctive.map((value) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
    );
    return result.rowCount ?? 0;
  },
};

/**
 * The support desk's blind index: the customer's digests go, so a search by their e-mail or
 * phone finds nothing (the projection drops them again on `CustomerForgotten`, and a rebuild
 * reads `[forgotten]`, which is never indexed).
 */
const contactLookupEraser: PersonalDataEraser = {
  name: 'projections.customer-lookup',
  tables: [`${CUSTOMER_LOOKUP_SCHEMA}.contacts`],
  async erase(customerId, { pool }) {
    const table = `${CUSTOMER_LOOKUP_SCHEMA}.contacts`;
    if (!(await tableExists(pool, table))) return 0;
    const result = await pool.query(
      `DELETE FROM ${quoteIdent(CUSTOMER_LOOKUP_SCHEMA)}.contacts WHERE customer_id = $1`,
      [customerId],
    );
    return result.rowCount ?? 0;
  },
};

/**
 * The erasers for the tables this repository has today. Packages that add tables with personal
 * data register their own eraser (same name replaces a default) with `PersonalDataErasers`.
 */
export function defaultErasers(): PersonalDataEraser[] {
  return [
    columnEraser({
      name: 'notifier.customers',
      table: 'notifier.customers',
      customerIdColumn: 'customer_id',
      set: { name: 'NULL', email: 'NULL', phone: 'NULL', forgotten: 'true' },
    }),
    payloadEraser('notifier.dead_letters', 'notifier.dead_letters', 'payload', false),
    payloadEraser('projections.dead_letters', 'projections.dead_letters', 'payload', true),
    idempotencyEraser,
    contactLookupEraser,
  ];
}
