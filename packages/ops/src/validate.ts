import { badInput } from './errors';
import { checkTypes, type ExportQuery, type TimeAxis } from './export/export';
import { parseInstant, parseRange } from './instants';

/**
 * Input checks shared by the CLI and the HTTP routes. They run before anything connects or
 * changes, so bad input fails fast and leaves no trace.
 */
const ID = /^[^\s\p{Cc}]{1,200}$/u;
const STREAM_ID = /^[^\s\p{Cc}]{1,500}$/u;

export function requireCustomerId(customerId: string): string {
  if (!ID.test(customerId))
    throw badInput('bad-customer-id', `"${customerId}" is not a valid customer id`, { customerId });
  return customerId;
}

export function requireStreamId(streamId: string): string {
  if (!STREAM_ID.test(streamId))
    throw badInput('bad-stream-id', `"${streamId}" is not a valid stream id`, { streamId });
  return streamId;
}

export function requireAxis(value: string | undefined, fallback: TimeAxis): TimeAxis {
  const axis = value ?? fallback;
  if (axis !== 'business' && axis !== 'recorded') {
    throw badInput('bad-time-axis', `--by must be business or recorded, not "${axis}"`, { by: axis });
  }
  return axis;
}

export type TimelineInput = Readonly<{ customerId: string; asOf: string; by: TimeAxis }>;

export function validateTimeline(
  input: Readonly<{ customerId: string; asOf?: string; by?: string }>,
): TimelineInput {
  if (input.asOf === undefined) throw badInput('missing-as-of', '--as-of <instant> is required');
  return {
    customerId: requireCustomerId(input.customerId),
    asOf: parseInstant(input.asOf, '--as-of'),
    by: requireAxis(input.by, 'business'),
  };
}

export function validateExport(
  input: Readonly<{ from?: string; to?: string; types?: readonly string[]; by?: string }>,
): ExportQuery {
  if (input.from === undefined || input.to === undefined) {
    throw badInput('missing-range', '--from <instant> and --to <instant> are both required');
  }
  const { from, to } = parseRange(input.from, input.to);
  const types = input.types && input.types.length > 0 ? [...new Set(input.types)] : undefined;
  if (types) checkTypes(types);
  return { from, to, by: requireAxis(input.by, 'recorded'), ...(types ? { types } : {}) };
}
