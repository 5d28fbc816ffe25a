import { createHmac, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { FORGOTTEN_MARKER, UNREADABLE_MARKER } from './personal-fields';

/**
 * A keyed blind index of contact details: the support desk finds a customer by e-mail or phone
 * without any table holding either in the clear. The digest is HMAC-SHA256 of the normalised
 * value under one system key (`privacy.index_keys`, beside the customers' data keys); without the
 * key a digest cannot be tested against guesses, which a plain hash of a phone number could.
 */
export type ContactKind = 'email' | 'phone';

/** E-mail as compared: surrounding spaces dropped, lower case (the local part included). */
export function normaliseEmail(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(value) ? value : null;
}

/**
 * Phone as compared, E.164-like: `+` and digits. Spaces, dashes, dots and parentheses are
 * dropped and a leading `00` stands for `+`. A number without a country code cannot be told
 * apart from the same digits in another country, so it is not a phone here (null).
 */
export function normalisePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\-.()]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return /^\+[1-9]\d{6,14}$/.test(international) ? international : null;
}

export const normaliseContact = (kind: ContactKind, raw: string): string | null =>
  kind === 'email' ? normaliseEmail(raw) : normalisePhone(raw);

/** Markers a reader sees in place of shredded or altered fields: never indexed. */
const isMarker = (value: string) => value === FORGOTTEN_MARKER || value === UNREADABLE_MARKER;

export class BlindIndex {
  constructor(private readonly key: Buffer) {}

  /** The digest of a normalised value (base64url); the kind is bound in, so an e-mail never matches a phone. */
  digest(kind: ContactKind, normalised: string): string {
    return createHmac('sha256', this.key).update(`${kind}\u0000${normalised}`, 'utf8').digest('base64url');
  }

  /** The digest of a raw value as a customer or an agent typed it; null when it cannot be normalised. */
  digestOf(kind: ContactKind, raw: string | undefined): string | null {
    if (raw === undefined || isMarker(raw)) return null;
    const normalised = normaliseContact(kind, raw);
    return normalised === null ? null : this.digest(kind, normalised);
  }
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export const INDEX_KEY_NAME = 'contact-lookup';

/** System keys (version 2 of `privacyMigrations`); a key is never stored anywhere else. */
export const INDEX_KEY_TABLE_DDL = `
CREATE SCHEMA IF NOT EXISTS privacy;
CREATE TABLE IF NOT EXISTS privacy.index_keys (
  name       text PRIMARY KEY,
  key        bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * The key table where a process meets it before `pnpm migrate` ran (tests, the embedded mode).
 * Idempotent; the migration is the same statement.
 */
export async function ensureIndexKeyTable(db: Queryable): Promise<void> {
  await db.query(INDEX_KEY_TABLE_DDL);
}

/**
 * The blind-index key, created on first use and then the same for every process (the command
 * API computes digests of what an agent searches, the projection of what customers registered).
 * Needs the privacy schema (`privacyMigrations`, version 2).
 */
export async function loadBlindIndex(db: Queryable): Promise<BlindIndex> {
  await db.query('INSERT INTO privacy.index_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    INDEX_KEY_NAME,
    randomBytes(32),
  ]);
  const { rows } = await db.query<{ key: Buffer }>('SELECT key FROM privacy.index_keys WHERE name = $1', [
    INDEX_KEY_NAME,
  ]);
  const key = rows[0]?.key;
  if (!key) throw new Error('the blind-index key row vanished after it was created');
  return new BlindIndex(key);
}
