import type { Event, Instant, Language } from '../shared/event';

export type Purpose = 'transactional' | 'marketing';
export type Channel = 'email' | 'sms';
/** Consent per channel and purpose. Absent means not given. */
export type Consents = Readonly<Record<Channel, Readonly<Record<Purpose, boolean>>>>;

/** Personal fields; encrypted per customer when stored, so forgetting can shred them. */
export type PersonalData = Readonly<{ name: string; email: string; phone?: string }>;

export type CustomerRegistered = Event<
  'CustomerRegistered',
  PersonalData & {
    customerId: string;
    language: Language;
    /** IANA time zone, e.g. `Asia/Tehran`. */
    timezone: string;
    consents: Consents;
    registeredAt: Instant;
  }
>;
export type CustomerProfileChanged = Event<
  'CustomerProfileChanged',
  {
    customerId: string;
    changes: Partial<PersonalData> & { language?: Language; timezone?: string };
    changedAt: Instant;
  }
>;
export type CustomerConsentsSet = Event<
  'CustomerConsentsSet',
  { customerId: string; consents: Consents; setAt: Instant }
>;
/** Crypto-shredding was requested: the customer's key is destroyed, events keep their shape. */
export type CustomerForgotten = Event<'CustomerForgotten', { customerId: string; forgottenAt: Instant }>;

export type CustomerEvent =
  | CustomerRegistered
  | CustomerProfileChanged
  | CustomerConsentsSet
  | CustomerForgotten;
