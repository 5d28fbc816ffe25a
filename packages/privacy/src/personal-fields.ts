/**
 * Which fields of which events are personal data, as data: adding a field (or a new event type
 * carrying personal data) is a change here, not in the encryption code. A path names a field
 * inside `data`; the owner is the customer whose key encrypts it.
 */
export type FieldPath = readonly string[];

export type PersonalFieldRule = Readonly<{
  /** Where the owning customer's id sits in `data`. */
  customerIdPath: FieldPath;
  fields: readonly FieldPath[];
}>;

export const personalFieldRules: Readonly<Record<string, PersonalFieldRule>> = {
  CustomerRegistered: {
    customerIdPath: ['customerId'],
    fields: [['name'], ['email'], ['phone']],
  },
  CustomerProfileChanged: {
    customerIdPath: ['customerId'],
    fields: [
      ['changes', 'name'],
      ['changes', 'email'],
      ['changes', 'phone'],
    ],
  },
  // What customers and agents write may name anyone and anything: the whole body is personal.
  CaseMessageAdded: {
    customerIdPath: ['customerId'],
    fields: [['body']],
  },
};

/** What a reader sees in a personal field once the customer has been forgotten. */
export const FORGOTTEN_MARKER = '[forgotten]';
/** What a reader sees in a personal field whose envelope fails authentication (altered). */
export const UNREADABLE_MARKER = '[unreadable]';

export function getPath(data: unknown, path: FieldPath): unknown {
  let node: unknown = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Returns a copy of `data` with each string at `paths` replaced by `transform(value, path)`;
 * absent and non-string fields are left as they are. The input is never mutated.
 */
export function mapPaths(
  data: unknown,
  paths: readonly FieldPath[],
  transform: (value: string, path: FieldPath) => string,
): unknown {
  if (data === null || typeof data !== 'object') return data;
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const path of paths) {
    const parentPath = path.slice(0, -1);
    const leaf = path[path.length - 1];
    const parent = parentPath.length === 0 ? copy : getPath(copy, parentPath);
    if (leaf === undefined || parent === null || typeof parent !== 'object') continue;
    const record = parent as Record<string, unknown>;
    const value = record[leaf];
    if (typeof value === 'string') record[leaf] = transform(value, path);
  }
  return copy;
}

/** The customer owning the personal fields of this event, or undefined if it carries none. */
export function personalDataOwner(type: string, data: unknown): string | undefined {
  const rule = personalFieldRules[type];
  if (!rule) return undefined;
  const owner = getPath(data, rule.customerIdPath);
  return typeof owner === 'string' ? owner : undefined;
}
