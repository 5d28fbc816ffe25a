/**
 * The shape every fact takes: a past-tense `type`, its `data`, and `metadata` that the
 * shell fills in (ids, times, who and why). Deciders only produce `{ type, data }`.
 */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

export type EventMetadata = Readonly<{
  /** uuid v7, unique per event; the store is idempotent by it. */
  eventId: string;
  /** Business time (ISO 8601 UTC). Commands may carry it, for history imports. */
  occurredAt: string;
  /** Store time (ISO 8601 UTC), stamped by the shell when appending. */
  recordedAt: string;
  correlationId?: string;
  causationId?: string;
  /** The API key name (or operator) that caused the event. */
  actor?: string;
  schemaVersion: number;
}>;

export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** ISO 8601 UTC instant, e.g. `2026-01-31T10:00:00.000Z`. */
export type Instant = string;

/** Money in integer minor units plus an ISO 4217 currency. */
export type Money = Readonly<{ amount: number; currency: string }>;

export type Language = 'fa' | 'ar' | 'en';
export const LANGUAGES: readonly Language[] = ['fa', 'ar', 'en'];
