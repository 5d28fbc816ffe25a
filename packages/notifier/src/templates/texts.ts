import type { Language } from '@aftersales/domain';
import type { CustomerRuleName, TemplateVars } from '../rules/types';
import type { Formatter, Money } from './format';

/** One message's words: a subject and paragraphs; the renderer builds text and HTML from them. */
export type Words = Readonly<{ subject: string; paragraphs: readonly string[] }>;
export type TextTemplate = (vars: TemplateVars, f: Formatter) => Words;

const str = (vars: TemplateVars, key: string): string => String(vars[key] ?? '');
const when = (vars: TemplateVars, key: string, f: Formatter): string => f.date(str(vars, key));
const money = (vars: TemplateVars, key: string, f: Formatter): string => f.money(vars[key] as Money);
const num = (vars: TemplateVars, key: string, f: Formatter): string => f.number(Number(vars[key] ?? 0));

const tiers: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: { bronze: 'Bronze', silver: 'Silver', gold: 'Gold' },
  fa: { bronze: 'برنزی', silver: 'نقره‌ای', gold: 'طلایی' },
  ar: { bronze: 'البرونزي', silver: 'الفضي', gold: 'الذهبي' },
};

const en: Readonly<Record<CustomerRuleName, TextTemplate>> = {
  'shipment-delayed': (v, f) => ({
    subject: `Your order ${str(v, 'orderId')} is delayed`,
    paragraphs: [
      `We are sorry: the delivery of your order ${str(v, 'orderId')} is delayed.`,
      `The new estimated delivery date is ${when(v, 'newEstimatedDeliveryAt', f)} (it was ${when(v, 'previousEstimatedDeliveryAt', f)}).`,
    ],
  }),
  'delivery-overdue': (v, f) => ({
    subject: `Your order ${str(v, 'orderId')} has not arrived yet`,
    paragraphs: [
      `Your order was expected by ${when(v, 'estimatedDeliveryAt', f)}.`,
      'We are checking with the carrier and will keep you posted.',
    ],
  }),
  'refund-confirmed': (v, f) => ({
    subject: `Your refund of ${money(v, 'amount', f)} is on its way`,
    paragraphs: [`We have refunded ${money(v, 'amount', f)} for your return ${str(v, 'returnId')}.`],
  }),
  'low-score-escalation': () => ({
    subject: 'We are sorry',
    paragraphs: [
      'Thank you for your feedback. We are sorry we fell short of what you expected.',
      'Our support team will contact you shortly.',
    ],
  }),
  'feedback-request': (v, f) => ({
    subject: `How was your order ${str(v, 'orderId')}?`,
    paragraphs: [`Your order arrived on ${when(v, 'deliveredAt', f)}. Please tell us how it went.`],
  }),
  'repair-follow-up': (v) => ({
    subject: 'How is your repaired item?',
    paragraphs: [`Your repair ${str(v, 'repairId')} was completed a week ago. Is everything working well?`],
  }),
  'points-expiring': (v, f) => ({
    subject: `${num(v, 'points', f)} of your points expire soon`,
    paragraphs: [
      `${num(v, 'points', f)} of your points expire on ${when(v, 'expiresAt', f)}. Use them before then.`,
    ],
  }),
  'tier-upgraded': (v) => ({
    subject: `Welcome to ${tiers.en[str(v, 'to')]}`,
    paragraphs: [`You have moved up to the ${tiers.en[str(v, 'to')]} tier. Thank you for shopping with us.`],
  }),
  'win-back': (v, f) => ({
    subject: 'We miss you',
    paragraphs: [
      `It has been a while since your last order on ${when(v, 'lastOrderAt', f)}. Come back and see what is new.`,
    ],
  }),
  'warranty-expiring': (v, f) => ({
    subject: `The warranty for ${str(v, 'productName')} ends soon`,
    paragraphs: [`The warranty for ${str(v, 'productName')} ends on ${when(v, 'warrantyEndsAt', f)}.`],
  }),
  'case-reply': (v) => ({
    subject: `We have answered your request ${str(v, 'caseId')}`,
    paragraphs: [
      `Our support team has replied to your request ${str(v, 'caseId')}.`,
      'Reply to this message if anything is still open.',
    ],
  }),
  'case-survey': (v, f) => ({
    subject: `How did we do with your request ${str(v, 'caseId')}?`,
    paragraphs: [`We solved your request on ${when(v, 'solvedAt', f)}. Please tell us how it went.`],
  }),
};

const fa: Readonly<Record<CustomerRuleName, TextTemplate>> = {
  'shipment-delayed': (v, f) => ({
    subject: `ارسال سفارش ${str(v, 'orderId')} شما با تأخیر همراه است`,
    paragraphs: [
      `متأسفیم؛ تحویل سفارش ${str(v, 'orderId')} شما به تأخیر افتاده است.`,
      `تاریخ تخمینی جدید تحویل ${when(v, 'newEstimatedDeliveryAt', f)} است (پیش‌تر ${when(v, 'previousEstimatedDeliveryAt', f)}).`,
    ],
  }),
  'delivery-overdue': (v, f) => ({
    subject: `سفارش ${str(v, 'orderId')} شما هنوز نرسیده است`,
    paragraphs: [
      `قرار بود سفارش شما تا ${when(v, 'estimatedDeliveryAt', f)} برسد.`,
      'در حال پیگیری با شرکت حمل هستیم و شما را در جریان می‌گذاریم.',
    ],
  }),
  'refund-confirmed': (v, f) => ({
    subject: `مبلغ ${money(v, 'amount', f)} به شما بازپرداخت شد`,
    paragraphs: [`مبلغ ${money(v, 'amount', f)} بابت مرجوعی ${str(v, 'returnId')} به شما بازگردانده شد.`],
  }),
  'low-score-escalation': () => ({
    subject: 'از تجربه شما متأسفیم',
    paragraphs: [
      'از بازخورد شما سپاسگزاریم. متأسفیم که انتظارات شما برآورده نشد.',
      'تیم پشتیبانی به‌زودی با شما تماس می‌گیرد.',
    ],
  }),
  'feedback-request': (v, f) => ({
    subject: `سفارش ${str(v, 'orderId')} چطور بود؟`,
    paragraphs: [`سفارش شما در ${when(v, 'deliveredAt', f)} تحویل شد. لطفاً نظرتان را با ما در میان بگذارید.`],
  }),
  'repair-follow-up': (v) => ({
    subject: 'کالای تعمیرشده شما چطور کار می‌کند؟',
    paragraphs: [`تعمیر ${str(v, 'repairId')} یک هفته پیش انجام شد. آیا همه چیز به‌خوبی کار می‌کند؟`],
  }),
  'points-expiring': (v, f) => ({
    subject: `${num(v, 'points', f)} امتیاز شما به‌زودی منقضی می‌شود`,
    paragraphs: [
      `${num(v, 'points', f)} امتیاز شما در ${when(v, 'expiresAt', f)} منقضی می‌شود. پیش از آن از آن‌ها استفاده کنید.`,
    ],
  }),
  'tier-upgraded': (v) => ({
    subject: `به سطح ${tiers.fa[str(v, 'to')]} خوش آمدید`,
    paragraphs: [`سطح وفاداری شما به ${tiers.fa[str(v, 'to')]} ارتقا یافت. از همراهی شما سپاسگزاریم.`],
  }),
  'win-back': (v, f) => ({
    subject: 'دلمان برایتان تنگ شده است',
    paragraphs: [
      `از آخرین سفارش شما در ${when(v, 'lastOrderAt', f)} مدتی می‌گذرد. سری به ما بزنید و تازه‌ها را ببینید.`,
    ],
  }),
  'warranty-expiring': (v, f) => ({
    subject: `گارانتی ${str(v, 'productName')} به‌زودی به پایان می‌رسد`,
    paragraphs: [`گارانتی ${str(v, 'productName')} در ${when(v, 'warrantyEndsAt', f)} به پایان می‌رسد.`],
  }),
  'case-reply': (v) => ({
    subject: `به درخواست ${str(v, 'caseId')} شما پاسخ دادیم`,
    paragraphs: [
      `تیم پشتیبانی به درخواست ${str(v, 'caseId')} شما پاسخ داده است.`,
      'اگر موضوعی باقی مانده است، به همین پیام پاسخ دهید.',
    ],
  }),
  'case-survey': (v, f) => ({
    subject: `رسیدگی به درخواست ${str(v, 'caseId')} چطور بود؟`,
    paragraphs: [`درخواست شما در ${when(v, 'solvedAt', f)} حل شد. لطفاً نظرتان را با ما در میان بگذارید.`],
  }),
};

const ar: Readonly<Record<CustomerRuleName, TextTemplate>> = {
  'shipment-delayed': (v, f) => ({
    subject: `تأخر توصيل طلبك ${str(v, 'orderId')}`,
    paragraphs: [
      `نأسف، لقد تأخر توصيل طلبك ${str(v, 'orderId')}.`,
      `موعد التسليم المتوقع الجديد هو ${when(v, 'newEstimatedDeliveryAt', f)} (كان ${when(v, 'previousEstimatedDeliveryAt', f)}).`,
    ],
  }),
  'delivery-overdue': (v, f) => ({
    subject: `لم يصل طلبك ${str(v, 'orderId')} بعد`,
    paragraphs: [
      `كان من المتوقع وصول طلبك بحلول ${when(v, 'estimatedDeliveryAt', f)}.`,
      'نحن نتابع الأمر مع شركة الشحن وسنبقيك على اطلاع.',
    ],
  }),
  'refund-confirmed': (v, f) => ({
    subject: `تم رد مبلغ ${money(v, 'amount', f)} إليك`,
    paragraphs: [`أعدنا إليك مبلغ ${money(v, 'amount', f)} عن المرتجع ${str(v, 'returnId')}.`],
  }),
  'low-score-escalation': () => ({
    subject: 'نعتذر منك',
    paragraphs: ['شكراً لملاحظاتك. نأسف لأننا لم نكن عند حسن ظنك.', 'سيتواصل معك فريق الدعم قريباً.'],
  }),
  'feedback-request': (v, f) => ({
    subject: `ما رأيك في طلبك ${str(v, 'orderId')}؟`,
    paragraphs: [`وصل طلبك في ${when(v, 'deliveredAt', f)}. يسعدنا أن تخبرنا بتجربتك.`],
  }),
  'repair-follow-up': (v) => ({
    subject: 'كيف حال المنتج بعد الإصلاح؟',
    paragraphs: [`اكتمل الإصلاح ${str(v, 'repairId')} قبل أسبوع. هل كل شيء يعمل جيداً؟`],
  }),
  'points-expiring': (v, f) => ({
    subject: `تنتهي صلاحية ${num(v, 'points', f)} من نقاطك قريباً`,
    paragraphs: [
      `تنتهي صلاحية ${num(v, 'points', f)} من نقاطك في ${when(v, 'expiresAt', f)}. استخدمها قبل ذلك.`,
    ],
  }),
  'tier-upgraded': (v) => ({
    subject: `مرحباً بك في المستوى ${tiers.ar[str(v, 'to')]}`,
    paragraphs: [`تمت ترقيتك إلى المستوى ${tiers.ar[str(v, 'to')]}. شكراً لتسوقك معنا.`],
  }),
  'win-back': (v, f) => ({
    subject: 'اشتقنا إليك',
    paragraphs: [`مضى وقت منذ طلبك الأخير في ${when(v, 'lastOrderAt', f)}. عد إلينا واكتشف الجديد.`],
  }),
  'warranty-expiring': (v, f) => ({
    subject: `ضمان ${str(v, 'productName')} ينتهي قريباً`,
    paragraphs: [`ينتهي ضمان ${str(v, 'productName')} في ${when(v, 'warrantyEndsAt', f)}.`],
  }),
  'case-reply': (v) => ({
    subject: `رددنا على طلبك ${str(v, 'caseId')}`,
    paragraphs: [`رد فريق الدعم على طلبك ${str(v, 'caseId')}.`, 'إذا بقي أمر لم يُحل، فأجب على هذه الرسالة.'],
  }),
  'case-survey': (v, f) => ({
    subject: `كيف كانت تجربتك مع طلبك ${str(v, 'caseId')}؟`,
    paragraphs: [`تم حل طلبك في ${when(v, 'solvedAt', f)}. يسعدنا أن تخبرنا بتجربتك.`],
  }),
};

export const texts: Readonly<Record<Language, Readonly<Record<CustomerRuleName, TextTemplate>>>> = {
  en,
  fa,
  ar,
};

/** The support desk reads English; the alert carries the facts, not personal data. */
export const supportAlert = (rule: string, vars: TemplateVars): Words => {
  if (rule === 'sla-at-risk' || rule === 'sla-breached') {
    const target = `${str(vars, 'metric')} (cycle ${str(vars, 'cycle')}, ${str(vars, 'priority')})`;
    return rule === 'sla-at-risk'
      ? {
          subject: `[sla-at-risk] case ${str(vars, 'caseId')}: ${str(vars, 'metric')} due ${str(vars, 'due')}`,
          paragraphs: [
            `Case ${str(vars, 'caseId')} has used 75 % of its ${target} target; it is due at ${str(vars, 'due')}.`,
          ],
        }
      : {
          subject: `[sla-breached] case ${str(vars, 'caseId')}: ${str(vars, 'metric')} was due ${str(vars, 'due')}`,
          paragraphs: [
            `Case ${str(vars, 'caseId')} missed its ${target} target, due at ${str(vars, 'due')}.`,
          ],
        };
  }
  return {
    subject: `[${rule}] low score on ${str(vars, 'subjectType')} ${str(vars, 'subjectId')}`,
    paragraphs: [
      `Customer ${str(vars, 'customerId')} gave CSAT ${str(vars, 'csat')}${vars.nps === null ? '' : `, NPS ${str(vars, 'nps')}`}.`,
      ...(vars.caseId ? [`Case ${str(vars, 'caseId')} is opened for it, priority high.`] : []),
    ],
  };
};
