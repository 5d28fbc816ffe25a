import { describe, expect, it } from 'vitest';
import type { CustomerEvent } from '../customer/events';
import type { DomainEvent } from '../events';
import type { LoyaltyEvent } from '../loyalty/events';
import { QUIET_AGGREGATES } from './quiet';
import { reactionsTo } from './reactions';

const loyaltyTypes = [
  'PointsEarned',
  'PointsReversed',
  'BonusPointsAwarded',
  'PointsRedeemed',
  'LoyaltyTierChanged',
] as const satisfies readonly LoyaltyEvent['type'][];
const customerTypes = [
  'CustomerRegistered',
  'CustomerProfileChanged',
  'CustomerConsentsSet',
  'CustomerForgotten',
] as const satisfies readonly CustomerEvent['type'][];
// Every event type of the two aggregates is listed: a new one fails to compile here.
const everyLoyaltyType: Exclude<LoyaltyEvent['type'], (typeof loyaltyTypes)[number]> extends never
  ? true
  : false = true;
const everyCustomerType: Exclude<CustomerEvent['type'], (typeof customerTypes)[number]> extends never
  ? true
  : false = true;

describe('quiet aggregates', () => {
  it('are loyalty and customer, none of whose events is answered with a reaction', () => {
    expect(everyLoyaltyType && everyCustomerType).toBe(true);
    expect([...QUIET_AGGREGATES].sort()).toEqual(['customer', 'loyalty']);
    for (const type of [...loyaltyTypes, ...customerTypes]) {
      // reactionsTo dispatches on the type alone; the data is never read for these.
      expect(reactionsTo({ type, data: {} } as unknown as DomainEvent, undefined), type).toEqual([]);
    }
  });
});
