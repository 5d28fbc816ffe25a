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
  lost: number;
  wrongAnswers: number;
  wrongMessages: number;
  readinessLies: number;
  unexpectedExits: number;
  recoveryMs: number | undefined;
}>;

export type RunCheck = Readonly<{ check: string; ok: boolean; detail: string }>;

const pad = (text: string, width: number, right = false) =>
  right ? text.padStart(width) : text.padEnd(width);

export function formatTable(rows: readonly FaultRow[]): string {
  const header = [
    'fault',
    'commands',
    'acked',
    'events',
    'duplicates',
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
  return checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.check}: ${c.detail}`).join('\n');
}
