import { describe, expect, it } from 'vitest';
import { newEventId } from './event-id';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newEventId', () => {
  it('is a version 7 uuid with the RFC variant', () => {
    for (let i = 0; i < 1_000; i++) expect(newEventId()).toMatch(V7);
  });

  it('carries the time in milliseconds in its first 48 bits', () => {
    const at = Date.UTC(2026, 11, 1, 23, 40, 5, 123);
    const id = newEventId(at);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    // 2026-12-01T23:40:05.123Z is 1,796,168,405,123 ms = 0x01a233fad083 after the epoch.
    expect(id.slice(0, 13)).toBe('01a233fa-d083');
  });

  it('sorts by time across milliseconds', () => {
    const ids = [3, 1, 2].map((ms) => newEventId(1_700_000_000_000 + ms));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('does not repeat', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 20_000 }, () => newEventId(at)));
    expect(ids.size).toBe(20_000);
  });
});
