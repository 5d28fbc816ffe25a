import { describe, expect, it } from 'vitest';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { type DecisionContext, defaultRulesTimeline } from '../shared/rules';
import { given } from '../shared/testing';
import { noConsents } from './customer';
import { type CustomerCommand, customerDecider } from './decide';
import type { CustomerEvent, CustomerRegistered } from './events';

const registeredAt = '2026-01-10T10:00:00.000Z';
const later = '2026-02-01T09:30:00.000Z';
const at = (now: string): DecisionContext => ({ now, rules: defaultRulesTimeline });

const customerId = 'c-1';
const register: CustomerCommand = {
  type: 'RegisterCustomer',
  data: {
    customerId,
    name: 'Sara Ahmadi',
    email: 'sara@example.com',
    phone: '+98 21 1234 5678',
    language: 'fa',
    timezone: 'Asia/Tehran',
  },
};
const registered: CustomerRegistered = {
  type: 'CustomerRegistered',
  data: {
    customerId,
    name: 'Sara Ahmadi',
    email: 'sara@example.com',
    phone: '+98 21 1234 5678',
    language: 'fa',
    timezone: 'Asia/Tehran',
    consents: noConsents,
    registeredAt,
  },
};
const forgotten: CustomerEvent = { type: 'CustomerForgotten', data: { customerId, forgottenAt: later } };
const withData = (data: Record<string, unknown>) =>
  ({ type: 'RegisterCustomer', data: { ...register.data, ...data } }) as CustomerCommand;

describe('RegisterCustomer', () => {
  it('registers a new customer with no consents given by default', () => {
    given(customerDecider).when(register, at(registeredAt)).then([registered]);
  });

  it('keeps the consents given at registration', () => {
    const consents = {
      email: { transactional: true, marketing: true },
      sms: { transactional: true, marketing: false },
    };
    given(customerDecider)
      .when(withData({ consents }), at(registeredAt))
      .then([{ ...registered, data: { ...registered.data, consents } }]);
  });

  it('accepts Arabic and English speakers and the UTC zone', () => {
    given(customerDecider)
      .when(withData({ language: 'ar', timezone: 'Asia/Riyadh' }), at(registeredAt))
      .then([{ ...registered, data: { ...registered.data, language: 'ar', timezone: 'Asia/Riyadh' } }]);
    given(customerDecider)
      .when(withData({ language: 'en', timezone: 'UTC' }), at(registeredAt))
      .then([{ ...registered, data: { ...registered.data, language: 'en', timezone: 'UTC' } }]);
  });

  it('refuses a second registration of the same customer', () => {
    given(customerDecider, [registered])
      .when(register, at(later))
      .thenThrows(IllegalStateError, 'customer-already-registered');
  });

  it('refuses to register a forgotten customer again', () => {
    given(customerDecider, [registered, forgotten])
      .when(register, at(later))
      .thenThrows(IllegalStateError, 'customer-forgotten');
  });

  it.each([
    [{ language: 'de' }, 'invalid-language'],
    [{ language: undefined }, 'invalid-language'],
    [{ timezone: 'Mars/Olympus' }, 'invalid-timezone'],
    [{ timezone: '+03:30' }, 'invalid-timezone'],
    [{ timezone: '' }, 'invalid-timezone'],
    [{ email: 'sara-at-example.com' }, 'invalid-email'],
    [{ email: 'sara @example.com' }, 'invalid-email'],
    [{ name: '   ' }, 'invalid-name'],
    [{ phone: 'call me' }, 'invalid-phone'],
    [{ consents: { fax: { marketing: true } } }, 'invalid-consents'],
    [{ consents: { email: { marketing: 'yes' } } }, 'invalid-consents'],
    [{ customerId: '' }, 'invalid-customer-id'],
  ])('rejects %j with ValidationError %s', (data, code) => {
    given(customerDecider).when(withData(data), at(registeredAt)).thenThrows(ValidationError, code);
  });

  it('rejects a decision context whose time is not an ISO instant', () => {
    given(customerDecider).when(register, at('yesterday')).thenThrows(ValidationError, 'invalid-instant');
  });
});

describe('ChangeCustomerProfile', () => {
  const change = (changes: Record<string, unknown>): CustomerCommand =>
    ({ type: 'ChangeCustomerProfile', data: { customerId, changes } }) as CustomerCommand;

  it('records only the fields that really change', () => {
    given(customerDecider, [registered])
      .when(change({ name: 'Sara Ahmadi', language: 'en', timezone: 'Europe/Berlin' }), at(later))
      .then([
        {
          type: 'CustomerProfileChanged',
          data: { customerId, changes: { language: 'en', timezone: 'Europe/Berlin' }, changedAt: later },
        },
      ]);
  });

  it('records nothing when every value is already current', () => {
    given(customerDecider, [registered])
      .when(change({ email: 'sara@example.com' }), at(later))
      .thenNothing();
  });

  it('sees earlier changes', () => {
    const changed: CustomerEvent = {
      type: 'CustomerProfileChanged',
      data: { customerId, changes: { email: 'new@example.com' }, changedAt: later },
    };
    given(customerDecider, [registered, changed])
      .when(change({ email: 'new@example.com' }), at(later))
      .thenNothing();
  });

  it('rejects an empty change', () => {
    given(customerDecider, [registered])
      .when(change({}), at(later))
      .thenThrows(ValidationError, 'empty-profile-change');
  });

  it.each([
    [{ language: 'tr' }, 'invalid-language'],
    [{ timezone: 'Asia/Nowhere' }, 'invalid-timezone'],
    [{ email: 'nope' }, 'invalid-email'],
    [{ name: '' }, 'invalid-name'],
  ])('rejects %j with ValidationError %s', (changes, code) => {
    given(customerDecider, [registered]).when(change(changes), at(later)).thenThrows(ValidationError, code);
  });

  it('refuses to change an unknown customer', () => {
    given(customerDecider)
      .when(change({ name: 'X' }), at(later))
      .thenThrows(NotFoundError, 'customer-not-found');
  });

  it('refuses to change a forgotten customer', () => {
    given(customerDecider, [registered, forgotten])
      .when(change({ name: 'X' }), at(later))
      .thenThrows(IllegalStateError, 'customer-forgotten');
  });
});

describe('SetConsents', () => {
  const marketingByEmail = {
    email: { transactional: true, marketing: true },
    sms: { transactional: false, marketing: false },
  };
  const setConsents = (consents: unknown): CustomerCommand =>
    ({ type: 'SetConsents', data: { customerId, consents } }) as CustomerCommand;

  it('records the full consent matrix', () => {
    given(customerDecider, [registered])
      .when(setConsents(marketingByEmail), at(later))
      .then([
        { type: 'CustomerConsentsSet', data: { customerId, consents: marketingByEmail, setAt: later } },
      ]);
  });

  it('treats an absent channel or purpose as not given', () => {
    given(customerDecider, [registered])
      .when(setConsents({ sms: { transactional: true } }), at(later))
      .then([
        {
          type: 'CustomerConsentsSet',
          data: {
            customerId,
            consents: {
              email: { transactional: false, marketing: false },
              sms: { transactional: true, marketing: false },
            },
            setAt: later,
          },
        },
      ]);
  });

  it('records nothing when the consents are unchanged', () => {
    given(customerDecider, [registered]).when(setConsents(noConsents), at(later)).thenNothing();
  });

  it('rejects a malformed consent matrix', () => {
    given(customerDecider, [registered])
      .when(setConsents({ email: { newsletter: true } }), at(later))
      .thenThrows(ValidationError, 'invalid-consents');
    given(customerDecider, [registered])
      .when(setConsents(null), at(later))
      .thenThrows(ValidationError, 'invalid-consents');
  });

  it('refuses consents for an unknown or forgotten customer', () => {
    given(customerDecider)
      .when(setConsents(noConsents), at(later))
      .thenThrows(NotFoundError, 'customer-not-found');
    given(customerDecider, [registered, forgotten])
      .when(setConsents(noConsents), at(later))
      .thenThrows(IllegalStateError, 'customer-forgotten');
  });
});

describe('ForgetCustomer', () => {
  const forget: CustomerCommand = { type: 'ForgetCustomer', data: { customerId } };

  it('records that the customer is forgotten', () => {
    given(customerDecider, [registered]).when(forget, at(later)).then([forgotten]);
  });

  it('records nothing the second time', () => {
    given(customerDecider, [registered, forgotten]).when(forget, at(later)).thenNothing();
  });

  it('refuses to forget an unknown customer', () => {
    given(customerDecider).when(forget, at(later)).thenThrows(NotFoundError, 'customer-not-found');
  });

  it('keeps no personal data in the state once forgotten', () => {
    const state = [registered, forgotten].reduce(customerDecider.evolve, customerDecider.initialState());
    expect(state).toEqual({ status: 'forgotten', customerId, forgottenAt: later });
    expect(JSON.stringify(state)).not.toMatch(/sara/i);
  });
});

describe('unknown commands', () => {
  it('are a ValidationError, not a crash', () => {
    given(customerDecider)
      .when({ type: 'Nope', data: {} } as unknown as CustomerCommand, at(later))
      .thenThrows(ValidationError, 'unknown-command');
  });
});
