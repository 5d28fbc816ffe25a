import type { Instant, Language } from '../shared/event';
import type { Consents, CustomerEvent } from './events';

/**
 * A customer's current profile. After forgetting, only the id and the instant remain: the
 * personal fields are shredded in the store, and the state must not keep copies either.
 */
export type CustomerState =
  | Readonly<{ status: 'unregistered' }>
  | Readonly<{
      status: 'registered';
      customerId: string;
      name: string;
      email: string;
      phone?: string;
      language: Language;
      timezone: string;
      consents: Consents;
      registeredAt: Instant;
    }>
  | Readonly<{ status: 'forgotten'; customerId: string; forgottenAt: Instant }>;

export const noConsents: Consents = {
  email: { transactional: false, marketing: false },
  sms: { transactional: false, marketing: false },
};

export function initialCustomerState(): CustomerState {
  return { status: 'unregistered' };
}

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered': {
      const { customerId, name, email, phone, language, timezone, consents, registeredAt } = event.data;
      return {
        status: 'registered',
        customerId,
        name,
        email,
        ...(phone === undefined ? {} : { phone }),
        language,
        timezone,
        consents,
        registeredAt,
      };
    }
    case 'CustomerProfileChanged':
      if (state.status !== 'registered') return state;
      return { ...state, ...event.data.changes };
    case 'CustomerConsentsSet':
      if (state.status !== 'registered') return state;
      return { ...state, consents: event.data.consents };
    case 'CustomerForgotten':
      return { status: 'forgotten', customerId: event.data.customerId, forgottenAt: event.data.forgottenAt };
    default: {
      const _exhaustive: never = event;
      // An event type this version does not know changes nothing.
      return state;
    }
  }
}
