import { describe, expect, it } from 'vitest';
import { readModelTable, TableRows } from './table';

const shipments = readModelTable({
  name: 'shipments',
  comment: 'One row per shipment.',
  key: ['shipment_id'],
  columns: [
    { name: 'shipment_id', type: 'text NOT NULL', comment: 'Shipment id.', merge: 'created' },
    { name: 'first_seen_at', type: 'timestamptz', comment: 'First scan.', merge: 'first' },
    { name: 'status', type: 'text', comment: 'Latest status.', merge: 'last' },
    { name: 'scans', type: 'integer NOT NULL DEFAULT 0', comment: 'Scans so far.', merge: 'add' },
    { name: 'late', type: 'boolean GENERATED ALWAYS AS (status = $$late$$) STORED', comment: 'Late.' },
  ],
});

describe('readModelTable', () => {
  it('derives the DDL, the inserted and the patched columns, and the merge of each', () => {
    expect(shipments.spec.constraints).toEqual(['PRIMARY KEY (shipment_id)']);
    expect(shipments.spec.columns.map((c) => c.comment)).toEqual([
      'Shipment id.',
      'First scan.',
      'Latest status.',
      'Scans so far.',
      'Late.',
    ]);
    // A generated column is never written.
    expect(shipments.created).toEqual([
      ['shipment_id', 'text'],
      ['first_seen_at', 'timestamptz'],
      ['status', 'text'],
      ['scans', 'integer'],
    ]);
    expect(shipments.patched).toEqual(shipments.created);
    expect(shipments.mergeSql.split(',\n     ')).toEqual([
      'first_seen_at = coalesce(t.first_seen_at, p.first_seen_at)',
      'status = coalesce(p.status, t.status)',
      'scans = t.scans + coalesce(p.scans, 0)',
    ]);
    expect(shipments.keySql).toBe('t.shipment_id = p.shipment_id');
  });
});

describe('TableRows', () => {
  it('merges later events into the row created in the batch, and into one patch of a stored row', () => {
    const rows = new TableRows(shipments);
    rows.create({ shipment_id: 's-1', scans: 0 });
    rows.merge({ shipment_id: 's-1' }, { first_seen_at: '09:00', status: 'moving', scans: 1 });
    rows.merge({ shipment_id: 's-1' }, { first_seen_at: '10:00', status: 'late', scans: 1 });
    rows.merge({ shipment_id: 's-2' }, { status: 'moving', scans: 1 });
    rows.merge({ shipment_id: 's-2' }, { status: null, scans: 2 });
    expect(rows.created).toEqual([{ shipment_id: 's-1', first_seen_at: '09:00', status: 'late', scans: 2 }]);
    expect(rows.patched).toEqual([{ shipment_id: 's-2', status: 'moving', scans: 3 }]);
  });

  it('keeps the first creation of a key', () => {
    const rows = new TableRows(shipments);
    rows.create({ shipment_id: 's-1', status: 'new' });
    rows.create({ shipment_id: 's-1', status: 'again' });
    expect(rows.created).toEqual([{ shipment_id: 's-1', status: 'new' }]);
  });
});
