import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

/** The text stored hashes are made of: it must never change. */
describe('canonicalJson', () => {
  it('sorts keys at every level, array indices first in numeric order, and drops undefined members', () => {
    const value = {
      b: 1,
      a: { d: [3, undefined, { z: 1, y: 2 }], c: undefined },
      10: 'x',
      9: 'y',
      '01': 'z',
    };
    expect(canonicalJson(value)).toBe('{"9":"y","10":"x","01":"z","a":{"d":[3,null,{"y":2,"z":1}]},"b":1}');
  });

  it('writes bigints as strings, non-finite numbers as null and honours toJSON', () => {
    expect(canonicalJson({ n: 12n, x: Number.NaN, at: new Date('2026-01-02T03:04:05.000Z') })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z","n":"12","x":null}',
    );
    expect(canonicalJson(undefined)).toBe('null');
  });
});
