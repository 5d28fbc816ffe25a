import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * The envelope a personal field holds in the store: `enc:v1:<base64(iv ‖ tag ‖ ciphertext)>`,
 * AES-256-GCM under the customer's data key. The customer id is bound in as associated data,
 * so an envelope copied into another customer's event does not decrypt.
 */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

export const isEnvelope = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(PREFIX);

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/**
 * The IV is derived from the key, the event id and the field, not drawn at random: a retried
 * append of the same event then seals to the same bytes, and the store's idempotency check
 * (same event id, same content) still recognises it. Distinct fields or events never share an
 * IV under one key; only a retry of the very same field of the very same event repeats it.
 */
export function seal(plaintext: string, key: Buffer, customerId: string, ivSeed: string): string {
  // A sub-key for IVs, so the data key itself is used by AES-GCM only.
  const ivKey = createHmac('sha256', key).update('aftersales/privacy/iv').digest();
  const iv = createHmac('sha256', ivKey).update(ivSeed, 'utf8').digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(customerId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export class EnvelopeError extends Error {
  readonly code = 'envelope-unreadable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvelopeError';
  }
}

export function open(envelope: string, key: Buffer, customerId: string): string {
  const raw = Buffer.from(envelope.slice(PREFIX.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new EnvelopeError('envelope too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(customerId, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch (err) {
    // Authentication failed: the envelope was altered or belongs to another customer.
    throw new EnvelopeError('envelope failed authentication', { cause: err });
  }
}
