import type {
  AppendResult,
  ChainedEvent,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '@aftersales/event-store';
import { EnvelopeError, isEnvelope, open, seal } from './envelope';
import type { CustomerKeyStore, KeyState } from './key-store';
import {
  FORGOTTEN_MARKER,
  mapPaths,
  personalDataOwner,
  personalFieldRules,
  UNREADABLE_MARKER,
} from './personal-fields';

/**
 * An event store that keeps personal fields encrypted at rest (crypto-shredding). It wraps any
 * adapter of the port: appends seal each personal field with the owning customer's data key,
 * reads open them again. Once the key is destroyed the fields read as `[forgotten]`; the
 * events keep their shape, so folds, metrics and balances are untouched.
 *
 * Values that are not envelopes (written before this decorator was wired in) pass through
 * unchanged on read, so the decorator can be introduced on an existing log.
 */
export class ShreddingEventStore implements EventStore {
  /** Present when the wrapped store links appends: each part sealed as `appendToStream` seals. */
  readonly appendLinked?: (appends: readonly StreamAppend[]) => Promise<AppendResult[]>;
  /** The wrapped store's, untouched: the chain covers the sealed content as stored. */
  readonly readAllChained?: (options?: ReadAllOptions) => Promise<ChainedEvent[]>;

  constructor(
    private readonly inner: EventStore,
    private readonly keys: CustomerKeyStore,
  ) {
    const chained = inner.readAllChained?.bind(inner);
    if (chained) this.readAllChained = chained;
    const linked = inner.appendLinked?.bind(inner);
    if (linked) {
      this.appendLinked = async (appends) => {
        const sealed: StreamAppend[] = [];
        for (const append of appends)
          sealed.push({ ...append, events: await this.sealEvents(append.events) });
        return linked(sealed);
      };
    }
  }

  get kind(): EventStore['kind'] {
    return this.inner.kind;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: Readonly<{ expectedRevision?: ExpectedRevision }>,
  ): Promise<AppendResult> {
    return this.inner.appendToStream(streamId, await this.sealEvents(events), options);
  }

  private async sealEvents(events: readonly NewEvent[]): Promise<NewEvent[]> {
    const sealed: NewEvent[] = [];
    for (const event of events) sealed.push(await this.sealEvent(event));
    return sealed;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readAll(options));
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    const inner = this.inner.subscribeToAll(options);
    const openOne = (event: RecordedEvent) => this.openAll([event]).then((opened) => opened[0] ?? event);
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of inner) yield await openOne(event);
      },
    };
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async sealEvent(event: NewEvent): Promise<NewEvent> {
    const owner = personalDataOwner(event.type, event.data);
    const rule = personalFieldRules[event.type];
    if (owner === undefined || !rule) return event;
    const key = await this.keys.keyForWriting(owner);
    const data = mapPaths(event.data, rule.fields, (value, path) =>
      // A forgotten customer's data is never stored readable again, whatever the caller sends.
      key.status === 'active'
        ? seal(value, key.key, owner, `${event.metadata.eventId}\u0000${path.join('.')}`)
        : FORGOTTEN_MARKER,
    );
    return { ...event, data };
  }

  private openAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    return openPersonalData(events, this.keys);
  }
}

/**
 * Opens the sealed personal fields of any events (stored ones, or copies such as bus messages
 * that carry `type` and `data`), with one key lookup for all customers among them. Fields of a
 * forgotten customer read as `[forgotten]`; values that are not sealed pass through.
 */
export async function openPersonalData<E extends Readonly<{ type: string; data: unknown }>>(
  events: readonly E[],
  keys: CustomerKeyStore,
): Promise<E[]> {
  const owners = new Set<string>();
  for (const event of events) {
    const owner = personalDataOwner(event.type, event.data);
    if (owner !== undefined) owners.add(owner);
  }
  if (owners.size === 0) return [...events];
  const found = await keys.keysForReading([...owners]);
  return events.map((event) => openEvent(event, found));
}

function openEvent<E extends Readonly<{ type: string; data: unknown }>>(
  event: E,
  keys: ReadonlyMap<string, KeyState>,
): E {
  const owner = personalDataOwner(event.type, event.data);
  const rule = personalFieldRules[event.type];
  if (owner === undefined || !rule) return event;
  const key = keys.get(owner);
  const data = mapPaths(event.data, rule.fields, (value) => {
    if (!isEnvelope(value)) return value;
    if (key?.status !== 'active') return FORGOTTEN_MARKER;
    try {
      return open(value, key.key, owner);
    } catch (err) {
      // An envelope that fails authentication was tampered with; `verify` reports that, and
      // readers must not crash on it nor see anything but the marker.
      if (err instanceof EnvelopeError) return UNREADABLE_MARKER;
      throw err;
    }
  });
  return { ...event, data };
}
