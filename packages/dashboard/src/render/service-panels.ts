import type {
  AfterSalesRow,
  CsatRow,
  NpsRow,
  OnTimeRow,
  ReturnRateRow,
  TurnaroundRow,
} from '../data/queries';
import { barChart, legend, lineChart, shareBar } from './charts';
import { html, type Raw } from './html';
import { type PanelContext, valueCell } from './retention-panels';

const num = (value: string | null) => (value === null ? null : Number(value));
const key = (d: Date) => d.toISOString().slice(0, 7);

function panel(id: string, title: string, body: Raw, help?: string): Raw {
  return html`<section class="panel" id="${id}"><h2>${title}</h2>${help ? html`<p class="help">${help}</p>` : ''}${body}</section>`;
}

const missing = (ctx: PanelContext) => html`<p class="empty">${ctx.t.notSetUp}</p>`;
const empty = (ctx: PanelContext) => html`<p class="empty">${ctx.t.noData}</p>`;

export function satisfactionPanel(
  ctx: PanelContext,
  nps: readonly NpsRow[] | null,
  csat: readonly CsatRow[] | null,
): Raw {
  const { t, f } = ctx;
  if (nps === null || csat === null) return panel('satisfaction', t.satisfaction, missing(ctx));
  const months = [...new Set([...nps.map((r) => key(r.month)), ...csat.map((r) => key(r.month))])].sort();
  if (months.length === 0) return panel('satisfaction', t.satisfaction, empty(ctx));
  const npsBy = new Map(nps.map((r) => [key(r.month), r]));
  const csatBy = new Map(csat.map((r) => [key(r.month), r]));
  // The first day of the month as the view gave it (in the persian calendar not the 1st).
  const firstDays = new Map([...nps, ...csat].map((r) => [key(r.month), r.month]));
  const date = (m: string) => firstDays.get(m) ?? new Date(`${m}-01T00:00:00Z`);
  const series = [
    {
      name: t.nps,
      colorClass: 'c1',
      points: months.map((m) => {
        const r = npsBy.get(m);
        return {
          value: num(r?.nps ?? null),
          title: `${f.month(date(m))}\n${t.nps}: ${f.decimal(r?.nps ?? null)} (${t.responses}: ${f.count(r?.responses ?? 0)})`,
        };
      }),
    },
    {
      name: t.csat,
      colorClass: 'c2',
      points: months.map((m) => {
        const r = csatBy.get(m);
        return {
          value: num(r?.csat ?? null),
          title: `${f.month(date(m))}\n${t.csat}: ${f.decimal(r?.csat ?? null)} (${t.responses}: ${f.count(r?.responses ?? 0)})`,
        };
      }),
    },
  ];
  const chart = lineChart({
    labels: months.map((m) => f.monthShort(date(m))),
    series,
    rtl: ctx.rtl,
    formatTick: (v) => f.count(v),
    title: t.satisfaction,
    include: [0, 100],
  });
  const rows = [...months].reverse().map((m) => {
    const n = npsBy.get(m);
    const c = csatBy.get(m);
    return html`<tr data-month="${m}"><th scope="row">${f.month(date(m))}</th>${valueCell('nps', n?.nps ?? null, f.decimal(n?.nps ?? null))}${valueCell('csat', c?.csat ?? null, f.decimal(c?.csat ?? null))}${valueCell('responses', c?.responses ?? 0, f.count(c?.responses ?? 0))}</tr>`;
  });
  const table = html`<div class="scroll short"><table class="data"><thead><tr><th>${t.month}</th><th>${t.nps}</th><th>${t.csat}</th><th>${t.responses}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return panel('satisfaction', t.satisfaction, html`${legend(series)}${chart}${table}`);
}

export function returnsPanel(ctx: PanelContext, rows: readonly ReturnRateRow[] | null): Raw {
  const { t, f } = ctx;
  if (rows === null) return panel('returns', t.returns, missing(ctx));
  if (rows.length === 0) return panel('returns', t.returns, empty(ctx));
  const max = Math.max(1, ...rows.map((r) => num(r.returnRate) ?? 0));
  const body = html`<table class="data bars"><thead><tr><th>${t.category}</th><th>${t.returnRate}</th><th></th><th>${t.returned}</th><th>${t.delivered}</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr data-category="${r.category}"><th scope="row">${ctx.term(r.category)}</th>${valueCell('return_rate', r.returnRate, f.decimal(r.returnRate))}<td class="barcell">${shareBar(((num(r.returnRate) ?? 0) / max) * 100, `${ctx.term(r.category)}: ${f.decimal(r.returnRate)} %`, 'c3')}</td>${valueCell('units_returned', r.unitsReturned, f.count(r.unitsReturned))}${valueCell('units_delivered', r.unitsDelivered, f.count(r.unitsDelivered))}</tr>`,
  )}</tbody></table>`;
  return panel('returns', t.returns, body);
}

export function repairsPanel(ctx: PanelContext, rows: readonly TurnaroundRow[] | null): Raw {
  const { t, f } = ctx;
  if (rows === null) return panel('repairs', t.repairs, missing(ctx));
  if (rows.length === 0) return panel('repairs', t.repairs, empty(ctx));
  const titleOf = (r: TurnaroundRow) =>
    `${f.month(r.month)}\n${t.completed}: ${f.count(r.repairsCompleted)}\n${t.avgDays}: ${f.decimal(r.avgDays)} · ${t.p50Days}: ${f.decimal(r.p50Days)} · ${t.p90Days}: ${f.decimal(r.p90Days)}`;
  const series = [
    {
      name: t.p50Days,
      colorClass: 'c2',
      points: rows.map((r) => ({ value: num(r.p50Days), title: titleOf(r) })),
    },
    {
      name: t.p90Days,
      colorClass: 'c4',
      points: rows.map((r) => ({ value: num(r.p90Days), title: titleOf(r) })),
    },
  ];
  const chart = barChart({
    labels: rows.map((r) => f.monthShort(r.month)),
    series,
    rtl: ctx.rtl,
    formatTick: (v) => f.count(v),
    title: t.repairs,
  });
  const table = html`<div class="scroll short"><table class="data"><thead><tr><th>${t.month}</th><th>${t.completed}</th><th>${t.avgDays}</th><th>${t.p50Days}</th><th>${t.p90Days}</th></tr></thead><tbody>${[
    ...rows,
  ]
    .reverse()
    .map(
      (r) =>
        html`<tr data-month="${key(r.month)}"><th scope="row">${f.month(r.month)}</th>${valueCell('repairs_completed', r.repairsCompleted, f.count(r.repairsCompleted))}${valueCell('avg', r.avgDays, f.decimal(r.avgDays))}${valueCell('p50', r.p50Days, f.decimal(r.p50Days))}${valueCell('p90', r.p90Days, f.decimal(r.p90Days))}</tr>`,
    )}</tbody></table></div>`;
  return panel('repairs', t.repairs, html`${legend(series)}${chart}${table}`);
}

export function onTimePanel(ctx: PanelContext, rows: readonly OnTimeRow[] | null): Raw {
  const { t, f } = ctx;
  if (rows === null) return panel('on-time', t.onTime, missing(ctx));
  if (rows.length === 0) return panel('on-time', t.onTime, empty(ctx));
  const series = [
    {
      name: t.onTimeRate,
      colorClass: 'c2',
      points: rows.map((r) => ({
        value: num(r.onTimeRate),
        title: `${f.month(r.month)}\n${t.onTimeRate}: ${f.decimal(r.onTimeRate)} (${f.count(r.onTime)} / ${f.count(r.withPromise)})\n${t.delivered}: ${f.count(r.ordersDelivered)}`,
      })),
    },
  ];
  const chart = barChart({
    labels: rows.map((r) => f.monthShort(r.month)),
    series,
    rtl: ctx.rtl,
    formatTick: (v) => f.count(v),
    title: t.onTime,
    include: [0, 100],
  });
  const table = html`<div class="scroll short"><table class="data"><thead><tr><th>${t.month}</th><th>${t.onTimeRate}</th><th>${t.withPromise}</th><th>${t.delivered}</th></tr></thead><tbody>${[
    ...rows,
  ]
    .reverse()
    .map(
      (r) =>
        html`<tr data-month="${key(r.month)}"><th scope="row">${f.month(r.month)}</th>${valueCell('on_time_rate', r.onTimeRate, f.decimal(r.onTimeRate))}${valueCell('with_promise', r.withPromise, f.count(r.withPromise))}${valueCell('orders_delivered', r.ordersDelivered, f.count(r.ordersDelivered))}</tr>`,
    )}</tbody></table></div>`;
  return panel('on-time', t.onTime, html`${chart}${table}`);
}

/**
 * The after-sales impact as a matrix: a row per CSAT given, a column per case type (returns and
 * repairs together first), each cell the view's repeat-purchase rate with its cases behind it.
 */
export function afterSalesPanel(ctx: PanelContext, rows: readonly AfterSalesRow[] | null): Raw {
  const { t, f } = ctx;
  const wrap = (body: Raw) =>
    html`<section class="panel wide" id="after-sales"><h2>${t.afterSales}</h2><p class="help">${t.afterSalesHelp}</p>${body}</section>`;
  if (rows === null) return wrap(missing(ctx));
  if (rows.length === 0) return wrap(empty(ctx));
  const caseTypes = ['any', 'return', 'repair'].filter((c) => rows.some((r) => r.caseType === c));
  const buckets = [...new Set(rows.map((r) => r.csatBucket))].sort((a, b) =>
    a === 'no feedback' ? 1 : b === 'no feedback' ? -1 : a.localeCompare(b),
  );
  const label = (b: string) => (b === 'no feedback' ? t.noFeedback : `CSAT ${f.count(Number(b))}`);
  const cell = (caseType: string, bucket: string) => {
    const r = rows.find((x) => x.caseType === caseType && x.csatBucket === bucket);
    if (!r) return html`<td class="num muted">–</td><td></td><td></td>`;
    const title = `${t.caseTypes[caseType] ?? caseType} · ${label(bucket)}: ${f.count(r.repeatCases)} / ${f.count(r.cases)} = ${f.decimal(r.repeatPurchaseRate)} %`;
    return html`<td class="num" data-case-type="${caseType}" data-field="repeat_purchase_rate" data-value="${r.repeatPurchaseRate ?? ''}" title="${title}">${f.decimal(r.repeatPurchaseRate)}</td><td class="barcell">${shareBar(num(r.repeatPurchaseRate), title, caseType === 'any' ? 'c1' : 'c2')}</td><td class="num muted" data-case-type="${caseType}" data-field="cases" data-value="${r.cases}">${f.count(r.repeatCases)} / ${f.count(r.cases)}</td>`;
  };
  const body = html`<div class="scroll free"><table class="data bars matrix"><thead><tr><th rowspan="2">${t.csatGiven}</th>${caseTypes.map(
    (c) => html`<th colspan="3" class="group">${t.caseTypes[c] ?? c}</th>`,
  )}</tr><tr>${caseTypes.map(() => html`<th>${t.repeatRate}</th><th></th><th>${t.repeatCases} / ${t.cases}</th>`)}</tr></thead><tbody>${buckets.map(
    (b) =>
      html`<tr data-csat="${b}"><th scope="row">${label(b)}</th>${caseTypes.map((c) => cell(c, b))}</tr>`,
  )}</tbody></table></div>`;
  return wrap(body);
}
