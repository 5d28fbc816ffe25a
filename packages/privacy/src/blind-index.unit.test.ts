import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlindIndex, normaliseEmail, normalisePhone } from './blind-index';
import { FORGOTTEN_MARKER } from './personal-fields';

describe('contact normalisation', () => {
  it('compares e-mails trimmed and in lower case, and refuses what is not an address', () => {
    expect(normaliseEmail('  Shirin.Ahmadi@Example.COM ')).toBe('shirin.ahmadi@example.com');
    expect(normaliseEmail('no-at-sign')).toBeNull();
    expect(normaliseEmail('two words@example.com')).toBeNull();
  });

  it('writes phones as + and digits, whatever spaces, dashes, dots, parentheses or 00 the caller used', () => {
    const forms = ['+98 21 1234 5678', '0098-21-1234-5678', '+98 (21) 1234.5678', ' +982112345678 '];
    expect(new Set(forms.map(normalisePhone))).toEqual(new Set(['+982112345678']));
    expect(normalisePhone('021 1234 5678'), 'no country code').toBeNull();
    expect(normalisePhone('+98 21 abc'), 'letters').toBeNull();
    expect(normalisePhone('+0 123 4567'), 'no country starts with 0').toBeNull();
  });
});

describe('BlindIndex', () => {
  const index = new BlindIndex(randomBytes(32));

  it('gives one digest for every spelling of a value, another for another kind or key', () => {
    const phone = index.digestOf('phone', '+98 21 1234 5678');
    expect(phone).not.toBeNull();
    expect(index.digestOf('phone', '0098 (21) 1234-5678')).toBe(phone);
    expect(index.digestOf('phone', '+98 21 1234 5679')).not.toBe(phone);
    expect(index.digest('email', '+982112345678')).not.toBe(phone);
    expect(new BlindIndex(randomBytes(32)).digestOf('phone', '+98 21 1234 5678')).not.toBe(phone);
    expect(phone).not.toContain('982112345678');
  });

  it('indexes nothing for markers of shredded fields or values that cannot be normalised', () => {
    expect(index.digestOf('email', FORGOTTEN_MARKER)).toBeNull();
    expect(index.digestOf('phone', '12345')).toBeNull();
    expect(index.digestOf('email', undefined)).toBeNull();
  });
});
