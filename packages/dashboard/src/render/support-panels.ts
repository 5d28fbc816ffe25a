import type { SupportData } from '../data/support-queries';
import type { Lang } from '../i18n/format';
import { supportTextsFor } from '../i18n/support-texts';
import { shareBar } from './charts';
import { html, type Raw } from './html';
import { type PanelContext, valueCell } from './retention-panels';

const key = (d: Date) => d.toISOString().slice(0, 7);
const num = (value: string | null) => (value === null ? null : Number(value));
/** The latest months first, at most a year of them. */
/** The first day of the month `month` (a key) as a view gave it: in the persian calendar not the 1st. */
const firstDay = (rows: readonly { month: Date }[], month: string) =>
  rows.find((r) => key(r.month) === month)?.month ?? new Date(`${month}-01T00:00:00Z`);
const latest = <T extends { month: Date }>(rows: readonly T[]) =>
  [...new Set(rows.map((r) => key(r.month)))].sort().reverse().slice(0, 12);

function block(id: string, title: string, body: Raw, help?: string): Raw {
  return html`<div class="support-block" data-support-block="${id}"><h3>${title}</h3>${help ? html`<p class="help">${help}</p>` : ''}<div class="scroll short">${body}</div></div>`;
}

/**
 * Support cases and their SLAs (bi.support_* views), in one section of its own: attainment,
 * response and resolution times, backlog, reopen rate and CSAT, and repeat purchases after a case.
 */
export function supportPanel(ctx: PanelContext, lang: Lang, data: SupportData | null): Raw {
  const { f } = ctx;
  const s = supportTextsFor[lang];
  const wrap = (body: Raw) =>
    html`<section class="panel wide" id="support"><h2>${s.support}</h2><p class="help">${s.supportHelp}</p>${body}</section>`;
  if (data === null) return wrap(html`<p class="empty">${ctx.t.notSetUp}</p>`);
  const metricNames = (m: string) => s.metrics[m] ?? m;

  const attainmentMetrics = ['firstResponse', 'nextResponse', 'resolution'].filter((m) =>
    data.attainment.some((r) => r.metric === m),
  );
  const attainment = html`<table class="data" data-support-table="attainment"><thead><tr><th>${s.month}</th>${attainmentMetrics.map((m) => html`<th>${metricNames(m)}</th>`)}</tr></thead><tbody>${latest(
    data.attainment,
  ).map((month) => {
    const cells = attainmentMetrics.map((metric) => {
      const r = data.attainment.find((x) => x.metric === metric && key(x.month) === month);
      return r
        ? html`<td class="num" data-field="attainment-${metric}" data-value="${r.attainment ?? ''}" title="${f.count(r.met)} / ${f.count(r.targets)} ${s.targets}">${f.decimal(r.attainment)}</td>`
        : html`<td class="num muted">–</td>`;
    });
    return html`<tr data-month="${month}"><th scope="row">${f.month(firstDay(data.attainment, month))}</th>${cells}</tr>`;
  })}</tbody></table>`;

  const timeHead = ['firstResponse', 'resolution'].map(
    (m) =>
      html`<th>${metricNames(m)} · ${s.median} (${s.business})</th><th>${s.p90} (${s.business})</th><th>${s.median} (${s.wall})</th><th>${s.p90} (${s.wall})</th>`,
  );
  const times = html`<table class="data" data-support-table="response-times"><thead><tr><th>${s.month}</th>${timeHead}</tr></thead><tbody>${latest(
    data.responseTimes,
  ).map((month) => {
    const cells = ['firstResponse', 'resolution'].map((metric) => {
      const r = data.responseTimes.find((x) => x.metric === metric && key(x.month) === month);
      if (!r)
        return html`<td class="num muted">–</td><td class="num muted">–</td><td class="num muted">–</td><td class="num muted">–</td>`;
      return html`${valueCell(`${metric}-median-business`, r.medianBusinessHours, f.decimal(r.medianBusinessHours))}${valueCell(`${metric}-p90-business`, r.p90BusinessHours, f.decimal(r.p90BusinessHours))}${valueCell(`${metric}-median-wall`, r.medianWallHours, f.decimal(r.medianWallHours))}${valueCell(`${metric}-p90-wall`, r.p90WallHours, f.decimal(r.p90WallHours))}`;
    });
    return html`<tr data-month="${month}"><th scope="row">${f.month(firstDay(data.responseTimes, month))}</th>${cells}</tr>`;
  })}</tbody></table>`;

  const backlog = html`<table class="data" data-support-table="backlog"><thead><tr><th>${s.priority}</th><th>${s.assignee}</th><th>${s.age}</th><th>${s.cases}</th><th>${s.pending}</th></tr></thead><tbody>${data.backlog.map(
    (r) =>
      html`<tr data-priority="${r.priority}" data-age="${r.ageBucket}"><th scope="row">${s.priorities[r.priority] ?? r.priority}</th><td>${r.assignee === 'unassigned' ? s.unassigned : r.assignee}</td><td>${s.ages[r.ageBucket] ?? r.ageBucket}</td>${valueCell('cases', r.cases, f.count(r.cases))}${valueCell('pending', r.pending, f.count(r.pending))}</tr>`,
  )}</tbody></table>`;

  const months = html`<table class="data" data-support-table="reopen-csat"><thead><tr><th>${s.month}</th><th>${s.solved}</th><th>${s.reopenRate}</th><th>${s.csat}</th><th>${s.responses}</th></tr></thead><tbody>${latest(
    data.months,
  ).map((month) => {
    const r = data.months.find((x) => key(x.month) === month);
    return r
      ? html`<tr data-month="${month}"><th scope="row">${f.month(r.month)}</th>${valueCell('cases_solved', r.casesSolved, f.count(r.casesSolved))}${valueCell('reopen_rate', r.reopenRate, f.decimal(r.reopenRate))}${valueCell('csat', r.csat, f.decimal(r.csat))}${valueCell('responses', r.csatResponses, f.count(r.csatResponses))}</tr>`
      : '';
  })}</tbody></table>`;

  const repeat = html`<table class="data bars" data-support-table="repeat"><thead><tr><th></th><th>${s.repeatRate}</th><th></th><th>${s.cases}</th></tr></thead><tbody>${data.repeat.map(
    (r) => {
      const title = `${s.outcomes[r.slaOutcome] ?? r.slaOutcome}: ${f.count(r.repeatCases)} / ${f.count(r.cases)} = ${f.decimal(r.repeatPurchaseRate)} %`;
      return html`<tr data-sla-outcome="${r.slaOutcome}"><th scope="row">${s.outcomes[r.slaOutcome] ?? r.slaOutcome}</th>${valueCell('repeat_purchase_rate', r.repeatPurchaseRate, f.decimal(r.repeatPurchaseRate))}<td class="barcell">${shareBar(num(r.repeatPurchaseRate), title, r.slaOutcome === 'met' ? 'c2' : 'c4')}</td>${valueCell('cases', r.cases, `${f.count(r.repeatCases)} / ${f.count(r.cases)}`)}</tr>`;
    },
  )}</tbody></table>`;

  return wrap(
    html`<div class="support-grid">${[
      block('attainment', s.attainment, attainment),
      block('response-times', s.responseTimes, times, s.responseTimesHelp),
      block('backlog', s.backlog, backlog),
      block('reopen-csat', s.reopenAndCsat, months),
      block('repeat', s.repeatAfterCase, repeat, s.repeatAfterCaseHelp),
    ]}</div>`,
  );
}

/** The support section's few rules, kept beside it (the page's stylesheet is shared). */
export const SUPPORT_STYLE =
  '.support-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:1rem}.support-block h3{font-size:1rem;margin:.25rem 0 .5rem}';
