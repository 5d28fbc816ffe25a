import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Printable, bounded: a caller's id is echoed into logs and events, so garbage is replaced. */
const acceptable = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/**
 * Fastify's request id IS the correlation id: the caller's when it is sane, else a new uuid.
 * It is echoed back, logged with every line and stored in event metadata.
 */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers[CORRELATION_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value && acceptable.test(value) ? value : randomUUID();
}
