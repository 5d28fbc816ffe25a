import { connect, type NatsConnection } from 'nats';
import type { JetStreamNames } from './jetstream';

export type RelayedHead = Readonly<{ revision: bigint; eventId: string }>;

const decoder = new TextDecoder();

/**
 * Every stream's highest revision among the event messages the JetStream stream still holds
 * (the relay publishes each event of the log there, in log order, as it is appended). An
 * ordered consumer of its own, nothing acknowledged, nothing changed on the stream. What the
 * stream's limits (age, size) dropped is not known here. Messages that are no envelope are
 * skipped.
 */
export async function readRelayedHeads(
  nc: NatsConnection,
  names: JetStreamNames,
): Promise<Map<string, RelayedHead>> {
  const heads = new Map<string, RelayedHead>();
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(names.stream);
  if (info.state.messages === 0) return heads;
  const consumer = await nc.jetstream().consumers.get(names.stream, {
    // One subject as a string: servers before 2.10 take no list.
    filterSubjects: `${names.subjectPrefix}.events.>`,
  });
  for (;;) {
    let pending = 0;
    let received = 0;
    const batch = await consumer.fetch({ max_messages: 1_000, expires: 2_000 });
    for await (const message of batch) {
      received++;
      pending = message.info.pending;
      const envelope = parse(message.data);
      if (envelope) {
        const known = heads.get(envelope.streamId);
        if (!known || known.revision < envelope.revision) {
          heads.set(envelope.streamId, { revision: envelope.revision, eventId: envelope.eventId });
        }
      }
    }
    if (received === 0 || pending === 0) break;
  }
  return heads;
}

function parse(data: Uint8Array): { streamId: string; revision: bigint; eventId: string } | undefined {
  try {
    const value = JSON.parse(decoder.decode(data)) as {
      streamId?: unknown;
      revision?: unknown;
      eventId?: unknown;
    };
    if (typeof value.streamId !== 'string' || typeof value.eventId !== 'string') return undefined;
    if (typeof value.revision !== 'string' && typeof value.revision !== 'number') return undefined;
    return { streamId: value.streamId, revision: BigInt(value.revision), eventId: value.eventId };
  } catch {
    return undefined;
  }
}

/** `readRelayedHeads` over a connection of its own that gives up after `timeoutMs`. */
export async function readRelayedHeadsAt(
  url: string,
  names: JetStreamNames,
  timeoutMs = 5_000,
): Promise<Map<string, RelayedHead>> {
  const nc = await connect({
    servers: url,
    name: 'aftersales-verify',
    timeout: timeoutMs,
    maxReconnectAttempts: 0,
  });
  try {
    return await readRelayedHeads(nc, names);
  } finally {
    await nc.close();
  }
}
