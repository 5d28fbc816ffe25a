import { CAUSED_EVENT_NAMESPACE, causedEventName } from '@aftersales/domain';
import { v5 as uuidv5 } from 'uuid';

/**
 * The id of the `index`-th event caused by `sourceEventId` (uuid v5 in the domain's one
 * namespace): deterministic, so a follow-up repeated by any writer appends nothing new.
 */
export const causedEventId = (sourceEventId: string, index: number): string =>
  uuidv5(causedEventName(sourceEventId, index), CAUSED_EVENT_NAMESPACE);
