import { describe, expect, it } from 'vitest';
import { positiveInteger } from './config';

describe('positiveInteger', () => {
  it('reads a pool size, and refuses anything else naming the variable', () => {
    expect(positiveInteger({}, 'EVENT_STORE_POOL_SIZE')).toBeUndefined();
    expect(positiveInteger({ EVENT_STORE_POOL_SIZE: '8' }, 'EVENT_STORE_POOL_SIZE')).toBe(8);
    for (const bad of ['0', '-2', '1.5', 'ten']) {
      expect(() => positiveInteger({ EVENT_STORE_POOL_SIZE: bad }, 'EVENT_STORE_POOL_SIZE')).toThrow(
        /EVENT_STORE_POOL_SIZE must be a whole number/,
      );
    }
  });
});
