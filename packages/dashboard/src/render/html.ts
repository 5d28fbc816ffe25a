import { escapeHtml } from '@aftersales/text';

/** Tagged template: interpolated strings are escaped unless wrapped with `raw()`. */
export type Raw = Readonly<{ __html: string }>;
export const raw = (html: string): Raw => ({ __html: html });

type Part = string | number | Raw | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (typeof part === 'object') return (part as Raw).__html;
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Raw {
  let out = strings[0] ?? '';
  parts.forEach((part, index) => {
    out += render(part) + (strings[index + 1] ?? '');
  });
  return raw(out);
}
