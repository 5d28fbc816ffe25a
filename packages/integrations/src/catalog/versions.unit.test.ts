import type { RecordedEvent } from '@aftersales/event-store';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asyncApiDocument } from '../asyncapi';
import { cloudEventSchema, integrationCatalog, toIntegrationEvents } from './catalog';
import { type CatalogEntry, entry, id, instant } from './entry';

/**
 * A breaking change is a new version published beside the old one until the old one's sunset
 * (README "Compatibility"). Shown here with a v2 of `return.approved` that renames a field: both
 * leave for the same domain event, with the same id, each shaped by its own schema.
 */
const v1 = integrationCatalog.find((e) => e.type === 'aftersales.return.approved.v1') as CatalogEntry;
const v1Sunset: CatalogEntry = { ...v1, sunsetAt: '2027-06-30T00:00:00.000Z' };
const v2 = entry({
  aggregate: 'return',
  fact: 'approved',
  version: 2,
  summary: 'A return was approved: expect the parcel (the approval instant is `at`)',
  from: 'ReturnApproved',
  data: z.object({ returnId: id('the return'), orderId: id('its order'), at: instant('approved') }),
  map: (d) => ({ returnId: d.returnId, orderId: d.orderId, at: d.approvedAt }),
}) as unknown as CatalogEntry;
const changed = [...integrationCatalog.filter((e) => e !== v1), v1Sunset, v2];

const approved: RecordedEvent = {
  streamId: 'return-r-1',
  type: 'ReturnApproved',
  data: { returnId: 'r-1', orderId: 'o-1', approvedAt: '2026-03-02T09:00:00.000Z' },
  metadata: { eventId: '0197-approved', occurredAt: '2026-03-02T09:00:00.000Z', schemaVersion: 1 },
  revision: 1n,
  position: 4_242n,
  recordedAt: new Date('2026-03-02T09:00:01.000Z'),
};

describe('a new version beside the old one', () => {
  it('publishes v1 and v2 for one domain event, same id and subject, each by its own schema', () => {
    const events = toIntegrationEvents(approved, 'urn:shop', changed);
    expect(events.map((e) => e.type).sort()).toEqual([
      'aftersales.return.approved.v1',
      'aftersales.return.approved.v2',
    ]);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(['0197-approved']));
    expect(new Set(events.map((e) => e.subject))).toEqual(new Set(['return-r-1']));
    const byType = new Map(events.map((e) => [e.type, e]));
    expect(byType.get('aftersales.return.approved.v1')?.data).toEqual({
      returnId: 'r-1',
      orderId: 'o-1',
      approvedAt: '2026-03-02T09:00:00.000Z',
    });
    expect(byType.get('aftersales.return.approved.v2')?.data).toEqual({
      returnId: 'r-1',
      orderId: 'o-1',
      at: '2026-03-02T09:00:00.000Z',
    });
    for (const e of events) {
      const entryOf = changed.find((c) => c.type === e.type) as CatalogEntry;
      expect(cloudEventSchema(entryOf).safeParse(e).success).toBe(true);
    }
    // The published catalog, unchanged, still gives v1 alone.
    expect(toIntegrationEvents(approved).map((e) => e.type)).toEqual(['aftersales.return.approved.v1']);
  });

  it('describes both in the AsyncAPI document, the old one with its sunset', async () => {
    const doc = asyncApiDocument({ catalog: changed });
    const { diagnostics } = await new Parser().parse(JSON.stringify(doc));
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => d.message)).toEqual([]);
    const channels = doc.channels as Record<string, { address: string }>;
    expect(channels['return.approved.v1']?.address).toBe('aftersales.return.approved.v1');
    expect(channels['return.approved.v2']?.address).toBe('aftersales.return.approved.v2');
    const messages = doc.components.messages as Record<string, Record<string, unknown>>;
    expect(messages.ReturnApprovedV1?.['x-sunset']).toBe('2027-06-30T00:00:00.000Z');
    expect(messages.ReturnApprovedV2?.['x-sunset']).toBeUndefined();
  }, 60_000);

  it('in the published catalog, every version that has a successor names its sunset', () => {
    const key = (e: CatalogEntry) => `${e.aggregate}.${e.fact}`;
    const latest = new Map<string, number>();
    for (const e of integrationCatalog) latest.set(key(e), Math.max(latest.get(key(e)) ?? 0, e.version));
    const superseded = integrationCatalog.filter((e) => e.version < (latest.get(key(e)) ?? 0));
    expect(superseded.filter((e) => !e.sunsetAt).map((e) => e.type)).toEqual([]);
    expect(
      integrationCatalog.filter((e) => e.version === latest.get(key(e)) && e.sunsetAt).map((e) => e.type),
    ).toEqual([]);
    // and the guard itself finds a superseded version without one
    const broken = [...integrationCatalog, v2];
    const brokenLatest = new Map(latest);
    brokenLatest.set('return.approved', 2);
    expect(
      broken.filter((e) => e.version < (brokenLatest.get(key(e)) ?? 0) && !e.sunsetAt).map((e) => e.type),
    ).toEqual(['aftersales.return.approved.v1']);
  });
});
