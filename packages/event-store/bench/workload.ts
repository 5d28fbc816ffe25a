import { randomUUID } from 'node:crypto';
import { newEventId } from '../src/event-id';
import type { NewEvent } from '../src/port';

/** A realistic event body (~250 bytes of JSON), the same for every store under test. */
export function orderEvent(index: number): NewEvent {
  return {
    type: 'OrderLineDelivered',
    data: {
      orderId: `o-${index}`,
      line: {
        sku: `SKU-${index % 997}`,
        name: 'Espresso machine',
        category: 'kitchen',
        qty: 1 + (index % 3),
      },
      unitPrice: { amount: 12_990 + (index % 100), currency: 'EUR' },
      warrantyMonths: 24,
    },
    metadata: {
      eventId: newEventId(),
      occurredAt: '2026-05-01T10:00:00.000Z',
      correlationId: randomUUID(),
      actor: 'bench',
      schemaVersion: 1,
    },
  };
}

/** Runs `total` operations over `workers` concurrent loops; returns operations per second. */
export async function throughput(
  total: number,
  workers: number,
  operation: (worker: number, index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let index = next++; index < total; index = next++) await operation(worker, index);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return total / seconds;
}

export async function timed(run: () => Promise<number>): Promise<number> {
  const started = process.hrtime.bigint();
  const count = await run();
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

export type Spread = Readonly<{ median: number; min: number; max: number; runs: readonly number[] }>;

/**
 * Runs a measurement `rounds` times, one after the other, and keeps the median: on a shared
 * machine (and a disk whose flush time varies) one run alone can be off by a factor of two.
 */
export async function repeated(rounds: number, measure: (round: number) => Promise<number>): Promise<Spread> {
  const runs: number[] = [];
  for (let round = 0; round < Math.max(1, rounds); round++) runs.push(await measure(round));
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs };
}

/** Peak resident memory of this process, sampled. */
export function watchPeakRss(): { peakMb: () => number; stop: () => void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    peakMb: () => Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1024 / 1024,
    stop: () => clearInterval(timer),
  };
}

export function parseFlags(argv: readonly string[]): Record<string, number> {
  const flags: Record<string, number> = {};
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag?.startsWith('--') && value !== undefined) {
      flags[flag.slice(2)] = Number(value.replaceAll('_', ''));
      index++;
    }
  }
  return flags;
}
