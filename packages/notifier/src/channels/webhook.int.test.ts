import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../test/support';
import { configFromEnv } from '../config';
import type { OutboundMessage } from './types';

type Received = { headers: IncomingHttpHeaders; body: string };

/** A real receiver on a free loopback port that records every request it gets. */
let server: Server;
let url: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const message = (key: string): OutboundMessage => ({
  key,
  rule: 'case-opened',
  channel: 'support',
  to: 'support',
  language: 'en',
  subject: 'Case opened',
  text: 'A case was opened',
  html: '<p>A case was opened</p>',
  data: { caseId: 'c-1' },
});

/** The receiver's side of Standard Webhooks, written from the scheme, not from the sender's code. */
function verifies(secret: Buffer, headers: IncomingHttpHeaders, body: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  const expected = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function present<T>(channel: T | undefined): T {
  if (!channel) throw new Error('the channel is not configured');
  return channel;
}

const last = (): Received => {
  const request = received.at(-1);
  if (!request) throw new Error('the receiver got no request');
  return request;
};

describe('webhook channel credentials from the environment, against a real HTTP receiver', () => {
  it('sends Authorization: Bearer <token> when SUPPORT_WEBHOOK_TOKEN is set, and no signature', async () => {
    const { channels } = configFromEnv(
      { SUPPORT_WEBHOOK_URL: url, SUPPORT_WEBHOOK_TOKEN: 'tok-support-1234567890' },
      silentLog,
      { logChannels: 'allowed' },
    );
    await present(channels.support).send(message('case-opened:c-1'));
    const { headers, body } = last();
    expect(headers.authorization).toBe('Bearer tok-support-1234567890');
    expect(headers['webhook-signature']).toBeUndefined();
    expect(JSON.parse(body)).toMatchObject({ key: 'case-opened:c-1', data: { caseId: 'c-1' } });
  });

  it('signs with Standard Webhooks headers when SMS_WEBHOOK_SECRET is set, verifiable with the secret', async () => {
    const key = Buffer.from('the signing key of the sms gateway');
    const secret = `whsec_${key.toString('base64')}`;
    const { channels } = configFromEnv({ SMS_WEBHOOK_URL: url, SMS_WEBHOOK_SECRET: secret }, silentLog, {
      logChannels: 'allowed',
    });
    const before = Math.floor(Date.now() / 1000);
    await present(channels.sms).send({ ...message('case-opened:c-2'), channel: 'sms', to: '+4912345678' });
    const { headers, body } = last();
    expect(headers.authorization).toBeUndefined();
    expect(headers['webhook-id']).toBe('case-opened:c-2');
    const timestamp = Number(headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(verifies(key, headers, body)).toBe(true);
    // The signature covers the body and the key: any other key or a changed body fails.
    expect(verifies(Buffer.from('another key entirely'), headers, body)).toBe(false);
    expect(verifies(key, headers, body.replace('+4912345678', '+4900000000'))).toBe(false);
  });

  it('sends both when a channel has a token and a secret', async () => {
    const { channels } = configFromEnv(
      {
        SUPPORT_WEBHOOK_URL: url,
        SUPPORT_WEBHOOK_TOKEN: 'tok-support-1234567890',
        SUPPORT_WEBHOOK_SECRET: 'plain text secret of the desk',
      },
      silentLog,
      { logChannels: 'allowed' },
    );
    await present(channels.support).send(message('case-opened:c-3'));
    const { headers, body } = last();
    expect(headers.authorization).toBe('Bearer tok-support-1234567890');
    expect(verifies(Buffer.from('plain text secret of the desk', 'utf8'), headers, body)).toBe(true);
  });
});
