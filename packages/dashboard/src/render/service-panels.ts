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
  const date = (m: string) => new Date(`${m}-01T00:00:00Z`);
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
      html`<tr data-category="${r.category}"><th scope="row">${r.category}</th>${valueCell('return_rate', r.returnRate, f.decimal(r.returnRate))}<td class="barcell">${shareBar(((num(r.returnRate) ?? 0) / max) * 100, `${r.category}: ${f.decimal(r.returnRate)} %`, 'c3')}</td>${valueCell('units_returned', r.unitsReturned, f.count(r.unitsReturned))}${valueCell('units_delivered', r.unitsDelivered, f.count(r.unitsDelivered))}</tr>`,
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

export function afterSalesPanel(ctx: PanelContext, rows: readonly AfterSalesRow[] | null): Raw {
  const { t, f } = ctx;
  if (rows === null) return panel('after-sales', t.afterSales, missing(ctx), t.afterSalesHelp);
  if (rows.length === 0) return panel('after-sales', t.afterSales, empty(ctx), t.afterSalesHelp);
  const order = ['any', 'return', 'repair'];
  const sorted = [...rows].sort(
    (a, b) =>
      order.indexOf(a.caseType) - order.indexOf(b.caseType) || a.csatBucket.localeCompare(b.csatBucket),
  );
  const bucket = (b: string) => (b === 'no feedback' ? t.noFeedback : `CSAT ${f.count(Number(b))}`);
  const body = html`<table class="data bars"><thead><tr><th>${t.caseType}</th><th>${t.csatGiven}</th><th>${t.repeatRate}</th><th></th><th>${t.repeatCases}</th><th>${t.cases}</th></tr></thead><tbody>${sorted.map(
    (r) =>
      html`<tr class="${r.caseType === 'any' ? 'strong' : ''}" data-case-type="${r.caseType}" data-csat="${r.csatBucket}"><td>${t.caseTypes[r.caseType] ?? r.caseType}</td><td>${bucket(r.csatBucket)}</td>${valueCell('repeat_purchase_rate', r.repeatPurchaseRate, f.decimal(r.repeatPurchaseRate))}<td class="barcell">${shareBar(num(r.repeatPurchaseRate), `${bucket(r.csatBucket)}: ${f.decimal(r.repeatPurchaseRate)} %`, 'c2')}</td>${valueCell('repeat_cases', r.repeatCases, f.count(r.repeatCases))}${valueCell('cases', r.cases, f.count(r.cases))}</tr>`,
  )}</tbody></table>`;
  return panel('after-sales', t.afterSales, body, t.afterSalesHelp);
}
