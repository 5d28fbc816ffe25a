import type { Upcaster } from './upcasting';

type CachedStream = {
  state: unknown;
  revision: bigint;
  /** The fold that produced `state`: another decider over the same stream folds differently. */
  evolve: unknown;
  upcast: Upcaster;
  until: number;
};

export type StreamStateCacheOptions = Readonly<{
  /** Most streams kept; the least recently used goes first. Default 10,000. */
  maxStreams?: number;
  /**
   * How long an entry may be used. Bounds how long a state (personal data included) outlives a
   * change made elsewhere, e.g. a customer forgotten by the operations. Default 60 s.
   */
  maxAgeMs?: number;
  now?: () => number;
}>;

/**
 * The folded state and revision of recently used streams, per process. Only what the store
 * answered (a read, or an append at exactly the revision decided on) goes in, and revisions name
 * immutable prefixes, so an entry is never wrong, only possibly old: the shell appends with the
 * entry's revision, and a stream that moved on refuses that append.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream>();
  private readonly maxStreams: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: StreamStateCacheOptions = {}) {
    this.maxStreams = options.maxStreams ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  has(streamId: string): boolean {
    const entry = this.entries.get(streamId);
    return entry !== undefined && entry.until > this.now();
  }

  get<S>(streamId: string, evolve: unknown, upcast: Upcaster): { state: S; revision: bigint } | undefined {
    const entry = this.entries.get(streamId);
    if (!entry) return undefined;
    if (entry.until <= this.now() || entry.evolve !== evolve || entry.upcast !== upcast) {
      this.entries.delete(streamId);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return { state: entry.state as S, revision: entry.revision };
  }

  set(streamId: string, state: unknown, revision: bigint, evolve: unknown, upcast: Upcaster): void {
    const current = this.entries.get(streamId);
    // A slower request must not put back an older state than one already known.
    if (current && current.evolve === evolve && current.revision > revision) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { state, revision, evolve, upcast, until: this.now() + this.maxAgeMs });
    if (this.entries.size > this.maxStreams) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  clear(): void {
    this.entries.clear();
  }
}
