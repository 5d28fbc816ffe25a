/**
 * The run's table: one row per fault window (from the fault's start to the next fault's), with
 * the commands first sent in it and what the checker found about them, plus the run-wide checks.
 */
export type FaultRow = Readonly<{
  fault: string;
  commands: number;
  acknowledged: number;
  events: number;
  duplicates: number;
  /** Acknowledged commands whose answer leaves out an event they recorded (once). */
  unlisted: number;
  lost: number;
  wrongAnswers: number;
  wrongMessages: number;
  readinessLies: number;
  unexpectedExits: number;
  recoveryMs: number | undefined;
}>;

/** A promise checked over the whole run; a `warning` is reported but does not fail the run. */
export type RunCheck = Readonly<{ check: string; ok: boolean; detail: string; warning?: boolean }>;

export const failures = (checks: readonly RunCheck[]) => checks.filter((c) => !c.ok && !c.warning);

const pad = (text: string, width: number, right = false) =>
  right ? text.padStart(width) : text.padEnd(width);

export function formatTable(rows: readonly FaultRow[]): string {
  const header = [
    'fault',
    'commands',
    'acked',
    'events',
    'duplicates',
    'unlisted',
    'lost',
    'wrong answers',
    'wrong messages',
    'ready lies',
    'own exits',
    'recovery',
  ];
  const cells = rows.map((r) => [
    r.fault,
    String(r.commands),
    String(r.acknowledged),
    String(r.events),
    String(r.duplicates),
    String(r.unlisted),
    String(r.lost),
    String(r.wrongAnswers),
    String(r.wrongMessages),
    String(r.readinessLies),
    String(r.unexpectedExits),
    r.recoveryMs === undefined
      ? r.fault === 'warm-up'
        ? '-'
        : 'never'
      : `${(r.recoveryMs / 1000).toFixed(1)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    `| ${values.map((v, i) => pad(v, widths[i] ?? 0, i > 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export function formatChecks(checks: readonly RunCheck[]): string {
  return checks
    .map((c) => `${c.ok ? 'ok  ' : c.warning ? 'warn' : 'FAIL'}  ${c.check}: ${c.detail}`)
    .join('\n');
}
