import { describe, expect, it } from 'vitest';
import { parseOptions, planFaults, profiles } from './options';

describe('chaos options', () => {
  it('runs the quick profile by default, and the full profile has 20 or more faults', () => {
    expect(parseOptions([]).profile.name).toBe('quick');
    expect(profiles.full.faults.length).toBeGreaterThanOrEqual(20);
  });

  it('takes the faults from --faults, `+` joining kinds injected at once', () => {
    const { profile } = parseOptions(['--profile', 'full', '--faults', 'kill-api,pg-crash+nats-kill']);
    expect(profile.faults).toEqual([['kill-api'], ['pg-crash', 'nats-kill']]);
    expect(() => parseOptions(['--faults', 'unplug-the-machine'])).toThrow(/unknown fault/);
    expect(() => parseOptions(['--profile', 'huge'])).toThrow(/unknown profile/);
  });

  it('draws the same outage lengths from the same seed, within the profile bounds', () => {
    const first = planFaults(profiles.full, 7);
    expect(planFaults(profiles.full, 7)).toEqual(first);
    for (const plan of first) {
      expect(plan.outageMs).toBeGreaterThanOrEqual(10_000);
      expect(plan.outageMs).toBeLessThanOrEqual(30_000);
    }
  });
});
