import type { DashboardData } from '../data/dashboard-data';
import { directionOf, formatterFor, LANGUAGES, type Lang } from '../i18n/format';
import { quarterToDate, termIn } from '../i18n/terms';
import { textsFor } from '../i18n/texts';
import { html, type Raw } from './html';
import { loyaltyPanel, notificationsPanel, operationsPanel } from './ops-panels';
import { cohortPanel, type PanelContext, retentionPanel } from './retention-panels';
import {
  afterSalesPanel,
  onTimePanel,
  repairsPanel,
  returnsPanel,
  satisfactionPanel,
} from './service-panels';
import { STYLE } from './style';
import { SUPPORT_STYLE, supportPanel } from './support-panels';

const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = { en: 'English', fa: 'فارسی', ar: 'العربية' };

function document(lang: Lang, title: string, body: Raw): string {
  return `<!doctype html>${
    html`<html lang="${lang}" dir="${directionOf(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>${{ __html: STYLE + SUPPORT_STYLE }}</style></head><body>${body}</body></html>`
      .__html
  }`;
}

const last = <T>(rows: readonly T[] | null): T | undefined => rows?.[rows.length - 1];

/** The quarter starting then is not over at `now`: its CRR so far is a partial figure. */
const isUnderway = (start: Date, now: Date) =>
  Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 1) > now.getTime();

/** Headline tiles: the latest row of each view, formatted, nothing derived. */
function tiles(ctx: PanelContext & { lang: Lang }, data: DashboardData): Raw {
  const { t, f } = ctx;
  const quarter = last(data.crrQuarterly);
  const nps = last(data.nps);
  const csat = last(data.csat);
  const onTime = last(data.onTime);
  const outstanding = data.loyalty ? data.loyalty.pendingPoints + data.loyalty.availablePoints : null;
  const unhealthy = data.projections?.filter((p) => p.verdict !== 'ok') ?? [];
  const tile = (id: string, label: string, value: string, sub: string) =>
    html`<div class="tile" data-tile="${id}"><span class="label">${label}</span><span class="value">${value}</span><span class="sub">${sub}</span></div>`;
  return html`<div class="tiles">${[
    tile(
      'crr',
      t.latestQuarter,
      quarter ? f.decimal(quarter.crr) : '–',
      quarter
        ? `${f.quarter(quarter.periodLabel)}${isUnderway(quarter.periodStart, data.generatedAt) ? ` · ${quarterToDate[ctx.lang]}` : ''}`
        : '',
    ),
    tile('nps', t.nps, nps ? f.decimal(nps.nps) : '–', nps ? f.month(nps.month) : ''),
    tile('csat', t.csat, csat ? f.decimal(csat.csat) : '–', csat ? f.month(csat.month) : ''),
    tile(
      'on-time',
      t.onTimeRate,
      onTime ? f.decimal(onTime.onTimeRate) : '–',
      onTime ? f.month(onTime.month) : '',
    ),
    tile('points', t.points, outstanding === null ? '–' : f.count(outstanding), t.loyalty),
    tile(
      'health',
      t.operations,
      data.projections === null
        ? '–'
        : `${f.count(data.projections.length - unhealthy.length)} / ${f.count(data.projections.length)}`,
      unhealthy.map((p) => `${ctx.term(p.name)}: ${t.verdicts[p.verdict]}`).join(' · ') || t.verdicts.ok,
    ),
  ]}</div>`;
}

/** The whole dashboard as one HTML document. */
export function renderDashboard(data: DashboardData, lang: Lang): string {
  const t = textsFor[lang];
  const f = formatterFor(lang, t.quarter, data.reporting?.calendar);
  const ctx: PanelContext = { t, f, rtl: directionOf(lang) === 'rtl', term: (code) => termIn(lang, code) };
  const langs = html`<nav class="langs" aria-label="${t.language}">${LANGUAGES.map(
    (l) =>
      html`<a href="?lang=${l}" hreflang="${l}" lang="${l}" ${l === lang ? { __html: 'aria-current="page"' } : ''}>${LANGUAGE_NAMES[l]}</a>`,
  )}</nav>`;
  const body = html`<header class="top"><h1>${t.title}</h1><p>${t.subtitle}</p><div class="meta"><span>${t.generated} ${f.dateTime(data.generatedAt)}</span>${langs}</div></header>
<main>${tiles({ ...ctx, lang }, data)}
${retentionPanel(ctx, data.crrMonthly, data.crrQuarterly)}
${cohortPanel(ctx, data.cohorts)}
${satisfactionPanel(ctx, data.nps, data.csat)}
${onTimePanel(ctx, data.onTime)}
${returnsPanel(ctx, data.returnRates)}
${repairsPanel(ctx, data.turnaround)}
${afterSalesPanel(ctx, data.afterSales)}
${supportPanel(ctx, lang, data.support)}
${loyaltyPanel(ctx, data.loyalty, data.tiers)}
${notificationsPanel(ctx, data.decisions)}
${operationsPanel(ctx, data.projections, data.deadLetters)}
</main>`;
  return document(lang, t.title, body);
}

/**
 * The page a browser gets without a valid key: no figures, a form to give one. The form posts, so
 * the key travels in the body and never lands in a URL or an access log.
 */
export function renderSignIn(lang: Lang, notice: string | null): string {
  const t = textsFor[lang];
  const body = html`<form class="signin" method="post" action=""><h1>${t.signInTitle}</h1><p>${t.signInHelp}</p>${notice ? html`<p class="notice">${notice}</p>` : ''}<label>${t.apiKey}<input type="password" name="key" autocomplete="off" required></label><button type="submit">${t.open}</button></form>`;
  return document(lang, t.signInTitle, body);
}
