// Read models fed by the projection runner. The package entry re-exports these.
export type { LoyaltyProjectionOptions } from './loyalty/projection';
export { createLoyaltyProjection, loyaltyProjection } from './loyalty/projection';
export { retentionProjection } from './retention/projection';
