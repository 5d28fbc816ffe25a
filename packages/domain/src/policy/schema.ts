import { z } from 'zod';
import { CASE_CHANNELS, CASE_PRIORITIES } from '../case/events';
import { SLA_METRICS } from '../case/sla-policy';
import { supportRulesProblem } from '../case/support-rules';
import { WEEKDAYS } from '../shared/business-time';
import { isMoneyCurrency } from '../shared/currency';
import { DEFAULT_REPORTING_CALENDAR, REPORTING_CALENDARS, type RuleSet } from '../shared/rules';
import { isKnownTimezone } from '../shared/zoned-time';
import { notificationsSchema } from './notifications';

/**
 * The policy document: every rule of DESIGN.md a shop may change at run time, as one JSON
 * document checked by this one schema (the API's body, the CLI's file and the stored event all
 * pass through it). Its output is exactly a `RuleSet`, so deciders read a checked document only.
 */
const days = z.number().int().min(0).max(3_650);
const positiveDays = z.number().int().min(1).max(3_650);
const months = z.number().int().min(1).max(120);
const minutes = z.number().int().min(1).max(525_600);
const currencyCode = z.string().refine(isMoneyCurrency, { message: 'not an ISO 4217 currency code' });

const tierRule = z.strictObject({
  tier: z.enum(['bronze', 'silver', 'gold']),
  minSpend: z.number().min(0).max(1e15),
  multiplier: z.number().min(0).max(100),
});

const currencyEarning = z
  .strictObject({
    unitsPerPoint: z.number().positive().max(1e12),
    tiers: z.array(tierRule).min(1).max(10),
  })
  .superRefine((earning, ctx) => {
    const [first] = earning.tiers;
    if (first && first.minSpend !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['tiers', 0, 'minSpend'],
        message: 'the lowest tier starts at 0',
      });
    }
    earning.tiers.forEach((rule, index) => {
      const before = earning.tiers[index - 1];
      if (before && rule.minSpend <= before.minSpend) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'minSpend'],
          message: 'tiers are ordered by a rising minSpend',
        });
      }
    });
  });

const slaTargets = z.strictObject(
  Object.fromEntries(SLA_METRICS.map((m) => [m, minutes])) as {
    [K in (typeof SLA_METRICS)[number]]: typeof minutes;
  },
);
const partialTargets = slaTargets.partial();
const workingPeriod = z.strictObject({
  from: z.string().regex(/^\d{2}:\d{2}$/),
  to: z.string().regex(/^\d{2}:\d{2}$/),
});

const support = z
  .strictObject({
    calendar: z.strictObject({
      timezone: z.string().min(1).max(100),
      workingHours: z.strictObject(
        Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(workingPeriod).max(10)])) as {
          [K in (typeof WEEKDAYS)[number]]: z.ZodArray<typeof workingPeriod>;
        },
      ),
      holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(1_000),
    }),
    sla: z.strictObject({
      targets: z.strictObject(
        Object.fromEntries(CASE_PRIORITIES.map((p) => [p, slaTargets])) as {
          [K in (typeof CASE_PRIORITIES)[number]]: typeof slaTargets;
        },
      ),
      byChannel: z.partialRecord(
        z.enum(CASE_CHANNELS),
        z.partialRecord(z.enum([...CASE_PRIORITIES, 'any']), partialTargets),
      ),
      atRiskShare: z.number().gt(0).lt(1),
    }),
    reopenWindowDays: days,
    closeAfterDays: days,
  })
  .superRefine((value, ctx) => {
    // The calendar's and the SLA's own rules (open some time, periods in order…): one place.
    const problem = supportRulesProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * The reporting calendar (a section of its own): optional in the input so a document written
 * before it existed still passes, and then UTC Gregorian, as before.
 */
const reporting = z
  .strictObject({
    timezone: z
      .string()
      .min(1)
      .max(100)
      .refine(isKnownTimezone, { message: 'not an IANA time zone this runtime knows' }),
    calendar: z.enum(REPORTING_CALENDARS),
  })
  .default({ ...DEFAULT_REPORTING_CALENDAR });

export const policyDocumentSchema = z
  .strictObject({
    returns: z.strictObject({
      windowDays: positiveDays,
      windowDaysByCategory: z.record(z.string().min(1).max(200), positiveDays),
    }),
    warranty: z.strictObject({ repairWarrantyDays: days }),
    loyalty: z.strictObject({
      currencies: z.record(currencyCode, currencyEarning),
      tierWindowMonths: months,
      expiryMonths: months,
      feedbackCommentBonus: z.number().int().min(0).max(1_000_000),
    }),
    reporting,
    support,
    notifications: notificationsSchema,
  })
  .meta({
    id: 'PolicyDocument',
    description: 'Every rule a shop may change at run time (DESIGN.md "Domain rules"), one document.',
  });

export type PolicyDocument = z.output<typeof policyDocumentSchema>;

// The document is a rule set: a change to either shape that breaks this fails to compile.
const _documentIsRuleSet = (document: PolicyDocument): RuleSet => document;
void _documentIsRuleSet;

export type PolicyIssue = Readonly<{ path: string; message: string }>;

/** The checked document, or every reason it is not one (path in dotted form). */
export function parsePolicyDocument(
  value: unknown,
): { ok: true; document: RuleSet } | { ok: false; issues: readonly PolicyIssue[] } {
  const parsed = policyDocumentSchema.safeParse(value);
  if (parsed.success) return { ok: true, document: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}
