import { operationTable } from '@aftersales/client';
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './cli';
import { planSimulation } from './plan/plan';
import { apiCallFor } from './run/api-requests';
import { DEFAULT_SEED, DEFAULT_UNTIL } from './simulate';

const now = new Date('2026-11-23T10:34:10.789Z');

describe('parseCli', () => {
  it('defaults to a reproducible store run', () => {
    const { simulate } = parseCli([], {}, now);
    expect(simulate).toMatchObject({ via: 'store', seed: DEFAULT_SEED, until: DEFAULT_UNTIL, months: 24 });
  });

  it('goes through the API when a key is given, and reads "now" as the clock cut to the second', () => {
    const { simulate } = parseCli(['--api-key', 'k-123', '--until', 'now', '--seed', '9'], {}, now);
    expect(simulate).toMatchObject({
      via: 'api',
      url: 'http://localhost:3000',
      apiKey: 'k-123',
      seed: 9,
      until: '2026-11-23T10:34:10.000Z',
    });
  });

  it('reads an IRR shop with the persian reporting calendar (Tehran unless told otherwise)', () => {
    const { simulate } = parseCli(['--currency', 'irr', '--calendar', 'persian'], {}, now);
    expect(simulate).toMatchObject({
      currency: 'IRR',
      reporting: { timezone: 'Asia/Tehran', calendar: 'persian' },
    });
    const utc = parseCli(['--calendar', 'gregorian'], {}, now).simulate;
    expect(utc.reporting).toEqual({ timezone: 'UTC', calendar: 'gregorian' });
    expect(parseCli([], {}, now).simulate).not.toHaveProperty('reporting');
    expect(() => parseCli(['--currency', 'XYZ'], {}, now)).toThrow(/no simulated shop sells in XYZ/);
    expect(() => parseCli(['--calendar', 'lunar'], {}, now)).toThrow(/gregorian or persian/);
    expect(() => parseCli(['--calendar', 'persian', '--timezone', 'Mars/Olympus'], {}, now)).toThrow(
      /not an IANA time zone/,
    );
  });

  it('plans an IRR shop in rials, as another history than the default one', () => {
    const options = { seed: 3, until: DEFAULT_UNTIL, months: 12, customers: 20 } as const;
    const irr = planSimulation({ ...options, currency: 'IRR' });
    const placed = irr.commands.flatMap((c) => (c.command.type === 'PlaceOrder' ? [c.command.data] : []));
    expect(placed.length).toBeGreaterThan(0);
    expect(new Set(placed.map((order) => order.currency))).toEqual(new Set(['IRR']));
    // 10,000-rial steps (1,000,000 minor units: IRR has 2 digits).
    for (const order of placed) for (const line of order.lines) expect(line.unitPrice % 1_000_000).toBe(0);
    expect(irr.runTag).not.toBe(planSimulation(options).runTag);
  });

  it('refuses what it cannot run', () => {
    expect(() => parseCli(['--via', 'api'], {}, now)).toThrow(UsageError);
    expect(() => parseCli(['--customers', 'many'], {}, now)).toThrow(UsageError);
    expect(() => parseCli(['--until', 'tomorrow'], {}, now)).toThrow(UsageError);
    expect(() => parseCli(['--colour'], {}, now)).toThrow(UsageError);
  });
});

describe('apiCallFor', () => {
  it('maps every planned command to an operation of the HTTP contract, ids of the path left out of the body', () => {
    const plan = planSimulation({ seed: 3, until: DEFAULT_UNTIL, months: 24, customers: 300 });
    const routes = new Set<string>();
    for (const { command } of plan.commands) {
      const { operationId, input } = apiCallFor(command);
      const { method, path } = operationTable[operationId];
      routes.add(`${method} ${path}`);
      const body = (input as { body?: object }).body ?? {};
      if ('path' in input) {
        expect(Object.keys(body)).not.toContain('returnId');
        expect(Object.keys(body)).not.toContain('repairId');
        expect(Object.keys(body)).not.toContain('orderId');
      }
    }
    expect(routes).toContain('POST /v1/orders/{id}/delivery');
    expect(routes).toContain('POST /v1/returns/{id}/refund');
    expect(routes).toContain('POST /v1/repairs/{id}/completion');
    expect(routes).toContain('POST /v1/loyalty/{customerId}/redemptions');
    expect(routes).toContain('PUT /v1/customers/{id}/consents');
  });
});
