import { describe, expect, it } from 'vitest';
import { silentLog } from '../test/support';
import { configFromEnv, NotifierConfigError } from './config';

const embedded = { logChannels: 'allowed' } as const;

describe('notifier configuration: retention and stream limits', () => {
  it('defaults: the stream keeps 168 h and 1 GiB, dedupe records 192 h, decisions 400 days', () => {
    const config = configFromEnv({}, silentLog, embedded);
    expect(config.names).toMatchObject({ maxAgeMs: 168 * 3_600_000, maxBytes: 1024 ** 3 });
    expect(config.retention).toEqual({ processedEventsHours: 192, decisionsDays: 400, deadLettersDays: 30 });
  });

  it('takes the variables, and refuses dedupe records that would not outlive the stream', () => {
    const config = configFromEnv(
      {
        NOTIFIER_STREAM_MAX_AGE_HOURS: '24',
        NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS: '48',
        NOTIFIER_DECISIONS_RETENTION_DAYS: '90',
        NOTIFIER_DEAD_LETTER_RETENTION_DAYS: '7',
      },
      silentLog,
      embedded,
    );
    expect(config.names.maxAgeMs).toBe(24 * 3_600_000);
    expect(config.retention).toEqual({ processedEventsHours: 48, decisionsDays: 90, deadLettersDays: 7 });
    const tooShort = () =>
      configFromEnv(
        { NOTIFIER_STREAM_MAX_AGE_HOURS: '168', NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS: '100' },
        silentLog,
        embedded,
      );
    expect(tooShort).toThrow(NotifierConfigError);
    expect(tooShort).toThrow(/NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS/);
    expect(() => configFromEnv({ NOTIFIER_DECISIONS_RETENTION_DAYS: '0' }, silentLog, embedded)).toThrow(
      /NOTIFIER_DECISIONS_RETENTION_DAYS/,
    );
  });
});
