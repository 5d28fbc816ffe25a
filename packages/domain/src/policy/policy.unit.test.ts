import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors';
import { defaultRules, rulesAt } from '../shared/rules';
import { given } from '../shared/testing';
import { type ChangePolicy, policyDecider } from './decide';
import type { PolicyChanged } from './events';
import { parsePolicyDocument } from './schema';
import { latestPolicyVersion, policyTimeline, policyVersionAt } from './timeline';

const now = '2026-03-01T00:00:00.000Z';
const context = { now, rules: [] };
const tenDays = { ...defaultRules, returns: { windowDays: 10, windowDaysByCategory: {} } };
const change = (data: Partial<ChangePolicy['data']> = {}): ChangePolicy => ({
  type: 'ChangePolicy',
  data: { document: tenDays, author: 'ops-anna', reason: 'shorter returns', ...data },
});
const changed = (version: number, effectiveFrom: string, document = tenDays): PolicyChanged => ({
  type: 'PolicyChanged',
  data: { version, effectiveFrom, author: 'ops-anna', reason: 'shorter returns', document, changedAt: now },
});

describe('the policy document', () => {
  it('accepts the built-in defaults as they are', () => {
    expect(parsePolicyDocument(defaultRules)).toEqual({ ok: true, document: defaultRules });
  });

  it('reports in UTC Gregorian unless told otherwise; a document without the section still passes', () => {
    const { reporting: _left, ...before } = defaultRules;
    const parsed = parsePolicyDocument(before);
    expect(parsed.ok && parsed.document.reporting).toEqual({ timezone: 'UTC', calendar: 'gregorian' });
    const tehran = { ...defaultRules, reporting: { timezone: 'Asia/Tehran', calendar: 'persian' } };
    expect(parsePolicyDocument(tehran)).toEqual({ ok: true, document: tehran });
  });

  it('refuses a reporting zone no runtime knows and a calendar it does not have', () => {
    const parsed = parsePolicyDocument({
      ...defaultRules,
      reporting: { timezone: 'Asia/Atlantis', calendar: 'lunar' },
    });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.issues.map((issue) => issue.path).sort();
    expect(paths).toEqual(['reporting.calendar', 'reporting.timezone']);
  });

  it('lists every reason a document is refused, by path', () => {
    const bad = {
      ...defaultRules,
      returns: { windowDays: 0, windowDaysByCategory: { shoes: 1.5 } },
      loyalty: { ...defaultRules.loyalty, currencies: { eur: defaultRules.loyalty.currencies.EUR } },
      extra: true,
    };
    const parsed = parsePolicyDocument(bad);
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'returns.windowDays',
        'returns.windowDaysByCategory.shoes',
        'loyalty.currencies.eur',
        '',
      ]),
    );
  });

  it('refuses tiers whose thresholds do not rise, and a calendar that is never open', () => {
    const eur = defaultRules.loyalty.currencies.EUR;
    if (!eur) throw new Error('EUR is priced by default');
    const tiers = [eur.tiers[0], { ...eur.tiers[1], minSpend: 0 }];
    const closed = Object.fromEntries(
      Object.keys(defaultRules.support.calendar.workingHours).map((d) => [d, []]),
    );
    const parsed = parsePolicyDocument({
      ...defaultRules,
      loyalty: { ...defaultRules.loyalty, currencies: { EUR: { ...eur, tiers } } },
      support: {
        ...defaultRules.support,
        calendar: { ...defaultRules.support.calendar, workingHours: closed },
      },
    });
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.path)).toEqual([
      'loyalty.currencies.EUR.tiers.1.minSpend',
      'support',
    ]);
  });
});

describe('ChangePolicy', () => {
  it('records version n + 1 with its effective instant, author and reason', () => {
    given(policyDecider, [changed(1, now)])
      .when(change({ effectiveFrom: '2026-04-01T00:00:00Z' }), context)
      .then([changed(2, '2026-04-01T00:00:00.000Z')]);
  });

  it('takes effect at once by default, and the same change again records nothing', () => {
    given(policyDecider)
      .when(change(), context)
      .then([changed(1, now)]);
    given(policyDecider, [changed(1, now)])
      .when(change(), context)
      .thenNothing();
  });

  it('refuses an invalid document and an effective instant before the change', () => {
    given(policyDecider)
      .when(change({ document: { ...tenDays, warranty: {} } }), context)
      .thenThrows(ValidationError, 'invalid-policy');
    given(policyDecider)
      .when(change({ effectiveFrom: '2026-02-28T23:59:59Z' }), context)
      .thenThrows(ValidationError, 'policy-effective-in-past');
  });
});

describe('the timeline of versions', () => {
  it('applies each version from its effective instant on; versions recorded out of order sort by instant', () => {
    const later = { ...defaultRules, warranty: { repairWarrantyDays: 30 } };
    const timeline = policyTimeline([
      changed(1, '2026-05-01T00:00:00.000Z', later),
      changed(2, '2026-04-01T00:00:00.000Z'),
    ]);
    expect(policyVersionAt(timeline, '2026-03-31T23:59:59.999Z')).toBe(0);
    expect(rulesAt(timeline, '2026-03-31T23:59:59.999Z').returns.windowDays).toBe(30);
    expect(policyVersionAt(timeline, '2026-04-01T00:00:00.000Z')).toBe(2);
    expect(rulesAt(timeline, '2026-04-15T00:00:00.000Z').returns.windowDays).toBe(10);
    expect(policyVersionAt(timeline, '2026-05-01T00:00:00.000Z')).toBe(1);
    expect(rulesAt(timeline, '2026-06-01T00:00:00.000Z').warranty.repairWarrantyDays).toBe(30);
    expect(latestPolicyVersion(timeline)).toBe(2);
  });

  it('of two versions at one instant, the later recorded one is in force', () => {
    const timeline = policyTimeline([changed(2, now, defaultRules), changed(1, now)]);
    expect(policyVersionAt(timeline, now)).toBe(2);
    expect(rulesAt(timeline, now)).toBe(defaultRules);
  });
});

describe('the notifications section', () => {
  it('reads as the defaults when a document (or a version stored before it existed) lacks it', () => {
    const { notifications: _left, ...older } = defaultRules;
    expect(parsePolicyDocument(older)).toEqual({ ok: true, document: defaultRules });
    const stored = changed(1, '2026-03-02T00:00:00.000Z', older as typeof defaultRules);
    const timeline = policyTimeline([stored]);
    expect(rulesAt(timeline, '2026-03-03T00:00:00.000Z').notifications).toEqual(defaultRules.notifications);
  });

  it('refuses hours outside the day and a cap window of zero days, by path', () => {
    const parsed = parsePolicyDocument({
      ...defaultRules,
      notifications: {
        ...defaultRules.notifications,
        quietHours: { startHour: 24, endHour: 8 },
        marketingCap: { count: 2, withinDays: 0 },
      },
    });
    const paths = parsed.ok ? [] : parsed.issues.map((issue) => issue.path);
    expect(paths).toEqual(['notifications.quietHours.startHour', 'notifications.marketingCap.withinDays']);
  });
});
