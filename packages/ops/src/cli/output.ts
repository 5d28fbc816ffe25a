import type { EventView } from '../events-json';
import { stringifyPlain } from '../json';
import type { BiRoleResult } from '../projections/port';
import type { AggregateAsOf, Timeline } from '../timeline/timeline';
import type { IntegrityIssue } from '../verify/chain';
import type { VerifyReport } from '../verify/verify';

/** Human-readable renderings; everything else falls back to indented JSON. */
export function renderHistory(result: Readonly<{ streamId: string; events: readonly EventView[] }>): string {
  const lines = result.events.map(
    (event) =>
      `${event.revision.padStart(4)}  ${event.recordedAt}  ${event.occurredAt}  ${event.type}  ${JSON.stringify(event.data)}`,
  );
  return [
    `${result.streamId}: ${result.events.length} event(s)`,
    ' rev  recordedAt                occurredAt                type  data',
    ...lines,
  ].join('\n');
}

const describeIssue = (issue: IntegrityIssue) => {
  switch (issue.kind) {
    case 'altered':
      return `ALTERED    ${issue.streamId} @${issue.revision} (${issue.eventId}): ${issue.detail}`;
    case 'missing':
      return `MISSING    ${issue.streamId} @${issue.fromRevision}..${issue.toRevision}: ${issue.detail}`;
    case 'reordered':
      return `REORDERED  ${issue.streamId} @${issue.revision} (${issue.eventId}): ${issue.detail}`;
    default: {
      const _exhaustive: never = issue;
      return _exhaustive;
    }
  }
};

export function renderVerify(report: VerifyReport): string {
  const head = report.ok
    ? `OK: ${report.events} event(s) in ${report.streams} stream(s), every hash chain intact; ${report.anchored} head(s) anchored`
    : `FAILED: ${report.issues.length} problem(s) in ${report.events} event(s), ${report.streams} stream(s)`;
  const outside = report.external.length
    ? `checked against ${report.external.map((each) => `${each.source} (${each.streams} stream head(s))`).join(', ')}`
    : 'no anchor outside the database checked (set NATS_URL to check against the relay stream)';
  return [head, outside, ...report.issues.map(describeIssue)].join('\n');
}

export const renderJson = (value: unknown) => stringifyPlain(value, 2) ?? 'null';

export function renderBiRole(result: BiRoleResult): string {
  const locks = result.advisoryLocks.restricted
    ? `advisory locks: only ${result.advisoryLocks.grantedTo.join(', ')} may take them`
    : `advisory locks: still open to every role (${result.advisoryLocks.reason ?? 'not restricted'})`;
  return [
    `BI role ${result.role} ${result.created ? 'created' : 'updated'}`,
    result.passwordSource === 'generated'
      ? `password (shown this once, keep it in the BI tool's secret store): ${result.password}`
      : result.passwordSource === 'set'
        ? 'password: set from BI_ROLE_PASSWORD'
        : 'password: unchanged (--new-password generates one)',
    locks,
  ].join('\n');
}

/** A value in one table cell: short, one line. */
function cell(value: unknown, width = 60): string {
  const text = typeof value === 'string' ? value : (stringifyPlain(value) ?? '');
  const line = text.replace(/\s+/g, ' ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

const statusOf = (state: unknown): string => {
  const status = (state as { status?: unknown } | null)?.status;
  return typeof status === 'string' ? status : '';
};

/** `timeline` as a table, like `history`: one row per order, return, repair and the loyalty ledger. */
export function renderTimeline(result: Timeline): string {
  const rows: string[][] = [];
  const add = (kind: string, aggregate: AggregateAsOf) =>
    rows.push([
      kind,
      aggregate.id,
      aggregate.revision,
      statusOf(aggregate.state),
      aggregate.decidedByPolicy.join(',') || '-',
      aggregate.summary === undefined ? '' : cell(aggregate.summary),
    ]);
  for (const order of result.orders) add('order', order);
  for (const ret of result.returns) add('return', ret);
  for (const repair of result.repairs) add('repair', repair);
  if (result.loyalty) add('loyalty', result.loyalty);
  const head = ['kind', 'id', 'rev', 'status', 'policy', 'summary'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const customer = result.customer as { status?: unknown; tier?: unknown } | null;
  return [
    `customer ${result.customerId} as of ${result.asOf} (by ${result.by} time), policy v${result.policyVersion}` +
      `${typeof customer?.status === 'string' ? `, ${customer.status}` : ''}`,
    `consents: ${cell(result.consents, 100)}`,
    line(head),
    ...rows.map(line),
    `${result.feedback.length} feedback response(s); ${result.eventsAfterAsOf} event(s) of these streams came after the instant`,
    '(--json for every field)',
  ].join('\n');
}
