import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from './errors';
import { isTransientError, untilReachable } from './transient';

describe('untilReachable', () => {
  it('waits out an outage at start and returns what the start returned', async () => {
    let attempts = 0;
    const warned: string[] = [];
    const value = await untilReachable(
      'database',
      async () => {
        attempts++;
        if (attempts < 3)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return 'up';
      },
      { warn: (_obj, msg) => warned.push(msg) },
    );
    expect(value).toBe('up');
    expect(attempts).toBe(3);
    expect(warned).toEqual([
      'database not reachable at start; waiting',
      'database not reachable at start; waiting',
    ]);
  });

  it('throws at once what no wait can mend', async () => {
    let attempts = 0;
    const start = async () => {
      attempts++;
      throw new Error('DATABASE_URL is required');
    };
    await expect(untilReachable('database', start)).rejects.toThrow('DATABASE_URL is required');
    expect(attempts).toBe(1);
  });

  it('counts the store unavailable and causes as outages, a plain error not', () => {
    expect(isTransientError(new StoreUnavailableError('down'))).toBe(true);
    expect(
      isTransientError(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '57P01' }) })),
    ).toBe(true);
    expect(isTransientError(new Error('syntax error'))).toBe(false);
  });
});
