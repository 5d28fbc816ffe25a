import type { EventEnvelope } from '../envelope';

/** Where the relay puts events: resolves once the bus has durably accepted the message. */
export interface EventPublisher {
  publish(envelope: EventEnvelope): Promise<void>;
}
