import type { CohortCell, CrrRow } from '../data/queries';
import type { Formatter } from '../i18n/format';
import type { Texts } from '../i18n/texts';
import { barChart, legend, lineChart } from './charts';
import { html, type Raw } from './html';

/** `term`: a domain code (tier, category, rule, reason, projection…) in the page's language (`i18n/terms.ts`). */
export type PanelContext = Readonly<{ t: Texts; f: Formatter; rtl: boolean; term: (code: string) => string }>;

/** A number cell that keeps the view's exact value beside the formatted text. */
export const valueCell = (field: string, value: string | number | null, text: string): Raw =>
  html`<td class="num" data-field="${field}" data-value="${value === null ? '' : String(value)}">${text}</td>`;

const asNumber = (value: string | null) => (value === null ? null : Number(value));

function crrTitle(ctx: PanelContext, label: string, row: CrrRow): string {
  const { t, f } = ctx;
  return [
    label,
    `${t.crr}: ${f.decimal(row.crr)}`,
    `${t.retained}: ${f.decimal(row.retainedRate)}`,
    `${t.s}: ${f.count(row.s)} · ${t.e}: ${f.count(row.e)} · ${t.n}: ${f.count(row.n)} · ${t.sAndE}: ${f.count(row.sAndE)}`,
  ].join('\n');
}

function crrTable(
  ctx: PanelContext,
  rows: readonly CrrRow[],
  labelOf: (row: CrrRow) => string,
  kind: string,
) {
  const { t, f } = ctx;
  return html`<div class="scroll free"><table class="data crr" data-crr-table="${kind}">
  <thead><tr><th>${t.period}</th><th>${t.crr}</th><th>${t.retained}</th><th>${t.s}</th><th>${t.e}</th><th>${t.n}</th><th>${t.sAndE}</th></tr></thead>
  <tbody>${[...rows]
    .reverse()
    .map(
      (row) =>
        html`<tr data-period="${row.periodLabel}"><th scope="row">${labelOf(row)}</th>${valueCell('crr', row.crr, f.decimal(row.crr))}${valueCell('retained', row.retainedRate, f.decimal(row.retainedRate))}${valueCell('s', row.s, f.count(row.s))}${valueCell('e', row.e, f.count(row.e))}${valueCell('n', row.n, f.count(row.n))}${valueCell('s_and_e', row.sAndE, f.count(row.sAndE))}</tr>`,
    )}</tbody></table></div>`;
}

function crrBlock(
  ctx: PanelContext,
  heading: string,
  rows: readonly CrrRow[],
  kind: 'monthly' | 'quarterly',
): Raw {
  const { t, f } = ctx;
  if (rows.length === 0) return html`<h3>${heading}</h3><p class="empty">${t.noData}</p>`;
  const labelOf = (row: CrrRow) =>
    kind === 'monthly' ? f.month(row.periodStart) : f.quarter(row.periodLabel);
  const axisOf = (row: CrrRow) =>
    kind === 'monthly' ? f.monthShort(row.periodStart) : f.quarter(row.periodLabel);
  const series = [
    {
      name: t.crr,
      colorClass: 'c1',
      points: rows.map((r) => ({ value: asNumber(r.crr), title: crrTitle(ctx, labelOf(r), r) })),
    },
    {
      name: t.retained,
      colorClass: 'c2',
      points: rows.map((r) => ({ value: asNumber(r.retainedRate), title: crrTitle(ctx, labelOf(r), r) })),
    },
  ];
  const chartOptions = {
    labels: rows.map(axisOf),
    series,
    rtl: ctx.rtl,
    formatTick: (v: number) => f.count(v),
    title: `${t.retention} — ${heading}`,
    include: [0, 100],
  };
  const chart = kind === 'monthly' ? lineChart(chartOptions) : barChart(chartOptions);
  return html`<div class="block" data-crr-block="${kind}"><h3>${heading}</h3>${legend(series)}${chart}${crrTable(ctx, rows, labelOf, kind)}</div>`;
}

export function retentionPanel(
  ctx: PanelContext,
  monthly: readonly CrrRow[] | null,
  quarterly: readonly CrrRow[] | null,
): Raw {
  const { t } = ctx;
  const body =
    monthly === null || quarterly === null
      ? html`<p class="empty">${t.notSetUp}</p>`
      : html`<div class="two">${crrBlock(ctx, t.quarterly, quarterly, 'quarterly')}${crrBlock(ctx, t.monthly, monthly, 'monthly')}</div>`;
  return html`<section class="panel wide" id="retention"><h2>${t.retention}</h2><p class="help">${t.retentionHelp}</p>${body}</section>`;
}

/** The cohort matrix as an HTML heatmap: one row per cohort (`data-cohort`), a column per month since. */
export function cohortPanel(ctx: PanelContext, cells: readonly CohortCell[] | null): Raw {
  const { t, f } = ctx;
  const head = html`<h2>${t.cohorts}</h2><p class="help">${t.cohortsHelp}</p>`;
  if (cells === null)
    return html`<section class="panel wide" id="cohorts">${head}<p class="empty">${t.notSetUp}</p></section>`;
  const cohorts = new Map<string, CohortCell[]>();
  for (const cell of cells) {
    const key = cell.cohortMonth.toISOString().slice(0, 7);
    cohorts.set(key, [...(cohorts.get(key) ?? []), cell]);
  }
  const width = Math.max(0, ...cells.map((c) => c.monthsSince)) + 1;
  const columns = Array.from({ length: width }, (_, i) => i);
  const rows = [...cohorts.entries()].map(([key, row]) => {
    const first = row[0];
    const byMonth = new Map(row.map((c) => [c.monthsSince, c]));
    return html`<tr data-cohort="${key}"><th scope="row">${first ? f.month(first.cohortMonth) : key}</th>${valueCell('cohort_customers', first?.cohortCustomers ?? 0, f.count(first?.cohortCustomers ?? 0))}${columns.map(
      (m) => {
        const cell = byMonth.get(m);
        if (!cell) return html`<td class="heat blank"></td>`;
        const share = cell.activeShare === null ? 0 : Number(cell.activeShare);
        const title = `${first ? f.month(first.cohortMonth) : key} · +${f.count(m)}: ${f.count(cell.activeCustomers)} / ${f.count(cell.cohortCustomers)} = ${f.decimal(cell.activeShare)} %`;
        return html`<td class="heat h${Math.min(10, Math.round(share / 10))}" data-months-since="${m}" data-value="${cell.activeShare ?? ''}" title="${title}">${f.decimal(cell.activeShare)}</td>`;
      },
    )}</tr>`;
  });
  const table =
    rows.length === 0
      ? html`<p class="empty">${t.noData}</p>`
      : html`<div class="scroll free"><table class="heatmap" data-heatmap="cohorts"><thead><tr><th>${t.cohort}</th><th>${t.customers}</th>${columns.map((m) => html`<th class="num">+${f.count(m)}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div><p class="axis-note">${t.monthsSince} ${ctx.rtl ? '←' : '→'}</p>`;
  return html`<section class="panel wide" id="cohorts">${head}${table}</section>`;
}
