import { ConcurrencyError, IllegalStateError, NotFoundError, ValidationError } from '@aftersales/domain';
import { StoreUnavailableError, WrongExpectedRevisionError } from '@aftersales/event-store';
import { OpsError } from '@aftersales/ops';
import { describe, expect, it } from 'vitest';
import { parseIfMatch } from '../commands/if-match';
import { requestHash } from '../idempotency/request-hash';
import { mapError } from './error-mapping';
import { HttpProblem } from './problem';

describe('mapError: one place from error to status', () => {
  it.each([
    [new ValidationError('invalid-email', 'bad'), 422, 'invalid-email'],
    [new IllegalStateError('order-cancelled', 'no'), 409, 'order-cancelled'],
    [new NotFoundError('order-not-found', 'none'), 404, 'order-not-found'],
    [new ConcurrencyError('moved-on', 'again'), 409, 'moved-on'],
    [new WrongExpectedRevisionError('order-1', 2n, 3n), 409, 'wrong-expected-revision'],
    [new StoreUnavailableError('down'), 503, 'store-unavailable'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 503, 'store-unavailable'],
    [new HttpProblem(403, 'insufficient-scope', 'no'), 403, 'insufficient-scope'],
    [new OpsError('bad-input', 'bad-instant', 'no instant'), 400, 'bad-instant'],
    [new OpsError('not-found', 'unknown-stream', 'none'), 404, 'unknown-stream'],
    [new OpsError('unavailable', 'no-bus', 'later'), 501, 'no-bus'],
    [
      Object.assign(new Error('too big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }),
      413,
      'body-too-large',
    ],
    [new SyntaxError('Unexpected token'), 400, 'malformed-json'],
    [new Error('boom'), 500, 'internal-error'],
  ])('%s → %i %s', (err, status, code) => {
    const mapped = mapError(err, 2);
    expect(mapped.status).toBe(status);
    expect(mapped.code).toBe(code);
  });

  it('tells clients when to come back from an outage, and counts conflicts', () => {
    expect(mapError(new StoreUnavailableError('down'), 7).headers).toEqual({ 'retry-after': '7' });
    expect(mapError(new WrongExpectedRevisionError('s', 1n, 2n), 1).conflict).toBe(true);
    expect(mapError(new IllegalStateError('x', 'y'), 1).conflict).toBe(false);
  });
});

describe('If-Match', () => {
  it('reads a revision, -1 as "no stream yet", and refuses anything else', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('"3"')).toBe(3n);
    expect(parseIfMatch('12')).toBe(12n);
    expect(parseIfMatch('"-1"')).toBe('no_stream');
    for (const bad of ['*', 'W/"1"', '"1", "2"', '"-2"', 'abc', '']) {
      expect(() => parseIfMatch(bad), bad).toThrow(HttpProblem);
    }
  });
});

describe('request hash', () => {
  it('ignores key order but not values, paths or methods', () => {
    const a = requestHash('POST', '/v1/orders', { b: 1, a: { d: [1, 2], c: null } });
    expect(requestHash('POST', '/v1/orders', { a: { c: null, d: [1, 2] }, b: 1 })).toBe(a);
    expect(requestHash('POST', '/v1/orders', { a: { c: null, d: [2, 1] }, b: 1 })).not.toBe(a);
    expect(requestHash('POST', '/v1/returns', { b: 1, a: { d: [1, 2], c: null } })).not.toBe(a);
    expect(requestHash('PUT', '/v1/orders', { b: 1, a: { d: [1, 2], c: null } })).not.toBe(a);
  });
});
