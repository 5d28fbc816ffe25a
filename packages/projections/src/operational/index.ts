import type { Projection } from '../runner/projection';
import { casesProjection } from './cases';
import { customerTimelineProjection } from './customer-timeline';
import { orderStatusProjection } from './order-status';

export { casesProjection } from './cases';
export { customerTimelineProjection } from './customer-timeline';
export { orderStatusProjection } from './order-status';

/** The operations read models, in the order they are set up. */
export const opsProjections: readonly Projection[] = [
  orderStatusProjection,
  casesProjection,
  customerTimelineProjection,
];
