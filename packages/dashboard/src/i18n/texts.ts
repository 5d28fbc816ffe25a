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

const en: Texts = {
  title: 'After-sales dashboard',
  subtitle: 'Retention, service quality, loyalty, notifications and the health of the read models',
  generated: 'Read from the read models at',
  language: 'Language',
  notSetUp: 'Not set up yet: the read model for this panel does not exist in the database.',
  noData: 'No data yet.',
  quarter: 'Q{q} {y}',
  retention: 'Customer retention',
  retentionHelp: 'CRR = (E − N) / S × 100; retained = |S ∩ E| / S × 100. Blank where S = 0.',
  monthly: 'Per month',
  quarterly: 'Per quarter',
  period: 'Period',
  crr: 'CRR %',
  retained: 'Retained %',
  s: 'S (before)',
  e: 'E (in period)',
  n: 'N (new)',
  sAndE: 'S ∩ E',
  latestQuarter: 'Latest quarter CRR',
  cohorts: 'Monthly cohort retention',
  cohortsHelp: 'Share of each first-order cohort ordering again N months later (%).',
  cohort: 'Cohort',
  customers: 'Customers',
  monthsSince: 'Months since first order',
  satisfaction: 'NPS and CSAT per month',
  nps: 'NPS',
  csat: 'CSAT %',
  responses: 'Responses',
  returns: 'Return rate by category',
  category: 'Category',
  delivered: 'Units delivered',
  returned: 'Units returned',
  returnRate: 'Return rate %',
  repairs: 'Repair turnaround (days)',
  completed: 'Completed',
  month: 'Month',
  avgDays: 'Mean',
  p50Days: 'Median',
  p90Days: '90th pct.',
  onTime: 'On-time delivery',
  withPromise: 'With a promise',
  onTimeRate: 'On time %',
  afterSales: 'After-sales impact',
  afterSalesHelp: 'Repeat purchase within 90 days after a closed return or repair, by the CSAT given for it.',
  caseType: 'Case',
  csatGiven: 'CSAT given',
  cases: 'Cases',
  repeatCases: 'Bought again',
  repeatRate: 'Repeat rate %',
  caseTypes: { any: 'Returns and repairs', return: 'Returns', repair: 'Repairs' },
  noFeedback: 'no feedback',
  loyalty: 'Loyalty',
  pending: 'Pending points',
  available: 'Available points',
  points: 'Points outstanding',
  tiers: 'Customers by tier',
  tier: 'Tier',
  notifications: 'Notifications',
  rule: 'Rule',
  sent: 'Sent',
  deferred: 'Deferred',
  suppressed: 'Suppressed',
  reasons: 'Reasons',
  operations: 'Operations',
  projection: 'Projection',
  state: 'State',
  lagEvents: 'Lag (events)',
  lagSeconds: 'Lag (s)',
  lastProcessed: 'Last batch',
  status: 'Health',
  verdicts: { ok: 'healthy', behind: 'behind', stalled: 'stalled', stopped: 'stopped' },
  deadLetters: 'Dead letters',
  eventType: 'Event type',
  error: 'Error',
  failedAt: 'Failed at',
  none: 'None',
  signInTitle: 'API key required',
  signInHelp: 'This page shows business data. Enter an API key with the scope "read".',
  invalidKey: 'That key is unknown or revoked.',
  missingScope: 'That key does not have the scope "read".',
  apiKey: 'API key',
  open: 'Open the dashboard',
};

const fa: Texts = {
  title: 'داشبورد خدمات پس از فروش',
  subtitle: 'حفظ مشتری، کیفیت خدمات، باشگاه مشتریان، اعلان‌ها و سلامت مدل‌های خواندنی',
  generated: 'خوانده‌شده از مدل‌های خواندنی در',
  language: 'زبان',
  notSetUp: 'هنوز راه‌اندازی نشده: مدل خواندنی این بخش در پایگاه داده وجود ندارد.',
  noData: 'هنوز داده‌ای نیست.',
  quarter: 'فصل {q}، {y}',
  retention: 'نرخ حفظ مشتری',
  retentionHelp: 'CRR = (E − N) / S × 100؛ ماندگاری = |S ∩ E| / S × 100. اگر S = 0 باشد خالی است.',
  monthly: 'ماهانه',
  quarterly: 'فصلی',
  period: 'دوره',
  crr: 'CRR ٪',
  retained: 'ماندگاری ٪',
  s: 'S (دورهٔ قبل)',
  e: 'E (این دوره)',
  n: 'N (جدید)',
  sAndE: 'S ∩ E',
  latestQuarter: 'CRR آخرین فصل',
  cohorts: 'ماندگاری گروه‌های ماهانه',
  cohortsHelp: 'سهم مشتریان هر گروه (ماه نخستین خرید) که N ماه بعد دوباره خرید کرده‌اند (٪).',
  cohort: 'گروه',
  customers: 'مشتریان',
  monthsSince: 'ماه پس از نخستین خرید',
  satisfaction: 'NPS و CSAT ماهانه',
  nps: 'NPS',
  csat: 'CSAT ٪',
  responses: 'پاسخ‌ها',
  returns: 'نرخ مرجوعی به تفکیک دسته',
  category: 'دسته',
  delivered: 'اقلام تحویل‌شده',
  returned: 'اقلام مرجوع‌شده',
  returnRate: 'نرخ مرجوعی ٪',
  repairs: 'مدت تعمیر (روز)',
  completed: 'تکمیل‌شده',
  month: 'ماه',
  avgDays: 'میانگین',
  p50Days: 'میانه',
  p90Days: 'صدک ۹۰',
  onTime: 'تحویل به‌موقع',
  withPromise: 'با تاریخ وعده',
  onTimeRate: 'به‌موقع ٪',
  afterSales: 'اثر خدمات پس از فروش',
  afterSalesHelp: 'خرید دوباره تا ۹۰ روز پس از بسته‌شدن مرجوعی یا تعمیر، به تفکیک امتیاز CSAT آن.',
  caseType: 'پرونده',
  csatGiven: 'CSAT داده‌شده',
  cases: 'پرونده‌ها',
  repeatCases: 'خرید دوباره',
  repeatRate: 'نرخ خرید دوباره ٪',
  caseTypes: { any: 'مرجوعی و تعمیر', return: 'مرجوعی‌ها', repair: 'تعمیرها' },
  noFeedback: 'بدون بازخورد',
  loyalty: 'باشگاه مشتریان',
  pending: 'امتیاز در انتظار',
  available: 'امتیاز قابل استفاده',
  points: 'امتیازهای باز',
  tiers: 'مشتریان به تفکیک سطح',
  tier: 'سطح',
  notifications: 'اعلان‌ها',
  rule: 'قاعده',
  sent: 'ارسال‌شده',
  deferred: 'به تعویق افتاده',
  suppressed: 'ارسال‌نشده',
  reasons: 'دلایل',
  operations: 'عملیات',
  projection: 'پروجکشن',
  state: 'وضعیت',
  lagEvents: 'عقب‌ماندگی (رویداد)',
  lagSeconds: 'عقب‌ماندگی (ثانیه)',
  lastProcessed: 'آخرین دسته',
  status: 'سلامت',
  verdicts: { ok: 'سالم', behind: 'عقب', stalled: 'متوقف‌مانده', stopped: 'متوقف' },
  deadLetters: 'رویدادهای ناموفق',
  eventType: 'نوع رویداد',
  error: 'خطا',
  failedAt: 'زمان خطا',
  none: 'هیچ',
  signInTitle: 'کلید API لازم است',
  signInHelp: 'این صفحه دادهٔ تجاری نشان می‌دهد. یک کلید API با دسترسی «read» وارد کنید.',
  invalidKey: 'این کلید ناشناخته است یا باطل شده است.',
  missingScope: 'این کلید دسترسی «read» ندارد.',
  apiKey: 'کلید API',
  open: 'باز کردن داشبورد',
};

const ar: Texts = {
  title: 'لوحة خدمات ما بعد البيع',
  subtitle: 'الاحتفاظ بالعملاء وجودة الخدمة والولاء والإشعارات وسلامة نماذج القراءة',
  generated: 'قُرئت من نماذج القراءة في',
  language: 'اللغة',
  notSetUp: 'لم يُجهَّز بعد: نموذج القراءة لهذه اللوحة غير موجود في قاعدة البيانات.',
  noData: 'لا توجد بيانات بعد.',
  quarter: 'الربع {q}، {y}',
  retention: 'الاحتفاظ بالعملاء',
  retentionHelp: 'CRR = (E − N) / S × 100؛ المحتفَظ بهم = |S ∩ E| / S × 100. فارغ عندما S = 0.',
  monthly: 'شهريًا',
  quarterly: 'ربع سنوي',
  period: 'الفترة',
  crr: 'CRR ٪',
  retained: 'المحتفَظ بهم ٪',
  s: 'S (السابقة)',
  e: 'E (في الفترة)',
  n: 'N (جدد)',
  sAndE: 'S ∩ E',
  latestQuarter: 'CRR لآخر ربع',
  cohorts: 'الاحتفاظ حسب الفوج الشهري',
  cohortsHelp: 'نسبة عملاء كل فوج (شهر أول طلب) الذين طلبوا مجددًا بعد N شهرًا (٪).',
  cohort: 'الفوج',
  customers: 'العملاء',
  monthsSince: 'أشهر منذ أول طلب',
  satisfaction: 'NPS و CSAT شهريًا',
  nps: 'NPS',
  csat: 'CSAT ٪',
  responses: 'الردود',
  returns: 'نسبة الإرجاع حسب الفئة',
  category: 'الفئة',
  delivered: 'الوحدات المسلَّمة',
  returned: 'الوحدات المرتجعة',
  returnRate: 'نسبة الإرجاع ٪',
  repairs: 'مدة الإصلاح (أيام)',
  completed: 'مكتملة',
  month: 'الشهر',
  avgDays: 'المتوسط',
  p50Days: 'الوسيط',
  p90Days: 'المئين ٩٠',
  onTime: 'التسليم في الموعد',
  withPromise: 'بموعد موعود',
  onTimeRate: 'في الموعد ٪',
  afterSales: 'أثر خدمات ما بعد البيع',
  afterSalesHelp: 'الشراء مجددًا خلال ٩٠ يومًا بعد إغلاق إرجاع أو إصلاح، حسب تقييم CSAT المعطى له.',
  caseType: 'الحالة',
  csatGiven: 'CSAT المعطى',
  cases: 'الحالات',
  repeatCases: 'اشتروا مجددًا',
  repeatRate: 'نسبة الشراء المتكرر ٪',
  caseTypes: { any: 'الإرجاع والإصلاح', return: 'الإرجاع', repair: 'الإصلاح' },
  noFeedback: 'بلا تقييم',
  loyalty: 'الولاء',
  pending: 'نقاط معلّقة',
  available: 'نقاط متاحة',
  points: 'النقاط القائمة',
  tiers: 'العملاء حسب المستوى',
  tier: 'المستوى',
  notifications: 'الإشعارات',
  rule: 'القاعدة',
  sent: 'أُرسلت',
  deferred: 'أُجّلت',
  suppressed: 'حُجبت',
  reasons: 'الأسباب',
  operations: 'العمليات',
  projection: 'الإسقاط',
  state: 'الحالة',
  lagEvents: 'التأخر (أحداث)',
  lagSeconds: 'التأخر (ثوانٍ)',
  lastProcessed: 'آخر دفعة',
  status: 'السلامة',
  verdicts: { ok: 'سليم', behind: 'متأخر', stalled: 'متعطّل', stopped: 'متوقف' },
  deadLetters: 'الرسائل الميتة',
  eventType: 'نوع الحدث',
  error: 'الخطأ',
  failedAt: 'وقت الفشل',
  none: 'لا شيء',
  signInTitle: 'مفتاح API مطلوب',
  signInHelp: 'تعرض هذه الصفحة بيانات تجارية. أدخل مفتاح API بصلاحية «read».',
  invalidKey: 'هذا المفتاح غير معروف أو ملغى.',
  missingScope: 'هذا المفتاح لا يملك صلاحية «read».',
  apiKey: 'مفتاح API',
  open: 'فتح اللوحة',
};

export const textsFor: Readonly<Record<Lang, Texts>> = { en, fa, ar };
