import { WrongExpectedVersionError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { InvalidEventError, StoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import { mapEsdbError } from './esdb-errors';
import { matches, serverFilter } from './esdb-events';

const grpcError = (code: number, message: string) => Object.assign(new Error(message), { code });

describe('EventStoreDB error mapping', () => {
  it('maps a wrong expected version to our concurrency error with the actual revision', () => {
    const err = new WrongExpectedVersionError(undefined, {
      streamName: 'order-1',
      expected: 2n,
      current: 5n,
    });
    const mapped = mapEsdbError(err, { streamId: 'order-1', expected: 2n });
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({
      code: 'wrong-expected-revision',
      expected: 2n,
      actual: 5n,
      streamId: 'order-1',
    });
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'order-2',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(mapEsdbError(missing, { streamId: 'order-2', expected: 'stream_exists' })).toMatchObject({
      actual: 'no_stream',
    });
  });

  it('maps plain gRPC errors of an unreachable server (code 14) or a passed deadline (4) to StoreUnavailableError', () => {
    const refused = mapEsdbError(grpcError(14, '14 UNAVAILABLE: No connection established'));
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect(refused).toMatchObject({ code: 'store-unavailable' });
    expect(mapEsdbError(grpcError(4, '4 DEADLINE_EXCEEDED: Deadline exceeded'))).toBeInstanceOf(
      StoreUnavailableError,
    );
  });

  it('passes unknown errors through untouched', () => {
    const other = grpcError(3, 'invalid argument');
    expect(mapEsdbError(other)).toBe(other);
    expect(mapEsdbError('text')).toBe('text');
    expect(mapEsdbError(new InvalidEventError('bad'))).toBeInstanceOf(InvalidEventError);
  });
});

describe('EventStoreDB filters', () => {
  it('filters on the server by stream prefix, else by exact event type, else excludes system events', () => {
    expect(serverFilter({ streamPrefixes: ['order-'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['order-'],
    });
    expect(serverFilter({ eventTypes: ['Order.Placed', 'Shipped'] })).toMatchObject({
      filterOn: 'eventType',
      regex: '^(?:Order\\.Placed|Shipped)$',
    });
    expect(serverFilter()).toMatchObject({ filterOn: 'eventType' });
  });

  it('re-checks both filters on our side and drops system events', () => {
    const filter = { streamPrefixes: ['order-'], eventTypes: ['Placed'] };
    expect(matches({ streamId: 'order-1', type: 'Placed' }, filter)).toBe(true);
    expect(matches({ streamId: 'order-1', type: 'Shipped' }, filter)).toBe(false);
    expect(matches({ streamId: '$stats-1', type: '$statsCollected' })).toBe(false);
  });
});
