import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Language } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { requireInstant, requireText } from '../shared/validation';
import { type CustomerState, evolveCustomer, initialCustomerState, noConsents } from './customer';
import type { Consents, CustomerEvent, CustomerProfileChanged, PersonalData } from './events';
import { requireConsents, requireEmail, requireLanguage, requirePhone, requireTimezone } from './validate';

export type RegisterCustomer = Command<
  'RegisterCustomer',
  PersonalData & { customerId: string; language: Language; timezone: string; consents?: Consents }
>;
export type ChangeCustomerProfile = Command<
  'ChangeCustomerProfile',
  { customerId: string; changes: Partial<PersonalData> & { language?: Language; timezone?: string } }
>;
export type SetConsents = Command<'SetConsents', { customerId: string; consents: Consents }>;
export type ForgetCustomer = Command<'ForgetCustomer', { customerId: string }>;

export type CustomerCommand = RegisterCustomer | ChangeCustomerProfile | SetConsents | ForgetCustomer;

type Registered = Extract<CustomerState, { status: 'registered' }>;

function requireRegistered(state: CustomerState, customerId: string): Registered {
  switch (state.status) {
    case 'registered':
      return state;
    case 'unregistered':
      throw new NotFoundError('customer-not-found', `customer ${customerId} is not registered`, {
        customerId,
      });
    case 'forgotten':
      throw new IllegalStateError('customer-forgotten', `customer ${customerId} has been forgotten`, {
        customerId,
      });
    default: {
      const _exhaustive: never = state;
      return _exhaustive;
    }
  }
}

function registerCustomer(
  { data }: RegisterCustomer,
  state: CustomerState,
  { now }: DecisionContext,
): CustomerEvent[] {
  if (state.status === 'registered') {
    throw new IllegalStateError('customer-already-registered', `customer ${data.customerId} exists`, {
      customerId: data.customerId,
    });
  }
  if (state.status === 'forgotten') requireRegistered(state, data.customerId);
  const customerId = requireText(data.customerId, 'invalid-customer-id', 'customerId', 200);
  const phone = data.phone === undefined ? undefined : requirePhone(data.phone);
  return [
    {
      type: 'CustomerRegistered',
      data: {
        customerId,
        name: requireText(data.name, 'invalid-name', 'name', 200),
        email: requireEmail(data.email),
        ...(phone === undefined ? {} : { phone }),
        language: requireLanguage(data.language),
        timezone: requireTimezone(data.timezone),
        consents: data.consents === undefined ? noConsents : requireConsents(data.consents),
        registeredAt: now,
      },
    },
  ];
}

/** Only the fields that really change are recorded; a change to the same values records nothing. */
function changeCustomerProfile(
  { data }: ChangeCustomerProfile,
  state: CustomerState,
  { now }: DecisionContext,
): CustomerEvent[] {
  const current = requireRegistered(state, data.customerId);
  const input = data.changes ?? {};
  if (Object.values(input).every((value) => value === undefined)) {
    throw new ValidationError('empty-profile-change', 'changes must name at least one field', {
      field: 'changes',
    });
  }
  const validated: CustomerProfileChanged['data']['changes'] = {
    ...(input.name === undefined ? {} : { name: requireText(input.name, 'invalid-name', 'name', 200) }),
    ...(input.email === undefined ? {} : { email: requireEmail(input.email) }),
    ...(input.phone === undefined ? {} : { phone: requirePhone(input.phone) }),
    ...(input.language === undefined ? {} : { language: requireLanguage(input.language) }),
    ...(input.timezone === undefined ? {} : { timezone: requireTimezone(input.timezone) }),
  };
  const changes = Object.fromEntries(
    Object.entries(validated).filter(([field, value]) => current[field as keyof Registered] !== value),
  ) as CustomerProfileChanged['data']['changes'];
  if (Object.keys(changes).length === 0) return [];
  return [
    { type: 'CustomerProfileChanged', data: { customerId: current.customerId, changes, changedAt: now } },
  ];
}

function setConsents({ data }: SetConsents, state: CustomerState, { now }: DecisionContext): CustomerEvent[] {
  const current = requireRegistered(state, data.customerId);
  const consents = requireConsents(data.consents);
  const unchanged = (['email', 'sms'] as const).every(
    (channel) =>
      current.consents[channel].transactional === consents[channel].transactional &&
      current.consents[channel].marketing === consents[channel].marketing,
  );
  if (unchanged) return [];
  return [{ type: 'CustomerConsentsSet', data: { customerId: current.customerId, consents, setAt: now } }];
}

/** Forgetting twice is harmless: the key is already gone, so the repeat records nothing. */
function forgetCustomer(
  { data }: ForgetCustomer,
  state: CustomerState,
  { now }: DecisionContext,
): CustomerEvent[] {
  if (state.status === 'forgotten') return [];
  const current = requireRegistered(state, data.customerId);
  return [{ type: 'CustomerForgotten', data: { customerId: current.customerId, forgottenAt: now } }];
}

function decide(command: CustomerCommand, state: CustomerState, context: DecisionContext): CustomerEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'RegisterCustomer':
      return registerCustomer(command, state, context);
    case 'ChangeCustomerProfile':
      return changeCustomerProfile(command, state, context);
    case 'SetConsents':
      return setConsents(command, state, context);
    case 'ForgetCustomer':
      return forgetCustomer(command, state, context);
    default: {
      const _exhaustive: never = command;
      return unknownCommand(_exhaustive);
    }
  }
}

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState, DecisionContext> = {
  initialState: initialCustomerState,
  evolve: evolveCustomer,
  decide,
};
