import { z } from 'zod';
import { defaultNotificationRules } from '../shared/notification-rules';

/**
 * The `notifications` section of the policy document (DESIGN.md "Notifications"). A document
 * without it (one written before the section existed) reads as the defaults.
 */
const hour = z.number().int().min(0).max(23);
const count = z.number().int().min(0).max(1_000);
const days = z.number().int().min(0).max(3_650);
const window = z.number().int().min(1).max(3_650);

export const notificationsSchema = z
  .strictObject({
    quietHours: z.strictObject({ startHour: hour, endHour: hour }),
    marketingCap: z.strictObject({ count, withinDays: window }),
    deliveryOverdue: z.strictObject({
      afterHours: z
        .number()
        .int()
        .min(0)
        .max(24 * 365),
    }),
    lowScore: z.strictObject({
      csatAtMost: z.number().int().min(0).max(5),
      npsAtMost: z.number().int().min(-1).max(10),
    }),
    feedbackRequest: z.strictObject({
      afterDays: days,
      perCustomer: z.strictObject({ count, withinDays: window }),
    }),
    repairFollowUp: z.strictObject({ afterDays: days }),
    pointsExpiring: z.strictObject({ minPoints: z.number().int().min(1).max(1e12), beforeDays: days }),
    winBack: z.strictObject({ afterDays: window }),
    warrantyExpiring: z.strictObject({ beforeDays: days }),
    caseSurvey: z.strictObject({ afterDays: days }),
  })
  .default(defaultNotificationRules);
