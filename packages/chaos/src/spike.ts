import net from 'node:net';
import type { CommandRecord } from './workload';

/**
 * A burst from one misbehaving client: `connections` sockets at once, each sending a whole
 * `POST /v1/customers` (body included, with its own Idempotency-Key) and another after each
 * answer, for `holdMs`; then the client vanishes: every socket destroyed, requests in flight. The commands are recorded (their
 * events, if any, then have a command), their answers are never read.
 */
export async function spike(
  port: number,
  apiKey: string,
  prefix: string,
  connections: number,
  holdMs: number,
  record: (command: CommandRecord) => void,
  phase: string,
): Promise<void> {
  let sent = 0;
  const request = (socket: net.Socket) => {
    const i = sent++;
    const key = `${prefix}:spike:${i}`;
    const body = JSON.stringify({
      customerId: `${prefix}-spike-${i}`,
      name: `Spike ${i}`,
      email: `spike${i}@example.com`,
      language: 'en',
      timezone: 'UTC',
    });
    record({
      key,
      operationId: 'registerCustomer',
      journey: 'spike',
      phase,
      method: 'POST',
      url: `http://127.0.0.1:${port}/v1/customers`,
      body,
      attempts: 1,
      statuses: [],
    });
    socket.write(
      [
        'POST /v1/customers HTTP/1.1',
        `host: 127.0.0.1:${port}`,
        `authorization: Bearer ${apiKey}`,
        'content-type: application/json',
        `idempotency-key: ${key}`,
        `content-length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n'),
    );
  };
  let vanished = false;
  const sockets: net.Socket[] = [];
  for (let c = 0; c < connections; c++) {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    // Keep-alive: each answer is followed by the next request, until the client vanishes (an
    // answer split across chunks may send one request less; a spike does not need to be exact).
    socket.on('data', (chunk: Buffer) => {
      if (!vanished && chunk.toString('latin1').startsWith('HTTP/1.1 ')) request(socket);
    });
    socket.once('connect', () => request(socket));
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  // Gone, with requests in flight: sent whole, their answers never read.
  vanished = true;
  for (const socket of sockets) socket.destroy();
}
