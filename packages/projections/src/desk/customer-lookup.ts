import type { DomainEventOf } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import {
  type BlindIndex,
  type CustomerKeyStore,
  ensureIndexKeyTable,
  type KeyState,
  loadBlindIndex,
  openPersonalData,
} from '@aftersales/privacy';
import type { PoolClient } from 'pg';
import { ident, runAll, type TableSpec, tableDdl } from '../read-models/shared/ddl';
import { domainEventsOf } from '../read-models/shared/events';
import { deleteRows, RowBuffer } from '../read-models/shared/row-buffer';
import type { Projection } from '../runner/projection';

const EVENT_TYPES = [
  'CustomerRegistered',
  'CustomerProfileChanged',
  'CustomerForgotten',
  'OrderShipped',
] as const;
type LookupEvent = DomainEventOf<(typeof EVENT_TYPES)[number]>;
const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

export const contactsTable: TableSpec = {
  name: 'contacts',
  comment:
    "The support desk's blind index: per customer the keyed digest (HMAC-SHA256, key in privacy.index_keys) of the normalised e-mail and phone; never the values. Forgetting a customer deletes their rows.",
  columns: [
    { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer id.' },
    { name: 'kind', type: 'text NOT NULL', comment: 'email or phone.' },
    {
      name: 'digest',
      type: 'text NOT NULL',
      comment: 'HMAC-SHA256 of kind and normalised value, base64url.',
    },
  ],
  constraints: ['PRIMARY KEY (customer_id, kind)'],
  indexes: [{ name: 'contacts_digest_idx', on: '(kind, digest)' }],
};

export const trackingTable: TableSpec = {
  name: 'tracking_numbers',
  comment: "Carriers' tracking numbers (trimmed, upper case) of shipped orders, for the desk's search.",
  columns: [
    {
      name: 'tracking_number',
      type: 'text NOT NULL',
      comment: 'As the carrier gave it, trimmed, upper case.',
    },
    { name: 'order_id', type: 'text NOT NULL', comment: 'Order shipped under it.' },
    { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer of the order.' },
  ],
  constraints: ['PRIMARY KEY (tracking_number, order_id)'],
};

export const normaliseTrackingNumber = (raw: string) => raw.trim().toUpperCase();

/** Digests per customer after the batch: a string sets, null removes; `forgotten` removes all. */
type ContactChange = { email?: string | null; phone?: string | null; forgotten?: true };

/**
 * The personal events of the batch opened under their customers' keys (the projections service
 * reads the log sealed). No lock is taken on the key rows: a row lock would leave the destroyed
 * key's old version behind a forget's VACUUM FULL. A batch opened just before a forget and
 * committed just after it may write a digest the forget's eraser no longer sees; the
 * `CustomerForgotten` that forget records removes it when it arrives here, and the search never
 * answers with a forgotten customer meanwhile (it checks the customer's stream).
 */
async function opened(client: PoolClient, events: readonly LookupEvent[]): Promise<LookupEvent[]> {
  const owners = [...new Set(events.flatMap((e) => (e.type === 'OrderShipped' ? [] : [e.data.customerId])))];
  const { rows: present } = await client.query<{ here: boolean }>(
    "SELECT to_regclass('privacy.customer_keys') IS NOT NULL AS here",
  );
  if (owners.length === 0 || !present[0]?.here) return [...events];
  const { rows } = await client.query<{ customer_id: string; data_key: Buffer | null }>(
    `SELECT customer_id, data_key FROM privacy.customer_keys WHERE customer_id = ANY($1::text[])
`,
    [owners],
  );
  const keys = new Map<string, KeyState>(
    rows.map((r) => [
      r.customer_id,
      r.data_key ? { status: 'active', key: r.data_key } : { status: 'forgotten' },
    ]),
  );
  const readKeys: Pick<CustomerKeyStore, 'keysForReading'> = { keysForReading: async () => keys };
  return openPersonalData(events, readKeys as CustomerKeyStore);
}

function contactChanges(events: readonly LookupEvent[], index: BlindIndex): Map<string, ContactChange> {
  const changes = new Map<string, ContactChange>();
  const changeOf = (id: string) => {
    const change = changes.get(id) ?? {};
    changes.set(id, change);
    return change;
  };
  for (const event of events) {
    switch (event.type) {
      case 'CustomerRegistered': {
        const change = changeOf(event.data.customerId);
        if (change.forgotten) break;
        // A customer's first event: a value missing here has no row to remove.
        const email = index.digestOf('email', event.data.email);
        const phone = index.digestOf('phone', event.data.phone);
        if (email !== null) change.email = email;
        if (phone !== null) change.phone = phone;
        break;
      }
      case 'CustomerProfileChanged': {
        const change = changeOf(event.data.customerId);
        const { email, phone } = event.data.changes;
        if (change.forgotten) break;
        if (email !== undefined) change.email = index.digestOf('email', email);
        if (phone !== undefined) change.phone = index.digestOf('phone', phone);
        break;
      }
      case 'CustomerForgotten':
        changes.set(event.data.customerId, { forgotten: true });
        break;
      case 'OrderShipped':
        break;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }
  return changes;
}

async function applyBatch(client: PoolClient, recorded: readonly RecordedEvent[], schema: string) {
  const s = ident(schema);
  const events = await opened(client, domainEventsOf<LookupEvent['type']>(recorded, eventTypeSet));
  const tracking = events.flatMap((e) =>
    e.type === 'OrderShipped'
      ? [
          {
            tracking_number: normaliseTrackingNumber(e.data.trackingNumber),
            order_id: e.data.orderId,
            customer_id: e.data.customerId,
          },
        ]
      : [],
  );
  if (tracking.length > 0) {
    await client.query(
      `INSERT INTO ${s}.tracking_numbers SELECT * FROM jsonb_populate_recordset(NULL::${s}.tracking_numbers, $1::jsonb)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(tracking)],
    );
  }
  if (!events.some((e) => e.type !== 'OrderShipped')) return;
  const changes = contactChanges(events, await loadBlindIndex(client));
  const upserts: { customer_id: string; kind: string; digest: string }[] = [];
  // Removed by primary key (a forgotten customer's both kinds): a few rows cost a few index
  // lookups, not a pass over every customer's contacts (the growth bench found that scan).
  const removals = new RowBuffer<'customer_id' | 'kind'>([
    ['customer_id', 'text'],
    ['kind', 'text'],
  ]);
  for (const [customerId, change] of changes) {
    for (const kind of ['email', 'phone'] as const) {
      const digest = change[kind];
      if (change.forgotten || digest === null) removals.push({ customer_id: customerId, kind });
      else if (digest !== undefined) upserts.push({ customer_id: customerId, kind, digest });
    }
  }
  await deleteRows(client, `${s}.contacts`, removals, 't.customer_id = p.customer_id AND t.kind = p.kind');
  if (upserts.length > 0) {
    await client.query(
      `INSERT INTO ${s}.contacts SELECT * FROM jsonb_populate_recordset(NULL::${s}.contacts, $1::jsonb)
       ON CONFLICT (customer_id, kind) DO UPDATE SET digest = EXCLUDED.digest`,
      [JSON.stringify(upserts)],
    );
  }
}

/** The schema of the lookup tables; `rm_private_*` schemas are never granted to BI roles. */
export const CUSTOMER_LOOKUP_SCHEMA = 'rm_private_desk_lookup';

/**
 * The support desk's lookups (DESIGN.md "support-desk reads"): customers by a blind index of
 * their e-mail and phone, orders by tracking number. Private: BI never reads it.
 */
export const customerLookupProjection: Projection = {
  name: 'private_desk_lookup',
  version: 1,
  onError: 'stop',
  filter: { eventTypes: EVENT_TYPES },
  async setup(client, schema) {
    await ensureIndexKeyTable(client);
    await runAll(client, [
      `CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`,
      ...tableDdl(schema, contactsTable),
      ...tableDdl(schema, trackingTable),
    ]);
  },
  apply: applyBatch,
};
