import type {
  DeadLetterRow,
  DecisionCount,
  LoyaltyTotals,
  ProjectionPanelRow,
  TierCount,
} from '../data/operations';
import { shareBar } from './charts';
import { html, type Raw } from './html';
import { type PanelContext, valueCell } from './retention-panels';

const missing = (ctx: PanelContext) => html`<p class="empty">${ctx.t.notSetUp}</p>`;

export function loyaltyPanel(
  ctx: PanelContext,
  totals: LoyaltyTotals | null,
  tiers: readonly TierCount[] | null,
): Raw {
  const { t, f } = ctx;
  if (totals === null || tiers === null)
    return html`<section class="panel" id="loyalty"><h2>${t.loyalty}</h2>${missing(ctx)}</section>`;
  const outstanding = totals.pendingPoints + totals.availablePoints;
  const share = (points: number) => (outstanding === 0 ? 0 : (points / outstanding) * 100);
  const pointsBlock = html`<h3>${t.points}</h3><div class="tiles small">
    <div class="tile" data-loyalty="pending"><span class="label">${t.pending}</span><span class="value" data-value="${totals.pendingPoints}">${f.count(totals.pendingPoints)}</span>${shareBar(share(totals.pendingPoints), t.pending, 'c4')}</div>
    <div class="tile" data-loyalty="available"><span class="label">${t.available}</span><span class="value" data-value="${totals.availablePoints}">${f.count(totals.availablePoints)}</span>${shareBar(share(totals.availablePoints), t.available, 'c2')}</div>
  </div>`;
  const maxTier = Math.max(1, ...tiers.map((r) => r.customers));
  const tierBlock = html`<h3>${t.tiers}</h3><table class="data bars"><thead><tr><th>${t.tier}</th><th>${t.customers}</th><th></th></tr></thead><tbody>${tiers.map(
    (r) =>
      html`<tr data-tier="${r.tier}"><th scope="row"><span class="tier ${r.tier}">${ctx.term(r.tier)}</span></th>${valueCell('customers', r.customers, f.count(r.customers))}<td class="barcell">${shareBar((r.customers / maxTier) * 100, `${ctx.term(r.tier)}: ${f.count(r.customers)}`, 'c1')}</td></tr>`,
  )}</tbody></table>`;
  return html`<section class="panel" id="loyalty"><h2>${t.loyalty}</h2>${pointsBlock}${tierBlock}</section>`;
}

/** Decisions per rule: sent, deferred and suppressed counts, with the reasons behind them. */
export function notificationsPanel(ctx: PanelContext, decisions: readonly DecisionCount[] | null): Raw {
  const { t, f } = ctx;
  const head = html`<h2>${t.notifications}</h2>`;
  if (decisions === null)
    return html`<section class="panel" id="notifications">${head}${missing(ctx)}</section>`;
  if (decisions.length === 0)
    return html`<section class="panel" id="notifications">${head}<p class="empty">${t.noData}</p></section>`;
  const rules = [...new Set(decisions.map((d) => d.rule))];
  const kinds = ['sent', 'deferred', 'suppressed'] as const;
  const rows = rules.map((rule) => {
    const mine = decisions.filter((d) => d.rule === rule);
    const total = (kind: string) =>
      mine.filter((d) => d.decision === kind).reduce((sum, d) => sum + d.count, 0);
    const reasons = mine
      .filter((d) => d.decision !== 'sent')
      .map(
        (d) =>
          html`<span class="reason ${d.decision}" data-reason="${d.reason}" title="${t[d.decision as 'deferred' | 'suppressed'] ?? d.decision}">${ctx.term(d.reason)} × ${f.count(d.count)}</span>`,
      );
    return html`<tr data-rule="${rule}"><th scope="row" title="${rule}">${ctx.term(rule)}</th>${kinds.map((k) => valueCell(k, total(k), f.count(total(k))))}<td class="reasons">${reasons}</td></tr>`;
  });
  const table = html`<div class="scroll"><table class="data"><thead><tr><th>${t.rule}</th><th>${t.sent}</th><th>${t.deferred}</th><th>${t.suppressed}</th><th>${t.reasons}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return html`<section class="panel" id="notifications">${head}${table}</section>`;
}

export function operationsPanel(
  ctx: PanelContext,
  projections: readonly ProjectionPanelRow[] | null,
  deadLetters: readonly DeadLetterRow[] | null,
): Raw {
  const { t, f } = ctx;
  const head = html`<h2>${t.operations}</h2>`;
  if (projections === null)
    return html`<section class="panel wide" id="operations">${head}${missing(ctx)}</section>`;
  const rows = projections.map(
    (p) =>
      html`<tr data-projection="${p.name}" data-verdict="${p.verdict}"><th scope="row" title="${p.name}">${ctx.term(p.name)}</th><td><span class="badge ${p.verdict}" title="${p.problems.join('\n')}">${t.verdicts[p.verdict]}</span></td><td data-state="${p.state}">${ctx.term(p.state)}</td>${valueCell('lag_events', p.lagEvents, f.count(p.lagEvents))}${valueCell('lag_seconds', p.lagSeconds, f.seconds(p.lagSeconds))}${valueCell('dead_letters', p.deadLetters, f.count(p.deadLetters))}<td>${p.lastProcessedAt ? f.dateTime(p.lastProcessedAt) : '–'}</td></tr>${
        p.problems.length > 0
          ? html`<tr class="problems"><td colspan="7">${p.problems.map((problem) => html`<div>${problem}</div>`)}</td></tr>`
          : ''
      }`,
  );
  const table = html`<div class="scroll"><table class="data"><thead><tr><th>${t.projection}</th><th>${t.status}</th><th>${t.state}</th><th>${t.lagEvents}</th><th>${t.lagSeconds}</th><th>${t.deadLetters}</th><th>${t.lastProcessed}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const letters =
    deadLetters === null || deadLetters.length === 0
      ? html`<p class="empty">${t.deadLetters}: ${t.none}</p>`
      : html`<h3>${t.deadLetters}</h3><div class="scroll"><table class="data" data-dead-letters><thead><tr><th>${t.projection}</th><th>${t.eventType}</th><th>${t.error}</th><th>${t.failedAt}</th></tr></thead><tbody>${deadLetters.map(
          (d) =>
            html`<tr><td data-projection="${d.projection}">${ctx.term(d.projection)}</td><td data-event-type="${d.eventType}">${ctx.term(d.eventType)}</td><td class="error">${d.error}</td><td>${f.dateTime(d.failedAt)}</td></tr>`,
        )}</tbody></table></div>`;
  return html`<section class="panel wide" id="operations">${head}${table}${letters}</section>`;
}
