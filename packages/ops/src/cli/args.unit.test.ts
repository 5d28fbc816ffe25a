import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './args';

describe('parseCommandLine', () => {
  it('parses a command with options and repeated --type', () => {
    const parsed = parseCommandLine([
      'export',
      '--from',
      'a',
      '--to',
      'b',
      '--type',
      'X',
      '--type',
      'Y',
      '--json',
    ]);
    expect(parsed).toMatchObject({ command: 'export', json: true, values: { type: ['X', 'Y'] } });
  });
  it('defaults to help', () => {
    expect(parseCommandLine([]).command).toBe('help');
  });
  it('rejects unknown commands, unknown options and options of another command', () => {
    expect(() => parseCommandLine(['launch'])).toThrow(/unknown command/);
    expect(() => parseCommandLine(['verify', '--force'])).toThrow(/Unknown option/);
    expect(() => parseCommandLine(['verify', '--format', 'csv'])).toThrow(/does not take --format/);
  });
});
