import { DiscardPolicy, type JetStreamManager, nanos, RetentionPolicy, StorageType } from 'nats';
import { subjectOf } from '../asyncapi';
import { integrationCatalog } from '../catalog';

export type IntegrationStreamOptions = Readonly<{
  /** Default `AFTERSALES_INTEGRATION`. */
  stream?: string;
  /** First token of every subject, default `aftersales`. */
  subjectPrefix?: string;
  /** Messages older than this are removed (default 7 days). */
  maxAgeMs?: number;
  /** The stream never holds more; the oldest messages go first (default 1 GiB). */
  maxBytes?: number;
  /** Copies of the stream in a JetStream cluster, 1 – 5 (default 1). */
  replicas?: number;
}>;

export const integrationStreamDefaults = {
  stream: 'AFTERSALES_INTEGRATION',
  subjectPrefix: 'aftersales',
  maxAgeMs: 7 * 24 * 3_600_000,
  maxBytes: 1024 ** 3,
  replicas: 1,
} as const;

/**
 * The stream of integration events: one subject per catalog type and version, listed one by one
 * (a wildcard such as `aftersales.*.*.v1` would overlap the notifier's `aftersales.events.>`),
 * limited in age and size, old messages discarded first. Brought in line with the catalog on
 * every start, so a new type or a changed limit applies without deleting the stream.
 */
export async function ensureIntegrationStream(jsm: JetStreamManager, options: IntegrationStreamOptions = {}) {
  const o = { ...integrationStreamDefaults, ...options };
  const config = {
    name: o.stream,
    subjects: integrationCatalog.map((e) => subjectOf(e, o.subjectPrefix)),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(o.maxAgeMs),
    max_bytes: o.maxBytes,
    num_replicas: o.replicas,
    duplicate_window: nanos(Math.min(2 * 60_000, o.maxAgeMs)),
  };
  try {
    await jsm.streams.info(o.stream);
    await jsm.streams.update(o.stream, config);
  } catch (err) {
    if (!(err instanceof Error) || !/stream not found/i.test(err.message)) throw err;
    await jsm.streams.add(config);
  }
  return o;
}
