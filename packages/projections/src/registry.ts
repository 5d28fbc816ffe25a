import { customerLookupProjection } from './desk/customer-lookup';
import { opsProjections } from './operational';
import { allReadModels } from './read-models';
import type { Projection } from './runner/projection';

/** Every projection the system runs and `pnpm ops rebuild all` rebuilds. */
export const allProjections: readonly Projection[] = [
  ...allReadModels,
  ...opsProjections,
  customerLookupProjection,
];

export function projectionNamed(name: string): Projection | undefined {
  return allProjections.find((projection) => projection.name === name);
}
