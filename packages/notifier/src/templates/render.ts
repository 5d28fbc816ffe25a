import type { Language } from '@aftersales/domain';
import { escapeHtml } from '@aftersales/text';
import type { CustomerRuleName, TemplateVars } from '../rules/types';
import { directionFor, formatterFor, localeFor } from './format';
import { texts, type Words } from './texts';

export type RenderedMessage = Readonly<{
  language: Language;
  direction: 'rtl' | 'ltr';
  subject: string;
  text: string;
  html: string;
}>;

/** Renders a rule's message in the customer's language and time zone: subject, text and HTML. */
export function renderMessage(
  rule: CustomerRuleName,
  vars: TemplateVars,
  customer: Readonly<{ language: Language; timezone: string; name?: string | null }>,
): RenderedMessage {
  const language: Language = customer.language in texts ? customer.language : 'en';
  const words = texts[language][rule](vars, formatterFor(language, customer.timezone));
  return assemble(language, words, customer.name ?? undefined);
}

const greetings: Readonly<Record<Language, (name: string) => string>> = {
  en: (name) => `Dear ${name},`,
  fa: (name) => `${name} عزیز،`,
  ar: (name) => `عزيزي ${name}،`,
};

export function assemble(language: Language, words: Words, name?: string): RenderedMessage {
  const direction = directionFor[language];
  const paragraphs = name ? [greetings[language](name), ...words.paragraphs] : [...words.paragraphs];
  const lang = localeFor[language].split('-u-')[0] ?? language;
  const align = direction === 'rtl' ? 'right' : 'left';
  const html = [
    '<!doctype html>',
    `<html dir="${direction}" lang="${language}">`,
    `<head><meta charset="utf-8"><meta name="content-language" content="${lang}"><title>${escapeHtml(words.subject)}</title></head>`,
    `<body style="direction:${direction};text-align:${align};font-family:Tahoma,Arial,sans-serif">`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    '</body>',
    '</html>',
  ].join('\n');
  return { language, direction, subject: words.subject, text: paragraphs.join('\n\n'), html };
}
