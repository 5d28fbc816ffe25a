import { describe, expect, it } from 'vitest';
import { LinkedAppendRefusedError, StoreUnavailableError } from '../errors';
import type { AppendResult } from '../port';
import { type AppendCall, AppendQueue, type BatchOutcome } from './append-queue';

const call = (streamId: string): AppendCall => ({
  streamId,
  expected: '-2',
  expectedRevision: 'any',
  eventIds: [`id-${streamId}`],
  types: ['T'],
  data: ['{}'],
  metadata: ['{}'],
});
const result = (n: number): AppendResult => ({ nextExpectedRevision: BigInt(n), lastPosition: BigInt(n) });

/**
 * The queue's bookkeeping with scripted transactions: the first call runs alone and is held until
 * released, so everything submitted meanwhile goes out together in the second transaction.
 */
function scripted(batchOutcome: (calls: readonly AppendCall[], links?: readonly number[]) => BatchOutcome[]) {
  const log: string[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let singles = 0;
  const queue = new AppendQueue({
    single: async (c) => {
      log.push(`single ${c.streamId}`);
      if (singles++ === 0) await held;
      return result(0);
    },
    batch: async (calls) => {
      log.push(`batch ${calls.map((c) => c.streamId).join(',')}`);
      return batchOutcome(calls);
    },
    batchLinked: async (calls, links) => {
      log.push(`linked ${calls.map((c) => c.streamId).join(',')} links ${links.join(',')}`);
      return batchOutcome(calls, links);
    },
    mapError: (err) => new StoreUnavailableError('unreachable', { cause: err }),
    onCommitted: () => undefined,
    maxInFlight: 1,
    maxBatchEvents: 100,
  });
  return { queue, log, release };
}

describe('AppendQueue with linked appends', () => {
  it('shares a transaction with plain appends; a link stands or falls whole, plain ones retry alone', async () => {
    // In the shared transaction: stream b (of the link b+c) and stream d (plain) fail.
    const { queue, log, release } = scripted((calls) =>
      calls.map((c, i) =>
        c.streamId === 'b' || c.streamId === 'd'
          ? { status: 'retry-alone' as const }
          : { status: 'appended' as const, result: result(i + 1) },
      ),
    );
    const first = queue.submit(call('a'));
    const linked = queue.submitLinked([call('b'), call('c')]);
    const other = queue.submitLinked([call('e'), call('f')]);
    const plain = queue.submit(call('d'));
    release();
    await first;
    await expect(linked).rejects.toBeInstanceOf(LinkedAppendRefusedError);
    await expect(other).resolves.toEqual([result(3), result(4)]);
    await expect(plain).resolves.toEqual(result(0));
    expect(log).toEqual(['single a', 'linked b,c,e,f,d links 1,1,2,2,0', 'single d']);
  });

  it('takes a link whose stream is already in the transaction into the next one', async () => {
    const { queue, log, release } = scripted((calls) =>
      calls.map((_, i) => ({ status: 'appended' as const, result: result(i) })),
    );
    const first = queue.submit(call('a'));
    const plain = queue.submit(call('b'));
    const linked = queue.submitLinked([call('c'), call('b')]);
    release();
    await Promise.all([first, plain, linked]);
    expect(log).toEqual(['single a', 'single b', 'linked c,b links 1,1']);
  });

  it('rejects a link with the mapped error when the shared transaction fails as a whole', async () => {
    const { queue, log, release } = scripted(() => {
      throw new Error('connection terminated');
    });
    const first = queue.submit(call('a'));
    const linked = queue.submitLinked([call('b'), call('c')]);
    const plain = queue.submit(call('d'));
    release();
    await first;
    await expect(linked).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(plain).resolves.toEqual(result(0));
    expect(log).toEqual(['single a', 'linked b,c,d links 1,1,0', 'single d']);
  });
});
