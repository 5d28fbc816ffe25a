import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultKind, type FaultPlan } from './faults';

/**
 * `pnpm chaos [--profile quick|full] [--seed N] [--faults a,b+c] [--keep]`.
 * A profile is the list of faults in order, the workload's width and the outage lengths.
 * `--faults` replaces the profile's list: comma-separated faults, `+` joins kinds injected at once.
 */
export type Profile = Readonly<{
  name: 'quick' | 'full';
  workers: number;
  warmUpMs: number;
  /** Workload time after each fault is over, before the next. */
  settleMs: number;
  /** Outage length of a database or NATS fault: [min, max]. */
  outageMs: readonly [number, number];
  spikeMs: number;
  faults: readonly (readonly FaultKind[])[];
}>;

export const profiles: Readonly<Record<Profile['name'], Profile>> = {
  quick: {
    name: 'quick',
    workers: 6,
    warmUpMs: 4_000,
    settleMs: 2_000,
    outageMs: [5_000, 5_000],
    spikeMs: 5_000,
    // Every kind of fault once, the kills paired, within about 3 minutes.
    faults: [
      ['kill-api', 'kill-projections'],
      ['kill-relay', 'kill-notifier'],
      ['nats-kill'],
      ['pg-stop'],
      ['pg-crash'],
      ['spike'],
    ],
  },
  full: {
    name: 'full',
    workers: 8,
    warmUpMs: 5_000,
    settleMs: 4_000,
    outageMs: [10_000, 30_000],
    spikeMs: 10_000,
    faults: [
      ['kill-api'],
      ['kill-projections'],
      ['kill-relay'],
      ['kill-notifier'],
      ['pg-stop'],
      ['nats-kill'],
      ['pg-crash'],
      ['spike'],
      ['kill-api', 'kill-projections'],
      ['kill-api'],
      ['pg-crash', 'kill-notifier'],
      ['kill-projections'],
      ['nats-kill', 'kill-relay', 'kill-api'],
      ['kill-relay'],
      ['pg-stop', 'nats-kill'],
      ['kill-notifier'],
      ['spike', 'kill-projections'],
      ['pg-crash'],
      ['nats-kill'],
      ['pg-stop'],
      ['spike'],
    ],
  },
};

export type Options = Readonly<{ profile: Profile; seed: number; keep: boolean }>;

/** A small seeded generator (mulberry32): the same seed gives the same outage lengths. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      profile: { type: 'string', default: 'quick' },
      seed: { type: 'string' },
      faults: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const base = profiles[values.profile as Profile['name']];
  if (!base) throw new Error(`unknown profile '${values.profile}' (quick or full)`);
  const seed = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, not '${values.seed}'`);
  let faults = base.faults;
  if (values.faults !== undefined) {
    faults = values.faults.split(',').map((group) =>
      group.split('+').map((kind) => {
        if (!FAULT_KINDS.includes(kind as FaultKind)) {
          throw new Error(`unknown fault '${kind}'; known: ${FAULT_KINDS.join(', ')}`);
        }
        return kind as FaultKind;
      }),
    );
  }
  return { profile: { ...base, faults }, seed, keep: values.keep };
}

/** The run's faults with their outage lengths, drawn from the seed. */
export function planFaults(profile: Profile, seed: number): FaultPlan[] {
  const random = seededRandom(seed);
  const [min, max] = profile.outageMs;
  return profile.faults.map((kinds) => ({
    kinds,
    outageMs: Math.round(min + (max - min) * random()),
    spikeMs: profile.spikeMs,
  }));
}
