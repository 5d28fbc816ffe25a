import type { EventView } from '../events-json';
import { stringifyPlain } from '../json';
import type { BiRoleResult } from '../projections/port';
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
  return [head, ...report.issues.map(describeIssue)].join('\n');
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
