import { describe, expect, it } from 'vitest';
import { judgeHealth, type ProjectionStatus } from './status';

const now = new Date('2026-03-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const status = (overrides: Partial<ProjectionStatus>): ProjectionStatus => ({
  name: 'p',
  version: 1,
  schemaName: 'rm_p',
  position: 100n,
  state: 'running',
  lastError: null,
  lastEventAt: ago(5),
  lastProcessedAt: ago(5),
  positionChangedAt: ago(5),
  headPosition: 100n,
  lagEvents: 0,
  lagSeconds: 0,
  heartbeatAt: ago(1),
  activeRunner: 'host:1:runner',
  ...overrides,
});

describe('projection health', () => {
  it('is healthy when caught up with a fresh heartbeat, even if the checkpoint is old', () => {
    const health = judgeHealth([status({ positionChangedAt: ago(3600) })], { now });
    expect(health.healthy).toBe(true);
  });

  it('is unhealthy when lag in seconds exceeds the threshold', () => {
    const health = judgeHealth([status({ lagSeconds: 90, lagEvents: 3, headPosition: 103n })], {
      now,
      maxLagSeconds: 60,
    });
    expect(health.healthy).toBe(false);
    expect(health.projections[0]?.problems.join()).toContain('lag 90.0 s');
  });

  it('catches a stale high-water mark: head moved, events pending, checkpoint still', () => {
    const stale = status({ headPosition: 140n, lagEvents: 40, lagSeconds: 10, positionChangedAt: ago(120) });
    const health = judgeHealth([stale], { now, maxLagSeconds: 600, stalledAfterSeconds: 30 });
    expect(health.healthy).toBe(false);
    expect(health.projections[0]?.problems.join()).toContain('has not moved for 120 s');
  });

  it('is unhealthy when no runner heartbeat arrives or the projection stopped', () => {
    const health = judgeHealth(
      [
        status({ name: 'silent', heartbeatAt: ago(300) }),
        status({ name: 'stopped', state: 'stopped', lastError: 'poison event at position 7' }),
      ],
      { now },
    );
    expect(health.projections.map((p) => [p.name, p.healthy])).toEqual([
      ['silent', false],
      ['stopped', false],
    ]);
    expect(health.projections[1]?.problems.join()).toContain('poison event at position 7');
  });

  it('is unhealthy while events wait on a standby or a stall', () => {
    const waiting = { headPosition: 103n, lagEvents: 3, lagSeconds: 2 };
    const health = judgeHealth(
      [
        status({ name: 'standby', state: 'standby', ...waiting }),
        status({
          name: 'stalled',
          state: 'stalled',
          lastError: 'the active one stopped reporting',
          ...waiting,
        }),
        status({ name: 'idle-standby', state: 'standby' }),
      ],
      { now },
    );
    expect(health.projections.map((p) => [p.name, p.healthy])).toEqual([
      ['standby', false],
      ['stalled', false],
      ['idle-standby', true],
    ]);
    expect(health.projections[0]?.problems.join()).toContain('3 event(s) pending and no runner applies them');
    expect(health.projections[1]?.problems.join()).toContain('stalled: the active one stopped reporting');
  });
});
