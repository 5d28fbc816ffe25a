import type { Consents, OrderLine, RulesTimeline } from '@aftersales/domain';
import { catalog, delayReasons, localPrice, type Region, regions } from './catalog';
import type { Random } from './random';
import type { SimCommand, StoryItem } from './types';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

type Archetype = 'one-time' | 'occasional' | 'loyal';

/** Mean days between orders and mean active lifetime (then the customer churns), per archetype. */
const habits: Readonly<Record<Archetype, { gapDays: number; lifetimeDays: number }>> = {
  'one-time': { gapDays: 0, lifetimeDays: 0 },
  occasional: { gapDays: 110, lifetimeDays: 330 },
  loyal: { gapDays: 38, lifetimeDays: 560 },
};

export type StoryContext = Readonly<{
  rng: Random;
  runTag: string;
  index: number;
  fromMs: number;
  untilMs: number;
  rules: RulesTimeline;
  /** Where customers come from (default: every region of the catalog, by weight). */
  regions?: readonly (readonly [Region, number])[];
}>;

export type DeliveredOrder = Readonly<{
  orderId: string;
  deliveredAt: number;
  lines: readonly OrderLine[];
  currency: string;
  /** Late against the first promise, or delayed on the way: colours the feedback. */
  disappointing: boolean;
}>;

/**
 * One customer's history, written forward in business time: registration, consents, orders with
 * their shipping, and what happens after delivery (returns, repairs, feedback; see after-sales).
 * Nothing at or after `until` is written: orders in transit at the end stay open.
 */
export class Story {
  readonly items: StoryItem[] = [];
  readonly customerId: string;
  readonly region: Region;
  private counter = 0;

  constructor(readonly ctx: StoryContext) {
    this.customerId = `c-${ctx.runTag}-${String(ctx.index).padStart(5, '0')}`;
    this.region = ctx.rng.weighted(ctx.regions ?? regions);
  }

  get rng(): Random {
    return this.ctx.rng;
  }

  /** A fresh id for something this customer does (`o`rder, `r`eturn, `p`repair …). */
  id(prefix: string): string {
    return `${prefix}-${this.ctx.runTag}-${this.ctx.index}-${this.counter++}`;
  }

  /** Adds a command unless it falls after the end; answers whether it was added. */
  add(at: number, command: SimCommand, expectedRejection?: string): boolean {
    if (at >= this.ctx.untilMs) return false;
    const key = `${this.customerId}:${this.items.length}`;
    this.items.push(expectedRejection ? { at, key, command, expectedRejection } : { at, key, command });
    return true;
  }

  redeemAt(at: number, share: number, overdraw: boolean): void {
    if (at >= this.ctx.untilMs) return;
    const key = `${this.customerId}:${this.items.length}`;
    const redemptionId = this.id('x');
    this.items.push({ at, key, redemption: { customerId: this.customerId, redemptionId, share, overdraw } });
  }

  /** Registers the customer; returns when, or null when the customer arrives after the end. */
  register(): number {
    const { rng, fromMs, untilMs } = this.ctx;
    // The square root skews arrivals late in the window: a growing shop.
    const at = fromMs + (untilMs - fromMs) * 0.95 * Math.sqrt(rng.next());
    const [native, latin] = rng.pick(this.region.names);
    const n = this.ctx.index;
    const marketing = rng.chance(0.45);
    const consents: Consents = {
      email: { transactional: rng.chance(0.97), marketing },
      sms: { transactional: rng.chance(0.6), marketing: marketing && rng.chance(0.5) },
    };
    const phone = rng.chance(0.85)
      ? `${this.region.phonePrefix} ${String(rng.int(0, 9999)).padStart(4, '0')}`
      : undefined;
    this.add(at, {
      type: 'RegisterCustomer',
      data: {
        customerId: this.customerId,
        name: native,
        email: `${latin}.${n}@example.${rng.pick(['com', 'org', 'net'])}`,
        ...(phone ? { phone } : {}),
        language: this.region.language,
        timezone: this.region.timezone,
        consents,
      },
    });
    return at;
  }

  /** Later changes of mind: marketing consent toggled, a new e-mail address. */
  profileChanges(registeredAt: number): void {
    const { rng, untilMs } = this.ctx;
    if (rng.chance(0.12)) {
      const marketing = rng.chance(0.5);
      this.add(rng.between(registeredAt + DAY, untilMs), {
        type: 'SetConsents',
        data: {
          customerId: this.customerId,
          consents: {
            email: { transactional: true, marketing },
            sms: { transactional: rng.chance(0.7), marketing: false },
          },
        },
      });
    }
    if (rng.chance(0.04)) {
      this.add(rng.between(registeredAt + DAY, untilMs), {
        type: 'ChangeCustomerProfile',
        data: {
          customerId: this.customerId,
          changes: { email: `${this.customerId}.new@example.com` },
        },
      });
    }
  }

  /** When this customer orders: the first soon after registering, then by habit until churning. */
  orderTimes(registeredAt: number): number[] {
    const { rng, untilMs } = this.ctx;
    const archetype = rng.weighted<Archetype>([
      ['one-time', 40],
      ['occasional', 40],
      ['loyal', 20],
    ]);
    const first = registeredAt + rng.between(0.05, 8) * DAY;
    const times = [first];
    if (archetype === 'one-time') {
      // Some come back once, much later: win-back material.
      if (rng.chance(0.12)) times.push(first + rng.between(150, 400) * DAY);
      return times.filter((t) => t < untilMs);
    }
    const habit = habits[archetype];
    const activeUntil = first + rng.exponential(habit.lifetimeDays) * DAY;
    let t = first;
    for (;;) {
      t += (1 + rng.exponential(habit.gapDays)) * DAY;
      if (t >= activeUntil || t >= untilMs) break;
      times.push(t);
    }
    return times;
  }

  /** Places, ships, delays, delivers or cancels one order; returns it when it was delivered. */
  order(placedAt: number, firstOrder: boolean): DeliveredOrder | null {
    const { rng } = this;
    const orderId = this.id('o');
    if (!firstOrder && rng.chance(0.3))
      this.redeemAt(placedAt - 60_000, rng.between(0.5, 1), rng.chance(0.03));
    const lines = this.pickLines();
    const currency = this.region.currency;
    this.add(placedAt, {
      type: 'PlaceOrder',
      data: { orderId, customerId: this.customerId, currency, lines },
    });
    const withNumbers: OrderLine[] = lines.map((line, i) => ({ ...line, lineNo: i + 1 }));

    if (rng.chance(0.04)) {
      const reason = rng.pick(['customer changed their mind', 'payment failed', 'ordered twice by mistake']);
      this.add(placedAt + rng.between(0.5, 20) * HOUR, { type: 'CancelOrder', data: { orderId, reason } });
      return null;
    }
    const shippedAt = placedAt + rng.between(3, 48) * HOUR;
    const [minDays, maxDays] = this.region.transitDays;
    const promised = shippedAt + rng.int(minDays, maxDays) * DAY;
    const shipped = this.add(shippedAt, {
      type: 'ShipOrder',
      data: {
        orderId,
        shipmentId: this.id('s'),
        carrier: rng.pick(this.region.carriers),
        trackingNumber: `TRK${rng.int(100_000_000, 999_999_999)}`,
        estimatedDeliveryAt: new Date(promised).toISOString(),
      },
    });
    if (!shipped) return null;
    if (rng.chance(0.01)) {
      this.add(shippedAt + rng.between(0.2, 0.9) * (promised - shippedAt), {
        type: 'CancelOrder',
        data: { orderId, reason: 'refused at the door' },
      });
      return null;
    }

    let estimate = promised;
    let lastChange = shippedAt;
    let delayed = false;
    if (rng.chance(0.12)) {
      const delays = rng.chance(0.2) ? 2 : 1;
      for (let i = 0; i < delays; i++) {
        const at = lastChange + rng.between(0.2, 0.9) * (estimate - lastChange);
        const next = estimate + rng.int(1, 5) * DAY;
        const reason = rng.pick(delayReasons);
        const newEstimatedDeliveryAt = new Date(next).toISOString();
        if (!this.add(at, { type: 'DelayShipment', data: { orderId, newEstimatedDeliveryAt, reason } })) {
          return null;
        }
        estimate = next;
        lastChange = at;
        delayed = true;
      }
    }
    // Most arrive by the estimate; some are late without anyone saying so.
    const late = rng.chance(0.07);
    const deliveredAt = late
      ? estimate + rng.between(2 * HOUR, 3 * DAY)
      : lastChange + rng.between(0.55, 1) * (estimate - lastChange);
    if (!this.add(deliveredAt, { type: 'DeliverOrder', data: { orderId } })) return null;
    if (rng.chance(0.004)) {
      this.add(
        deliveredAt + rng.between(1, 5) * DAY,
        { type: 'CancelOrder', data: { orderId, reason: 'too late to cancel' } },
        'order-already-delivered',
      );
    }
    return { orderId, deliveredAt, lines: withNumbers, currency, disappointing: late || delayed };
  }

  private pickLines() {
    const { rng } = this;
    const count = rng.weighted([
      [1, 60],
      [2, 28],
      [3, 12],
    ]);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(rng.int(0, catalog.length - 1));
    return [...chosen].map((i) => {
      const item = catalog[i];
      if (!item) throw new RangeError(`no catalog item ${i}`);
      const unitPrice = localPrice(item, this.region);
      const qty =
        item.priceUsdCents < 3_000
          ? rng.weighted([
              [1, 70],
              [2, 22],
              [3, 8],
            ])
          : 1;
      const { sku, name, category, warrantyMonths } = item;
      return { sku, name, category, qty, unitPrice, warrantyMonths };
    });
  }
}
