import { ValidationError } from '../shared/errors';
import { LANGUAGES, type Language } from '../shared/event';
import type { Channel, Consents, Purpose } from './events';

/** Input checks for customer commands; each failure has a stable code. */

export function requireLanguage(value: unknown): Language {
  if (!LANGUAGES.includes(value as Language)) {
    throw new ValidationError('invalid-language', `language must be one of ${LANGUAGES.join(', ')}`, {
      field: 'language',
    });
  }
  return value as Language;
}

/** Zones already found valid: building an Intl formatter per check is the costly part. */
const knownZones = new Set<string>();

/**
 * An IANA zone name the runtime knows (`Asia/Tehran`, `UTC`). Intl does the lookup: it is pure,
 * and it is the same database the notifier later formats local times with. Valid names are
 * remembered, up to a bound (Intl also accepts any letter case of a name, so the valid spellings
 * alone are many).
 */
export function isTimezone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '' || /^[+-]/.test(value)) return false;
  if (knownZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    // Intl answers an unknown zone with a RangeError: that is the "no" this check asks for.
    return false;
  }
  if (knownZones.size < 2_000) knownZones.add(value);
  return true;
}

export function requireTimezone(value: unknown): string {
  if (!isTimezone(value)) {
    throw new ValidationError('invalid-timezone', 'timezone must be an IANA time zone such as Asia/Tehran', {
      field: 'timezone',
    });
  }
  return value;
}

/** Deliberately loose: one `@`, a dotted domain, no spaces. Deliverability is the mailer's job. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireEmail(value: unknown): string {
  if (typeof value !== 'string' || value.length > 254 || !EMAIL.test(value.trim())) {
    throw new ValidationError('invalid-email', 'email must look like name@example.com', { field: 'email' });
  }
  return value.trim();
}

/** E.164-like: an optional `+`, digits and the usual separators, 5 to 15 digits in all. */
export function requirePhone(value: unknown): string {
  const digits = typeof value === 'string' ? value.replace(/\D/g, '') : '';
  if (
    typeof value !== 'string' ||
    !/^\+?[\d\s().-]+$/.test(value) ||
    digits.length < 5 ||
    digits.length > 15
  ) {
    throw new ValidationError('invalid-phone', 'phone must be a telephone number such as +98 21 1234 5678', {
      field: 'phone',
    });
  }
  return value.trim();
}

const CHANNELS: readonly Channel[] = ['email', 'sms'];
const PURPOSES: readonly Purpose[] = ['transactional', 'marketing'];

/** Every channel × purpose must be a boolean; an absent one means "not given". */
export function requireConsents(value: unknown): Consents {
  if (typeof value !== 'object' || value === null) {
    throw new ValidationError('invalid-consents', 'consents must be an object per channel', {
      field: 'consents',
    });
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!CHANNELS.includes(key as Channel)) {
      throw new ValidationError('invalid-consents', `unknown consent channel ${key}`, { field: 'consents' });
    }
  }
  const entry = (channel: Channel) => {
    const perPurpose = (input[channel] ?? {}) as Record<string, unknown>;
    if (typeof perPurpose !== 'object' || perPurpose === null) {
      throw new ValidationError('invalid-consents', `consents.${channel} must be an object`, {
        field: `consents.${channel}`,
      });
    }
    const result = { transactional: false, marketing: false };
    for (const [purpose, given] of Object.entries(perPurpose)) {
      if (!PURPOSES.includes(purpose as Purpose) || typeof given !== 'boolean') {
        throw new ValidationError(
          'invalid-consents',
          `consents.${channel}.${purpose} is not a known boolean`,
          {
            field: `consents.${channel}`,
          },
        );
      }
      result[purpose as Purpose] = given;
    }
    return result;
  };
  return { email: entry('email'), sms: entry('sms') };
}
