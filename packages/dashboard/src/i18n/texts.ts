import { ar } from './ar';
import { en } from './en';
import { fa } from './fa';
import type { Lang } from './format';

/** Every word on the page, per language. Domain codes (rule names, reasons, tiers) stay as recorded. */
export type Texts = Readonly<{
  title: string;
  subtitle: string;
  generated: string;
  language: string;
  notSetUp: string;
  noData: string;
  /** A quarter label; {q} and {y} are replaced by the quarter and the year in local digits. */
  quarter: string;
  // Retention
  retention: string;
  retentionHelp: string;
  monthly: string;
  quarterly: string;
  period: string;
  crr: string;
  retained: string;
  s: string;
  e: string;
  n: string;
  sAndE: string;
  latestQuarter: string;
  // Cohorts
  cohorts: string;
  cohortsHelp: string;
  cohort: string;
  customers: string;
  monthsSince: string;
  // Satisfaction and service
  satisfaction: string;
  nps: string;
  csat: string;
  responses: string;
  returns: string;
  category: string;
  delivered: string;
  returned: string;
  returnRate: string;
  repairs: string;
  completed: string;
  month: string;
  avgDays: string;
  p50Days: string;
  p90Days: string;
  onTime: string;
  withPromise: string;
  onTimeRate: string;
  afterSales: string;
  afterSalesHelp: string;
  caseType: string;
  csatGiven: string;
  cases: string;
  repeatCases: string;
  repeatRate: string;
  caseTypes: Readonly<Record<string, string>>;
  noFeedback: string;
  // Loyalty
  loyalty: string;
  pending: string;
  available: string;
  points: string;
  tiers: string;
  tier: string;
  // Notifications
  notifications: string;
  rule: string;
  sent: string;
  deferred: string;
  suppressed: string;
  reasons: string;
  // Operations
  operations: string;
  projection: string;
  state: string;
  lagEvents: string;
  lagSeconds: string;
  lastProcessed: string;
  status: string;
  verdicts: Readonly<Record<'ok' | 'behind' | 'stalled' | 'stopped', string>>;
  deadLetters: string;
  eventType: string;
  error: string;
  failedAt: string;
  none: string;
  // Sign-in
  signInTitle: string;
  signInHelp: string;
  invalidKey: string;
  missingScope: string;
  apiKey: string;
  open: string;
}>;

export const textsFor: Readonly<Record<Lang, Texts>> = { en, fa, ar };
