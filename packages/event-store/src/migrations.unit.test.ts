import { describe, expect, it } from 'vitest';
import { checkMigrations } from './migrations';

const entry = (version: number) => ({ version, name: `v${version}`, sql: 'SELECT 1' });

describe('checkMigrations', () => {
  it('accepts versions 1, 2, 3 in order', () => {
    expect(() =>
      checkMigrations({ schema: 'shop', migrations: [entry(1), entry(2), entry(3)] }),
    ).not.toThrow();
  });

  it('refuses a gap, a repeat, a wrong order or a start other than 1', () => {
    for (const versions of [[1, 3], [1, 1], [2, 1], [2]]) {
      expect(() => checkMigrations({ schema: 'shop', migrations: versions.map(entry) })).toThrow(
        /versions are 1, 2, 3/,
      );
    }
  });

  it('refuses a schema name that would need quoting', () => {
    expect(() => checkMigrations({ schema: 'Shop; DROP', migrations: [] })).toThrow(/not plain/);
  });
});
