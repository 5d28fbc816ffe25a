import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { caller, opsFixture, placeOrder, registerCustomer } from '../../test/fixtures';
import type { EventView } from '../events-json';
import { validateExport } from '../validate';
import { CSV_COLUMNS } from './csv';
import { type ExportFormat, writeSlice } from './export';

/** Minimal RFC 4180 reader, enough to read back what the exporter wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('audit export', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  const customerId = uniqueId('c-');
  const orderId = uniqueId('o-');
  let from = '';
  let to = '';

  async function exported(format: ExportFormat, input: Parameters<typeof validateExport>[0]) {
    let text = '';
    const { events } = await fx.ops.exportSlice(caller, validateExport(input), format, (slice) =>
      writeSlice(slice, format, (chunk) => {
        text += chunk;
      }),
    );
    return { text, events };
  }

  beforeAll(async () => {
    fx = await opsFixture('ops_export');
    from = new Date(Date.now() - 1000).toISOString();
    await registerCustomer(fx.store, customerId, {
      name: 'Ali "Ace", Jr.',
      email: `${customerId}@example.com`,
    });
    await placeOrder(fx.store, orderId, customerId, '2025-03-01T00:00:00.000Z');
    to = new Date(Date.now() + 1000).toISOString();
    await fx.settle();
  });
  afterAll(() => fx?.close());

  it('writes JSON lines, one event each, by recorded time', async () => {
    const { text, events } = await exported('jsonl', {
      from,
      to,
      types: ['CustomerRegistered', 'OrderPlaced'],
    });
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as EventView);
    expect(events).toBe(2);
    expect(lines.map((line) => line.type)).toEqual(['CustomerRegistered', 'OrderPlaced']);
    expect(lines[0]?.data).toMatchObject({ customerId, name: 'Ali "Ace", Jr.' });
    expect(lines[1]).toMatchObject({
      streamId: `order-${orderId}`,
      revision: '0',
      occurredAt: '2025-03-01T00:00:00.000Z',
    });
  });

  it('writes CSV with a header and quoted cells that read back to the same values', async () => {
    const { text } = await exported('csv', { from, to, types: ['CustomerRegistered'] });
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1);
    const record = Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, rows[0]?.[i]]));
    expect(record.type).toBe('CustomerRegistered');
    expect(JSON.parse(record.data ?? '')).toMatchObject({ name: 'Ali "Ace", Jr.' });
  });

  it('selects by business time when asked: the back-dated order is outside the recent window', async () => {
    const { events } = await exported('jsonl', { from, to, types: ['OrderPlaced'], by: 'business' });
    expect(events).toBe(0);
    const past = await exported('jsonl', {
      from: '2025-01-01',
      to: '2025-12-31',
      types: ['OrderPlaced'],
      by: 'business',
    });
    expect(past.events).toBe(1);
  });

  it('rejects bad ranges, instants and types before reading anything', () => {
    expect(() => validateExport({ from: to, to: from })).toThrow(/must be before/);
    expect(() => validateExport({ from: '2025-13-01', to })).toThrow(/not an ISO 8601 instant/);
    expect(() => validateExport({ from, to, types: ['OrderTeleported'] })).toThrow(/unknown event type/);
  });
});
