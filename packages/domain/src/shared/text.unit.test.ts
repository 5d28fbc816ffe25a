import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnsafeText, unsafeTextReason } from './text';
import { optionalText, requireText } from './validation';

describe('the text rule', () => {
  it('accepts what people write: scripts, emoji, tabs and new lines', () => {
    for (const text of ['Ali Reza', 'علی رضا', 'Ñandú 🦤 👩🏽‍🔧', 'line\none\ttab\r\n']) {
      expect(unsafeTextReason(text)).toBeNull();
    }
  });

  it('refuses NUL, other control characters and unpaired surrogates, wherever they are', () => {
    expect(unsafeTextReason('Ali\u0000Reza')).toBe('contains the control character U+0000');
    expect(unsafeTextReason('bell\u0007')).toBe('contains the control character U+0007');
    expect(unsafeTextReason('\ud800')).toBe('contains an unpaired surrogate');
    expect(unsafeTextReason('x\udc00y')).toBe('contains an unpaired surrogate');
    expect(unsafeTextReason('\udc00\ud800')).toBe('contains an unpaired surrogate');
  });

  it('finds the first bad string in a body, keys included, with its path', () => {
    expect(findUnsafeText({ lines: [{ name: 'ok' }, { name: 'bad\u0000' }] }, 'body')).toEqual({
      path: 'body.lines[1].name',
      reason: 'contains the control character U+0000',
    });
    expect(findUnsafeText({ 'k\u0000': 1 })?.path).toBe('k\u0000');
    expect(findUnsafeText({ a: [1, true, null, 'fine'] })).toBeNull();
  });

  it('agrees with UTF-8: a string is safe exactly when it survives encoding unchanged and has no control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const roundTrips = Buffer.from(text, 'utf8').toString('utf8') === text;
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about control characters
        const hasControl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
        expect(unsafeTextReason(text) === null).toBe(roundTrips && !hasControl);
      }),
      { numRuns: 2_000 },
    );
  });

  it("is applied by the domain's text guards", () => {
    expect(() => requireText('Ali\u0000Reza', 'invalid-name', 'name')).toThrow(/U\+0000/);
    expect(() => optionalText('\ud83d', 'invalid-comment', 'comment')).toThrow(/unpaired surrogate/);
  });
});
