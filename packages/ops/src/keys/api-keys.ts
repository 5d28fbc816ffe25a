import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';

/**
 * `commands:write` commands; `read` reads, docs, dashboard; `ops` operations and metrics;
 * `integrations` webhooks and the integration events; `support` the support desk's look-ups.
 */
export const SCOPES = ['commands:write', 'read', 'ops', 'integrations', 'support'] as const;
export type Scope = (typeof SCOPES)[number];

export type ApiKeyIdentity = Readonly<{ name: string; scopes: readonly Scope[] }>;

/**
 * Only this digest is stored: a leaked table does not leak usable keys. (One-shot `hash`: no
 * Hash object per request.)
 */
export const hashApiKey = (key: string): string => hash('sha256', key, 'hex');

/** 32 random bytes, URL-safe; the prefix makes a leaked key easy to spot in logs and scanners. */
export const generateApiKey = (): string => `ask_${randomBytes(32).toString('base64url')}`;

export const isScope = (s: string): s is Scope => (SCOPES as readonly string[]).includes(s);

/** A key as an operator sees it: never the key itself, which exists only when it is issued. */
export type ApiKeyInfo = Readonly<{
  name: string;
  scopes: readonly Scope[];
  createdAt: string;
  revokedAt: string | null;
}>;

/** The keys table (only the SHA-256 of a key is stored) is migrated with the ops schema. */
export { API_KEYS_DDL } from '../schema';

type Cached = { identity: ApiKeyIdentity | null; until: number };

/** A map that keeps its `max` most recently used entries. */
class Recent<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
  clear(): void {
    this.entries.clear();
  }
  get size(): number {
    return this.entries.size;
  }
}

/**
 * API keys in Postgres. Lookups are cached briefly per instance so auth costs no query per
 * request. Known and unknown keys are cached apart, each keeping its most recent: a flood of
 * random keys only pushes out other random keys, never a key in use.
 */
export class ApiKeyRepository {
  private readonly known: Recent<Cached>;
  private readonly unknown: Recent<Cached>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly cacheTtlMs = 10_000,
    maxCached = 10_000,
  ) {
    this.known = new Recent(maxCached);
    this.unknown = new Recent(maxCached);
  }

  /** How many keys of each kind are cached now. */
  get cachedKeys(): { known: number; unknown: number } {
    return { known: this.known.size, unknown: this.unknown.size };
  }

  private forgetCached(): void {
    this.known.clear();
    this.unknown.clear();
  }

  private lookup(hash: string, now: number): Cached | undefined {
    const cached = this.known.get(hash) ?? this.unknown.get(hash);
    return cached && cached.until > now ? cached : undefined;
  }

  /** Creates or replaces the key called `name`; returns nothing, the caller already holds the key. */
  async upsert(name: string, key: string, scopes: readonly Scope[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO api_keys (name, key_hash, scopes) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET key_hash = EXCLUDED.key_hash, scopes = EXCLUDED.scopes, revoked_at = NULL`,
      [name, hashApiKey(key), [...scopes]],
    );
    this.forgetCached();
  }

  /** Creates a new key called `name` and returns it: the only moment the plain key exists. */
  async create(name: string, scopes: readonly Scope[]): Promise<string> {
    const key = generateApiKey();
    await this.upsert(name, key, scopes);
    return key;
  }

  /** Issues a key called `name` only if no key of that name exists (revoked ones included). */
  async issue(name: string, scopes: readonly Scope[]): Promise<string | null> {
    const key = generateApiKey();
    const { rowCount } = await this.pool.query(
      'INSERT INTO api_keys (name, key_hash, scopes) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
      [name, hashApiKey(key), [...scopes]],
    );
    return rowCount === 1 ? key : null;
  }

  /** A new key for `name`, same scopes; the old one stops working at once. Null: no live key. */
  async rotate(name: string): Promise<string | null> {
    const key = generateApiKey();
    const { rowCount } = await this.pool.query(
      'UPDATE api_keys SET key_hash = $2, created_at = now() WHERE name = $1 AND revoked_at IS NULL',
      [name, hashApiKey(key)],
    );
    this.forgetCached();
    return rowCount === 1 ? key : null;
  }

  async list(): Promise<ApiKeyInfo[]> {
    const { rows } = await this.pool.query<{
      name: string;
      scopes: string[];
      created_at: Date;
      revoked_at: Date | null;
    }>('SELECT name, scopes, created_at, revoked_at FROM api_keys ORDER BY name');
    return rows.map((row) => ({
      name: row.name,
      scopes: row.scopes.filter(isScope),
      createdAt: row.created_at.toISOString(),
      revokedAt: row.revoked_at?.toISOString() ?? null,
    }));
  }

  /** Whether a live key called `name` was revoked now. */
  async revoke(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL',
      [name],
    );
    this.forgetCached();
    return rowCount === 1;
  }

  /** Whether the key called `name` exists and matches `key` (used to keep a configured dev key). */
  async matches(name: string, key: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE name = $1 AND revoked_at IS NULL',
      [name],
    );
    const stored = rows[0]?.key_hash;
    if (!stored) return false;
    const given = Buffer.from(hashApiKey(key), 'hex');
    return timingSafeEqual(Buffer.from(stored, 'hex'), given);
  }

  /** The identity of a key looked up less than the cache's lifetime ago (null: unknown); else undefined. */
  cached(key: string): ApiKeyIdentity | null | undefined {
    return this.lookup(hashApiKey(key), Date.now())?.identity;
  }

  async authenticate(key: string): Promise<ApiKeyIdentity | null> {
    const hash = hashApiKey(key);
    const now = Date.now();
    const cached = this.lookup(hash, now);
    if (cached) return cached.identity;
    const { rows } = await this.pool.query<{ name: string; scopes: string[] }>(
      'SELECT name, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    const identity = row ? { name: row.name, scopes: row.scopes.filter(isScope) } : null;
    (identity ? this.known : this.unknown).set(hash, { identity, until: now + this.cacheTtlMs });
    return identity;
  }
}
