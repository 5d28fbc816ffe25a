import type { EncodedEnvelope, EventEnvelope } from '../envelope';

/** Where the relay puts events: resolves once the bus has durably accepted the message. */
export interface EventPublisher {
  publish(envelope: EventEnvelope): Promise<void>;
  /**
   * The same for an envelope already encoded (encodeStoredEnvelope): with it, the relay reads
   * a store that offers the log as stored without parsing and re-encoding each event.
   */
  publishEncoded?(message: EncodedEnvelope): Promise<void>;
}
