import { FORGOTTEN_MARKER } from '@aftersales/privacy';
import { describe, expect, it } from 'vitest';
import { scrubPayload } from './default-erasers';

describe('scrubPayload', () => {
  const registered = (customerId: string) => ({
    type: 'CustomerRegistered',
    data: { customerId, name: 'Zahra', email: 'z@example.com', language: 'fa' },
  });

  it("replaces the customer's personal fields wherever the event sits in the payload", () => {
    const payload = { envelope: { event: registered('c1') }, note: 'kept' };
    expect(scrubPayload(payload, 'c1', new Set())).toEqual({
      envelope: {
        event: {
          type: 'CustomerRegistered',
          data: { customerId: 'c1', name: FORGOTTEN_MARKER, email: FORGOTTEN_MARKER, language: 'fa' },
        },
      },
      note: 'kept',
    });
  });

  it('leaves other customers alone but replaces any string equal to a known value', () => {
    expect(scrubPayload(registered('c2'), 'c1', new Set())).toEqual(registered('c2'));
    expect(
      scrubPayload({ to: 'z@example.com', list: ['x', 'z@example.com'] }, 'c1', new Set(['z@example.com'])),
    ).toEqual({
      to: FORGOTTEN_MARKER,
      list: ['x', FORGOTTEN_MARKER],
    });
  });
});
