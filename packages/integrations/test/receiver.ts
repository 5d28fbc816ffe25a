import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { IntegrationEvent } from '../src/catalog';

export type Received = Readonly<{ webhookId: string; event: IntegrationEvent }>;

/**
 * A subscriber's endpoint as an integration would write it: every request verified with the
 * `standardwebhooks` library (a bad signature is answered 401 and counted), accepted ones kept
 * in arrival order. `refuse` decides per event whether to answer 503 instead.
 */
export async function startReceiver(secret: () => string) {
  const accepted: Received[] = [];
  let refused = 0;
  let badSignatures = 0;
  let refuse: (event: IntegrationEvent) => boolean = () => false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: IntegrationEvent;
      try {
        event = new Webhook(secret()).verify(body, {
          'webhook-id': String(req.headers['webhook-id']),
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        }) as IntegrationEvent;
      } catch {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
      if (refuse(event)) {
        refused++;
        res.writeHead(503).end();
        return;
      }
      accepted.push({ webhookId: String(req.headers['webhook-id']), event });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/aftersales`,
    accepted,
    refusedCount: () => refused,
    badSignatures: () => badSignatures,
    setRefuse(f: (event: IntegrationEvent) => boolean) {
      refuse = f;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
