import type { RecordedEvent } from '@aftersales/event-store';
import { describe, expect, it } from 'vitest';
import type { CommandRecord } from '../workload';
import { canonical } from './answers';
import { reconcileEvents } from './events';

const event = (
  streamId: string,
  eventId: string,
  causationId: string | undefined,
  revision = 0,
): RecordedEvent => ({
  streamId,
  type: 'Something',
  data: {},
  metadata: {
    eventId,
    occurredAt: '2026-01-01T00:00:00.000Z',
    schemaVersion: 1,
    ...(causationId ? { causationId } : {}),
  },
  revision: BigInt(revision),
  position: BigInt(revision + 1),
  recordedAt: new Date(0),
});

const command = (key: string, listed: string[], related: string[] = []): CommandRecord => ({
  key,
  operationId: 'deliverOrder',
  journey: 'j1',
  phase: 'warm-up',
  method: 'POST',
  url: 'http://api/v1/orders/o1/delivery',
  body: '{}',
  attempts: 1,
  statuses: [200],
  acknowledged: {
    status: 200,
    body: {
      stream: 'order-o1',
      revision: 3,
      events: listed.map((eventId) => ({ eventId, type: 'Something' })),
      related: [
        { stream: 'loyalty-c1', revision: 0, events: related.map((eventId) => ({ eventId, type: 'X' })) },
      ],
    },
  },
});

describe('reconciling the log with the acknowledged answers', () => {
  it('attributes follow-ups to the command through the event that caused them', () => {
    const commands = new Map([['k1', command('k1', ['e1'], ['f1'])]]);
    const findings = reconcileEvents(commands, [
      event('order-o1', 'e1', 'k1'),
      event('loyalty-c1', 'f1', 'e1'),
    ]);
    expect(findings.byKey.get('k1')?.map((e) => e.metadata.eventId)).toEqual(['e1', 'f1']);
    expect(findings.duplicates.size + findings.lost.size + findings.orphans.length).toBe(0);
  });

  it('finds a second execution, a lost event and an event without a command', () => {
    const commands = new Map([['k1', command('k1', ['e1', 'e2'])]]);
    const findings = reconcileEvents(commands, [
      event('order-o1', 'e1', 'k1', 0),
      event('order-o1', 'e9', 'k1', 1),
      event('order-o2', 'e5', 'unknown-key', 0),
    ]);
    expect(findings.duplicates.get('k1')).toEqual(['order-o1@0 Something', 'order-o1@1 Something']);
    expect(findings.lost.get('k1')).toEqual(['e2']);
    expect(findings.orphans.map((e) => e.metadata.eventId)).toEqual(['e5']);
  });

  it('tells an event recorded once but left out of the answer from a duplicate', () => {
    const commands = new Map([['k1', command('k1', ['e2'])]]);
    const reserved = { ...event('order-o1', 'e1', 'k1', 3), type: 'ReturnQuantityReserved' };
    const findings = reconcileEvents(commands, [reserved, event('return-r1', 'e2', 'k1', 0)]);
    expect(findings.duplicates.size).toBe(0);
    expect(findings.unlisted.get('k1')).toEqual(['order-o1@3 ReturnQuantityReserved']);
  });
});

describe('canonical JSON', () => {
  it('is the same text for the same value whatever the key order', () => {
    expect(canonical({ b: 1, a: [{ d: 2, c: null }] })).toBe(canonical({ a: [{ c: null, d: 2 }], b: 1 }));
    expect(canonical({ a: 1 })).not.toBe(canonical({ a: 2 }));
  });
});
