// Read models fed by the projection runner. The package entry re-exports these.
import type { Projection } from '../runner/projection';
import { loyaltyProjection } from './loyalty/projection';
import { retentionProjection } from './retention/projection';
import { supportProjection } from './support/projection';

export type { LoyaltyProjectionOptions } from './loyalty/projection';
export { createLoyaltyProjection, loyaltyProjection } from './loyalty/projection';
export { retentionProjection } from './retention/projection';
export { supportProjection } from './support/projection';

/** The loyalty, retention and support read models, in the order they are set up. */
export const allReadModels: readonly Projection[] = [
  loyaltyProjection,
  retentionProjection,
  supportProjection,
];
