import { uniqueId } from '../../../test/support';

/** Request bodies with fresh ids, so every test writes its own streams. */
export const ids = () => ({
  customerId: uniqueId('cus-'),
  orderId: uniqueId('ord-'),
  returnId: uniqueId('ret-'),
  repairId: uniqueId('rep-'),
  feedbackId: uniqueId('fb-'),
  shipmentId: uniqueId('shp-'),
});

export const registerBody = (customerId: string) => ({
  customerId,
  name: 'Shirin Ahmadi',
  email: 'shirin@example.com',
  phone: '+98 21 1234 5678',
  language: 'fa',
  timezone: 'Asia/Tehran',
  consents: {
    email: { transactional: true, marketing: true },
    sms: { transactional: true, marketing: false },
  },
});

/** Line 1: a kettle with 24 months of warranty; line 2: two mugs without. */
export const placeBody = (orderId: string, customerId: string, occurredAt: string) => ({
  orderId,
  customerId,
  currency: 'EUR',
  lines: [
    {
      sku: 'KET-200',
      name: 'Electric kettle',
      category: 'kitchen',
      qty: 1,
      unitPrice: 49_99,
      warrantyMonths: 24,
    },
    { sku: 'MUG-011', name: 'Mug', category: 'kitchen', qty: 2, unitPrice: 8_99, warrantyMonths: 0 },
  ],
  occurredAt,
});
