import type { Lang } from './format';

/** The words of the support panels (their own file, beside the page's texts). */
export type SupportTexts = Readonly<{
  support: string;
  supportHelp: string;
  attainment: string;
  responseTimes: string;
  responseTimesHelp: string;
  backlog: string;
  reopenAndCsat: string;
  repeatAfterCase: string;
  repeatAfterCaseHelp: string;
  metrics: Readonly<Record<string, string>>;
  priorities: Readonly<Record<string, string>>;
  outcomes: Readonly<Record<string, string>>;
  /** The backlog's age buckets, by the view's codes. */
  ages: Readonly<Record<string, string>>;
  median: string;
  p90: string;
  business: string;
  wall: string;
  month: string;
  cases: string;
  pending: string;
  priority: string;
  assignee: string;
  age: string;
  unassigned: string;
  solved: string;
  reopenRate: string;
  csat: string;
  responses: string;
  repeatRate: string;
  targets: string;
}>;

const en: SupportTexts = {
  support: 'Support cases and SLAs',
  supportHelp:
    'How fast the desk answers on every channel, in business hours of the shop calendar, and whether customers who were answered in time buy again.',
  attainment: 'SLA attainment (% of targets met)',
  responseTimes: 'Response and resolution time (hours)',
  responseTimesHelp: 'By the month the clock stopped; business hours count opening hours only.',
  backlog: 'Open cases by priority, assignee and age',
  reopenAndCsat: 'Reopen rate and CSAT of cases',
  repeatAfterCase: 'Repeat purchase within 90 days of a solved case',
  repeatAfterCaseHelp: 'Cases whose 90 days have passed, by whether every SLA target was met.',
  metrics: { firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution' },
  priorities: { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' },
  outcomes: { met: 'SLA met', breached: 'SLA breached' },
  ages: { '< 1 d': 'under a day', '1-3 d': '1–3 days', '3-7 d': '3–7 days', '>= 7 d': '7 days or more' },
  median: 'median',
  p90: 'p90',
  business: 'business',
  wall: 'wall clock',
  month: 'Month',
  cases: 'Cases',
  pending: 'pending',
  priority: 'Priority',
  assignee: 'Assignee',
  age: 'Age',
  unassigned: 'unassigned',
  solved: 'Solved',
  reopenRate: 'Reopen rate %',
  csat: 'CSAT %',
  responses: 'responses',
  repeatRate: 'Repeat purchase %',
  targets: 'targets',
};

const fa: SupportTexts = {
  support: 'درخواست‌های پشتیبانی و توافق سطح خدمت',
  supportHelp:
    'پشتیبانی در هر کانال با چه سرعتی پاسخ می‌دهد، در ساعت‌های کاری تقویم فروشگاه، و آیا مشتریانی که به‌موقع پاسخ گرفتند دوباره خرید می‌کنند.',
  attainment: 'تحقق توافق سطح خدمت (٪ اهداف برآورده)',
  responseTimes: 'زمان پاسخ و حل (ساعت)',
  responseTimesHelp: 'بر اساس ماهی که ساعت متوقف شد؛ ساعت کاری فقط ساعت‌های باز بودن را می‌شمارد.',
  backlog: 'درخواست‌های باز بر اساس اولویت، مسئول و سن',
  reopenAndCsat: 'نرخ بازگشایی و رضایت مشتری از درخواست‌ها',
  repeatAfterCase: 'خرید دوباره تا ۹۰ روز پس از حل درخواست',
  repeatAfterCaseHelp: 'درخواست‌هایی که ۹۰ روزشان گذشته، بر اساس برآورده شدن همه اهداف.',
  metrics: { firstResponse: 'اولین پاسخ', nextResponse: 'پاسخ بعدی', resolution: 'حل' },
  priorities: { urgent: 'فوری', high: 'بالا', normal: 'عادی', low: 'پایین' },
  outcomes: { met: 'برآورده', breached: 'نقض‌شده' },
  ages: {
    '< 1 d': 'کمتر از یک روز',
    '1-3 d': '۱ تا ۳ روز',
    '3-7 d': '۳ تا ۷ روز',
    '>= 7 d': '۷ روز یا بیشتر',
  },
  median: 'میانه',
  p90: 'صدک ۹۰',
  business: 'کاری',
  wall: 'ساعت دیواری',
  month: 'ماه',
  cases: 'درخواست‌ها',
  pending: 'در انتظار',
  priority: 'اولویت',
  assignee: 'مسئول',
  age: 'سن',
  unassigned: 'بدون مسئول',
  solved: 'حل‌شده',
  reopenRate: 'نرخ بازگشایی ٪',
  csat: 'رضایت ٪',
  responses: 'پاسخ',
  repeatRate: 'خرید دوباره ٪',
  targets: 'هدف',
};

const ar: SupportTexts = {
  support: 'طلبات الدعم واتفاقيات مستوى الخدمة',
  supportHelp:
    'مدى سرعة رد فريق الدعم على كل قناة، بساعات العمل في تقويم المتجر، وهل يعود العملاء الذين تلقوا ردًا في الوقت للشراء.',
  attainment: 'تحقيق اتفاقية مستوى الخدمة (٪ الأهداف المحققة)',
  responseTimes: 'وقت الرد والحل (ساعات)',
  responseTimesHelp: 'حسب الشهر الذي توقفت فيه الساعة؛ ساعات العمل تحسب ساعات الفتح فقط.',
  backlog: 'الطلبات المفتوحة حسب الأولوية والمسؤول والعمر',
  reopenAndCsat: 'معدل إعادة الفتح ورضا العملاء عن الطلبات',
  repeatAfterCase: 'الشراء المتكرر خلال ٩٠ يومًا من حل الطلب',
  repeatAfterCaseHelp: 'الطلبات التي مضت أيامها التسعون، حسب تحقيق كل الأهداف.',
  metrics: { firstResponse: 'الرد الأول', nextResponse: 'الرد التالي', resolution: 'الحل' },
  priorities: { urgent: 'عاجل', high: 'مرتفع', normal: 'عادي', low: 'منخفض' },
  outcomes: { met: 'محققة', breached: 'منتهكة' },
  ages: { '< 1 d': 'أقل من يوم', '1-3 d': '١–٣ أيام', '3-7 d': '٣–٧ أيام', '>= 7 d': '٧ أيام أو أكثر' },
  median: 'الوسيط',
  p90: 'المئين ٩٠',
  business: 'عمل',
  wall: 'الوقت الفعلي',
  month: 'الشهر',
  cases: 'الطلبات',
  pending: 'معلّق',
  priority: 'الأولوية',
  assignee: 'المسؤول',
  age: 'العمر',
  unassigned: 'بلا مسؤول',
  solved: 'المحلولة',
  reopenRate: 'معدل إعادة الفتح ٪',
  csat: 'الرضا ٪',
  responses: 'ردود',
  repeatRate: 'الشراء المتكرر ٪',
  targets: 'أهداف',
};

export const supportTextsFor: Readonly<Record<Lang, SupportTexts>> = { en, fa, ar };
