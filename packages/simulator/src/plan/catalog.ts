import type { Language } from '@aftersales/domain';

/** What the simulated shop sells. Prices in US cents; each region's currency is derived below. */
export type Product = Readonly<{
  sku: string;
  name: string;
  category: string;
  priceUsdCents: number;
  warrantyMonths: number;
  /** Serial numbers are recorded for these when a repair is requested. */
  serialised: boolean;
}>;

const product = (
  sku: string,
  name: string,
  category: string,
  priceUsdCents: number,
  warrantyMonths: number,
  serialised = false,
): Product => ({ sku, name, category, priceUsdCents, warrantyMonths, serialised });

export const catalog: readonly Product[] = [
  product('PHN-A15', 'Smartphone A15 128 GB', 'electronics', 39_900, 24, true),
  product('PHN-X9P', 'Smartphone X9 Pro 256 GB', 'electronics', 89_900, 24, true),
  product('LAP-14S', 'Laptop 14" Slim', 'electronics', 119_900, 24, true),
  product('TAB-10W', 'Tablet 10" Wi-Fi', 'electronics', 32_900, 12, true),
  product('HDP-NC7', 'Noise-cancelling headphones', 'electronics', 19_900, 12, true),
  product('EAR-BT3', 'Wireless earbuds', 'electronics', 7_900, 12, true),
  product('WCH-S2', 'Smartwatch S2', 'electronics', 24_900, 12, true),
  product('CHG-65W', '65 W USB-C charger', 'accessories', 2_900, 6),
  product('CBL-USC', 'USB-C cable 2 m', 'accessories', 1_200, 0),
  product('CSE-A15', 'Phone case A15', 'accessories', 1_900, 0),
  product('KET-200', 'Electric kettle 1.7 l', 'appliances', 4_999, 24, true),
  product('BLN-900', 'Blender 900 W', 'appliances', 8_900, 24, true),
  product('CFM-ESP', 'Espresso machine', 'appliances', 29_900, 24, true),
  product('VAC-RB2', 'Robot vacuum', 'appliances', 34_900, 24, true),
  product('AIR-F55', 'Air fryer 5.5 l', 'appliances', 11_900, 24, true),
  product('LMP-DSK', 'Desk lamp', 'home', 3_900, 12),
  product('TWL-SET', 'Towel set', 'home', 2_900, 0),
  product('PAN-28C', 'Frying pan 28 cm', 'home', 4_500, 12),
  product('TSH-BAS', 'Cotton T-shirt', 'apparel', 1_900, 0),
  product('JKT-RAN', 'Rain jacket', 'apparel', 8_900, 0),
  product('SNK-RUN', 'Running shoes', 'apparel', 11_900, 0),
  product('DRS-SUM', 'Summer dress', 'apparel', 5_900, 0),
  product('BKS-NOV', 'Novel, hardcover', 'books', 2_400, 0),
  product('TOY-BLK', 'Building blocks set', 'toys', 4_900, 0),
  product('SPT-YGM', 'Yoga mat', 'sports', 2_900, 6),
  product('SPT-BIK', 'Bike helmet', 'sports', 6_900, 6),
];

/** Share of delivered lines that come back, by category (apparel most, books least). */
export const returnRateByCategory: Readonly<Record<string, number>> = {
  electronics: 0.07,
  accessories: 0.05,
  appliances: 0.06,
  home: 0.05,
  apparel: 0.22,
  books: 0.02,
  toys: 0.04,
  sports: 0.06,
};

/** Monthly chance that a warranted item breaks, by category. */
export const failureRatePerMonth: Readonly<Record<string, number>> = {
  electronics: 0.014,
  appliances: 0.012,
  accessories: 0.006,
  home: 0.003,
  sports: 0.004,
};

export type Region = Readonly<{
  language: Language;
  timezone: string;
  currency: string;
  /** Units of `currency` per US dollar (rounded shelf prices, not a live rate). */
  perUsd: number;
  phonePrefix: string;
  names: readonly (readonly [native: string, latin: string])[];
  /** Typical door-to-door days for a shipment to this region. */
  transitDays: readonly [min: number, max: number];
  carriers: readonly string[];
  /** Shelf prices are whole multiples of this many minor units (default: a .99-style ending). */
  priceStepMinor?: number;
}>;

export const regions: readonly (readonly [Region, number])[] = [
  [
    {
      language: 'fa',
      timezone: 'Asia/Tehran',
      currency: 'USD',
      perUsd: 1,
      phonePrefix: '+98 912',
      names: [
        ['شیرین احمدی', 'shirin.ahmadi'],
        ['علی رضایی', 'ali.rezaei'],
        ['مریم حسینی', 'maryam.hosseini'],
        ['رضا کریمی', 'reza.karimi'],
        ['زهرا موسوی', 'zahra.mousavi'],
        ['امیر جعفری', 'amir.jafari'],
        ['نرگس صادقی', 'narges.sadeghi'],
        ['حسین محمدی', 'hossein.mohammadi'],
      ],
      transitDays: [4, 9],
      carriers: ['Post of Iran', 'Tipax', 'DHL'],
    },
    30,
  ],
  [
    {
      language: 'ar',
      timezone: 'Asia/Riyadh',
      currency: 'SAR',
      perUsd: 3.75,
      phonePrefix: '+966 55',
      names: [
        ['فاطمة العتيبي', 'fatima.alotaibi'],
        ['محمد القحطاني', 'mohammed.alqahtani'],
        ['نورة الشهري', 'noura.alshehri'],
        ['عبدالله الحربي', 'abdullah.alharbi'],
        ['سارة الدوسري', 'sara.aldosari'],
      ],
      transitDays: [2, 6],
      carriers: ['SMSA', 'Aramex', 'DHL'],
    },
    18,
  ],
  [
    {
      language: 'ar',
      timezone: 'Asia/Dubai',
      currency: 'AED',
      perUsd: 3.67,
      phonePrefix: '+971 50',
      names: [
        ['مريم المنصوري', 'mariam.almansoori'],
        ['خالد الكعبي', 'khalid.alkaabi'],
        ['عائشة الهاشمي', 'aisha.alhashmi'],
        ['سعيد المهيري', 'saeed.almheiri'],
      ],
      transitDays: [1, 4],
      carriers: ['Aramex', 'Emirates Post', 'DHL'],
    },
    12,
  ],
  [
    {
      language: 'en',
      timezone: 'Europe/London',
      currency: 'GBP',
      perUsd: 0.79,
      phonePrefix: '+44 7700 900',
      names: [
        ['Olivia Smith', 'olivia.smith'],
        ['Harry Jones', 'harry.jones'],
        ['Amelia Taylor', 'amelia.taylor'],
        ['George Brown', 'george.brown'],
        ['Isla Wilson', 'isla.wilson'],
      ],
      transitDays: [1, 4],
      carriers: ['Royal Mail', 'DPD', 'Evri'],
    },
    22,
  ],
  [
    {
      language: 'en',
      timezone: 'America/New_York',
      currency: 'USD',
      perUsd: 1,
      phonePrefix: '+1 212 555 01',
      names: [
        ['Emma Johnson', 'emma.johnson'],
        ['Liam Williams', 'liam.williams'],
        ['Ava Miller', 'ava.miller'],
        ['Noah Davis', 'noah.davis'],
        ['Sophia Garcia', 'sophia.garcia'],
      ],
      transitDays: [2, 6],
      carriers: ['UPS', 'FedEx', 'USPS'],
    },
    18,
  ],
];

/** Shelf price in the region's minor units, rounded to a .90/.99-style ending (or to its step). */
export function localPrice(item: Product, region: Region): number {
  const raw = Math.round(item.priceUsdCents * region.perUsd);
  const step = region.priceStepMinor;
  if (step !== undefined) return Math.max(step, Math.round(raw / step) * step);
  return Math.max(99, Math.round(raw / 100) * 100 - 1);
}

/**
 * Shops of one currency (`pnpm simulate --currency IRR`): every customer in that region.
 * IRR: an Iranian shop pricing in rials at about 1,000,000 rials to the dollar (shelf prices,
 * not a live rate), rounded to 10,000 rials (1,000 tomans): a 20-dollar item costs 20,000,000
 * rials, i.e. 2,000,000,000 minor units (the ISO 4217 exponent of IRR is 2).
 */
const tehran = regions.find(([region]) => region.timezone === 'Asia/Tehran')?.[0];
if (!tehran) throw new Error('the catalog has no Tehran region');

export const singleCurrencyShops: Readonly<Record<string, Region>> = {
  IRR: {
    ...tehran,
    currency: 'IRR',
    perUsd: 1_000_000,
    priceStepMinor: 1_000_000,
  },
};

/** The regions customers come from: every one by weight, or the one shop of `currency`. */
export function regionsFor(currency: string | undefined): readonly (readonly [Region, number])[] {
  if (currency === undefined) return regions;
  const shop = singleCurrencyShops[currency];
  if (!shop) {
    throw new RangeError(
      `no simulated shop sells in ${currency} (shops: ${Object.keys(singleCurrencyShops).join(', ')})`,
    );
  }
  return [[shop, 1]];
}

/** A reason code (DESIGN.md) and, now and then, the customer's own words. */
export const returnReasons = [
  { reason: 'size-or-fit', reasonText: 'does not fit' },
  { reason: 'changed-mind' },
  { reason: 'damaged', reasonText: 'arrived damaged' },
  { reason: 'not-as-described' },
  { reason: 'wrong-item', reasonText: 'wrong item sent' },
  { reason: 'other', reasonText: 'better price elsewhere' },
  { reason: 'defective', reasonText: 'defective on arrival' },
  { reason: 'late-delivery' },
] as const;

export const delayReasons = [
  'weather at the hub',
  'customs inspection',
  'carrier capacity',
  'address needed confirmation',
  'sorting centre backlog',
];

export const repairIssues = [
  'does not power on',
  'battery drains quickly',
  'screen flickers',
  'stopped heating',
  'makes a grinding noise',
  'charging port loose',
  'buttons unresponsive',
];

export const comments: Readonly<Record<Language, readonly (readonly [string, number])[]>> = {
  en: [
    ['Fast delivery, great packaging.', 5],
    ['Works as expected, thank you.', 4],
    ['Took longer than promised.', 2],
    ['Support was helpful and quick.', 5],
    ['The item was fine but the box was crushed.', 3],
    ['Very disappointed, nobody answered my emails.', 1],
  ],
  fa: [
    ['ارسال سریع و بسته‌بندی عالی بود.', 5],
    ['کیفیت خوب بود، ممنون.', 4],
    ['دیرتر از زمان وعده داده شده رسید.', 2],
    ['پشتیبانی خیلی کمک کرد.', 5],
    ['از خدمات پس از فروش راضی نبودم.', 1],
  ],
  ar: [
    ['توصيل سريع وتغليف ممتاز.', 5],
    ['المنتج جيد، شكراً لكم.', 4],
    ['تأخر الطلب عن الموعد المحدد.', 2],
    ['خدمة العملاء كانت متعاونة جداً.', 5],
    ['لم يتم حل مشكلتي.', 1],
  ],
};
