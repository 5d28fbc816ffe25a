import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html';

describe('escapeHtml', () => {
  it('escapes what could open a tag, an entity or end an attribute, and nothing else', () => {
    const text = `Tom & Jerry's <b>"Kettle"</b> — کتری`;
    const escaped = escapeHtml(text);
    expect(escaped).not.toMatch(/[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/);
    // Decoding the five entities gives the text back.
    const decoded = escaped
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(decoded).toBe(text);
  });
});
