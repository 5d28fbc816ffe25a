import type { Lang } from './format';

/**
 * The domain's codes as the page shows them: tiers, product categories, notification rules,
 * decision and return reasons, channels, projections, event types. The read models keep the codes
 * (BI filters on them, and the page's `data-*` attributes carry them); only the visible text is
 * translated. A code missing here is shown as recorded.
 */
type Terms = Readonly<Record<string, string>>;

const fa: Terms = {
  // Loyalty tiers
  bronze: 'برنزی',
  silver: 'نقره‌ای',
  gold: 'طلایی',
  // Product categories (the simulator's and the sample shop's)
  electronics: 'لوازم الکترونیکی',
  accessories: 'لوازم جانبی',
  appliances: 'لوازم خانگی برقی',
  home: 'خانه',
  apparel: 'پوشاک',
  books: 'کتاب',
  toys: 'اسباب‌بازی',
  sports: 'ورزشی',
  kitchen: 'آشپزخانه',
  lighting: 'روشنایی',
  audio: 'صوتی',
  garden: 'باغ',
  textiles: 'منسوجات',
  furniture: 'مبلمان',
  // Notification rules
  'shipment-delayed': 'تأخیر ارسال',
  'delivery-overdue': 'تحویل دیرتر از موعد',
  'refund-confirmed': 'تأیید بازپرداخت',
  'low-score-escalation': 'ارجاع امتیاز پایین',
  'feedback-request': 'درخواست نظر',
  'repair-follow-up': 'پیگیری تعمیر',
  'points-expiring': 'انقضای امتیازها',
  'tier-upgraded': 'ارتقای سطح',
  'win-back': 'بازگرداندن مشتری',
  'warranty-expiring': 'پایان ضمانت',
  'case-reply': 'پاسخ پرونده',
  'case-survey': 'نظرسنجی پرونده',
  'sla-at-risk': 'خطر نقض توافق سطح خدمت',
  'sla-breached': 'نقض توافق سطح خدمت',
  // Decision reasons
  sent: 'ارسال شد',
  'already-sent': 'قبلاً ارسال شده',
  'awaiting-customer': 'در انتظار مشتری',
  'below-threshold': 'کمتر از آستانه',
  cap: 'سقف ارسال',
  'channel-not-ours': 'کانال دیگر',
  'channel-unavailable': 'کانال در دسترس نیست',
  forgotten: 'مشتری فراموش‌شده',
  'no-channel': 'بدون کانال',
  'no-marketing-consent': 'بدون رضایت بازاریابی',
  'opted-out': 'انصراف داده',
  'quiet-hours': 'ساعات سکوت',
  stale: 'منقضی',
  'survey-throttle': 'محدودیت نظرسنجی',
  'unknown-customer': 'مشتری ناشناخته',
  'unknown-rule': 'قاعده ناشناخته',
  'order-delivered': 'سفارش تحویل شد',
  'order-cancelled': 'سفارش لغو شد',
  cancelled: 'لغو شد',
  // Return reasons
  damaged: 'آسیب‌دیده',
  defective: 'معیوب',
  'wrong-item': 'کالای اشتباه',
  'not-as-described': 'مغایر با توضیحات',
  'size-or-fit': 'اندازه نامناسب',
  'changed-mind': 'انصراف از خرید',
  'late-delivery': 'تحویل دیر',
  other: 'سایر',
  // Channels
  email: 'ایمیل',
  sms: 'پیامک',
  webhook: 'وب‌هوک',
  chat: 'گفتگو',
  phone: 'تلفن',
  log: 'گزارش',
  // Projections
  retention: 'نگهداشت مشتری',
  loyalty: 'وفاداری',
  support: 'پشتیبانی',
  ops_order_status: 'وضعیت سفارش‌ها',
  ops_cases: 'پرونده‌های مرجوعی و تعمیر',
  ops_customer_timeline: 'سابقه مشتری',
  // Projection states
  running: 'در حال اجرا',
  stopped: 'متوقف',
  rebuilding: 'در حال بازسازی',
  standby: 'آماده به کار',
  // Event types that cancel a pending notification
  ShipmentDelayed: 'تأخیر ارسال',
  OrderDelivered: 'تحویل سفارش',
  OrderCancelled: 'لغو سفارش',
  OrderPlaced: 'ثبت سفارش',
  FeedbackSubmitted: 'ثبت نظر',
  ReturnRequested: 'درخواست مرجوعی',
  CaseReopened: 'بازگشایی پرونده',
};

const ar: Terms = {
  bronze: 'برونزي',
  silver: 'فضي',
  gold: 'ذهبي',
  electronics: 'إلكترونيات',
  accessories: 'ملحقات',
  appliances: 'أجهزة منزلية',
  home: 'المنزل',
  apparel: 'ملابس',
  books: 'كتب',
  toys: 'ألعاب',
  sports: 'رياضة',
  kitchen: 'المطبخ',
  lighting: 'إضاءة',
  audio: 'صوتيات',
  garden: 'الحديقة',
  textiles: 'منسوجات',
  furniture: 'أثاث',
  'shipment-delayed': 'تأخر الشحن',
  'delivery-overdue': 'تجاوز موعد التسليم',
  'refund-confirmed': 'تأكيد الاسترداد',
  'low-score-escalation': 'تصعيد التقييم المنخفض',
  'feedback-request': 'طلب التقييم',
  'repair-follow-up': 'متابعة الإصلاح',
  'points-expiring': 'انتهاء صلاحية النقاط',
  'tier-upgraded': 'ترقية المستوى',
  'win-back': 'استعادة العميل',
  'warranty-expiring': 'انتهاء الضمان',
  'case-reply': 'الرد على الحالة',
  'case-survey': 'استبيان الحالة',
  'sla-at-risk': 'اتفاقية مستوى الخدمة في خطر',
  'sla-breached': 'خرق اتفاقية مستوى الخدمة',
  sent: 'أُرسل',
  'already-sent': 'أُرسل سابقًا',
  'awaiting-customer': 'بانتظار العميل',
  'below-threshold': 'دون الحد',
  cap: 'الحد الأقصى للإرسال',
  'channel-not-ours': 'قناة أخرى',
  'channel-unavailable': 'القناة غير متاحة',
  forgotten: 'عميل محذوف',
  'no-channel': 'لا توجد قناة',
  'no-marketing-consent': 'لا موافقة تسويقية',
  'opted-out': 'ألغى الاشتراك',
  'quiet-hours': 'ساعات الهدوء',
  stale: 'منتهي الصلاحية',
  'survey-throttle': 'حد الاستبيانات',
  'unknown-customer': 'عميل غير معروف',
  'unknown-rule': 'قاعدة غير معروفة',
  'order-delivered': 'سُلّم الطلب',
  'order-cancelled': 'أُلغي الطلب',
  cancelled: 'أُلغي',
  damaged: 'تالف',
  defective: 'معيب',
  'wrong-item': 'منتج خاطئ',
  'not-as-described': 'غير مطابق للوصف',
  'size-or-fit': 'المقاس غير مناسب',
  'changed-mind': 'تغيير الرأي',
  'late-delivery': 'تأخر التسليم',
  other: 'أخرى',
  email: 'البريد الإلكتروني',
  sms: 'رسالة نصية',
  webhook: 'خطاف ويب',
  chat: 'محادثة',
  phone: 'هاتف',
  log: 'السجل',
  retention: 'الاحتفاظ بالعملاء',
  loyalty: 'الولاء',
  support: 'الدعم',
  ops_order_status: 'حالة الطلبات',
  ops_cases: 'حالات الإرجاع والإصلاح',
  ops_customer_timeline: 'سجل العميل',
  running: 'قيد التشغيل',
  stopped: 'متوقف',
  rebuilding: 'قيد إعادة البناء',
  standby: 'في الاستعداد',
  ShipmentDelayed: 'تأخر الشحن',
  OrderDelivered: 'تسليم الطلب',
  OrderCancelled: 'إلغاء الطلب',
  OrderPlaced: 'تقديم الطلب',
  FeedbackSubmitted: 'إرسال التقييم',
  ReturnRequested: 'طلب الإرجاع',
  CaseReopened: 'إعادة فتح الحالة',
};

const termsFor: Readonly<Record<Lang, Terms>> = { en: {}, fa, ar };

/**
 * A code as the page's language shows it. `cancelled:EventType` (a reminder an event made moot)
 * reads as "cancelled: <the event>".
 */
export function termIn(lang: Lang, code: string): string {
  const terms = termsFor[lang];
  const known = terms[code];
  if (known !== undefined) return known;
  const cancelled = /^cancelled:(.+)$/.exec(code);
  if (cancelled?.[1] && lang !== 'en') return `${terms.cancelled}: ${termIn(lang, cancelled[1])}`;
  return code;
}

/** "Quarter to date": the headline quarter is not over yet. */
export const quarterToDate: Readonly<Record<Lang, string>> = {
  en: 'quarter to date',
  fa: 'تا امروز (فصل تمام نشده)',
  ar: 'حتى اليوم (الربع لم ينتهِ)',
};
