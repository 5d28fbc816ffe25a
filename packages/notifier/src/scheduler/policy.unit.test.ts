import { describe, expect, it } from 'vitest';
import { type CustomerProfile, decide, defaultMarketingCap, type PolicyInput } from './policy';
import { defaultQuietHours, quietHoursEnd } from './quiet-hours';

const customer: CustomerProfile = {
  customerId: 'c1',
  email: 'c1@example.test',
  phone: '+98900000000',
  name: 'C',
  language: 'fa',
  timezone: 'Asia/Tehran',
  consents: {
    email: { transactional: true, marketing: true },
    sms: { transactional: true, marketing: false },
  },
  forgotten: false,
};

const base: PolicyInput = {
  audience: 'customer',
  class: 'transactional',
  customer,
  // 10:00 UTC is 13:30 in Tehran.
  now: new Date('2026-06-10T10:00:00.000Z'),
  channels: ['email', 'sms'],
  marketingSentRecently: 0,
  ruleLimitReached: null,
  quietHours: defaultQuietHours,
  cap: defaultMarketingCap,
};

describe('delivery policy', () => {
  it('sends by the first consented channel', () => {
    expect(decide(base)).toEqual({ kind: 'send', channel: 'email' });
    const noEmail = {
      ...customer,
      consents: { ...customer.consents, email: { transactional: false, marketing: false } },
    };
    expect(decide({ ...base, customer: noEmail })).toEqual({ kind: 'send', channel: 'sms' });
  });

  it('suppresses when every channel is opted out, and marketing without opt-in', () => {
    const none = {
      ...customer,
      consents: {
        email: { transactional: false, marketing: false },
        sms: { transactional: false, marketing: false },
      },
    };
    expect(decide({ ...base, customer: none })).toEqual({ kind: 'suppress', reason: 'opted-out' });
    expect(decide({ ...base, customer: none, class: 'marketing' })).toEqual({
      kind: 'suppress',
      reason: 'no-marketing-consent',
    });
  });

  it('caps marketing at two per seven days', () => {
    expect(decide({ ...base, class: 'marketing', marketingSentRecently: 1 }).kind).toBe('send');
    expect(decide({ ...base, class: 'marketing', marketingSentRecently: 2 })).toEqual({
      kind: 'suppress',
      reason: 'cap',
    });
    // Transactional messages are not capped.
    expect(decide({ ...base, marketingSentRecently: 5 }).kind).toBe('send');
  });

  it('defers in quiet hours to 08:00 local time, and support alerts ignore quiet hours', () => {
    // 19:00 UTC is 22:30 in Tehran (UTC+3:30): deferred to 08:00 Tehran = 04:30 UTC next day.
    const late = { ...base, now: new Date('2026-06-10T19:00:00.000Z') };
    expect(decide(late)).toEqual({
      kind: 'defer',
      until: new Date('2026-06-11T04:30:00.000Z'),
      reason: 'quiet-hours',
    });
    expect(decide({ ...late, audience: 'support' })).toEqual({ kind: 'send', channel: 'support' });
  });

  it('computes the end of quiet hours across zones and DST', () => {
    // 02:00 in New York (EDT, UTC-4) → 08:00 the same day = 12:00 UTC.
    expect(quietHoursEnd(new Date('2026-07-01T06:00:00.000Z'), 'America/New_York')).toEqual(
      new Date('2026-07-01T12:00:00.000Z'),
    );
    // 21:30 on the Saturday before the spring change in London → Sunday 08:00 BST = 07:00 UTC.
    expect(quietHoursEnd(new Date('2026-03-28T21:30:00.000Z'), 'Europe/London')).toEqual(
      new Date('2026-03-29T07:00:00.000Z'),
    );
    expect(quietHoursEnd(new Date('2026-07-01T12:00:00.000Z'), 'Europe/London')).toBeNull();
  });

  it('quiet hours from the policy: the same day when they start before they end, none when equal', () => {
    const lunch = { startHour: 11, endHour: 14 };
    // 12:30 in Tehran (08:00 UTC + 3:30) → 14:00 Tehran the same day = 10:30 UTC.
    expect(quietHoursEnd(new Date('2026-06-10T09:00:00.000Z'), 'Asia/Tehran', lunch)).toEqual(
      new Date('2026-06-10T10:30:00.000Z'),
    );
    // 22:00 is outside a lunch-time quiet period, and 10:59 too.
    expect(quietHoursEnd(new Date('2026-06-10T22:00:00.000Z'), 'UTC', lunch)).toBeNull();
    expect(quietHoursEnd(new Date('2026-06-10T10:59:00.000Z'), 'UTC', lunch)).toBeNull();
    expect(
      quietHoursEnd(new Date('2026-06-10T23:00:00.000Z'), 'UTC', { startHour: 8, endHour: 8 }),
    ).toBeNull();
  });

  it('suppresses forgotten and unknown customers', () => {
    expect(decide({ ...base, customer: { ...customer, forgotten: true } })).toEqual({
      kind: 'suppress',
      reason: 'forgotten',
    });
    expect(decide({ ...base, customer: undefined })).toEqual({
      kind: 'suppress',
      reason: 'unknown-customer',
    });
    expect(decide({ ...base, ruleLimitReached: 'survey-throttle' })).toEqual({
      kind: 'suppress',
      reason: 'survey-throttle',
    });
  });
});
