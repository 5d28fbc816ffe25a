import { describe, expect, it } from 'vitest';
import { ProjectionsConfigError, projectionsConfigFromEnv } from './config';

describe('projectionsConfigFromEnv', () => {
  it('has the documented defaults: port 3001, level info, 4 connections per projection', () => {
    expect(projectionsConfigFromEnv(3, {})).toEqual({ port: 3001, logLevel: 'info', poolSize: 12 });
  });

  it('takes every setting from the environment', () => {
    expect(
      projectionsConfigFromEnv(3, {
        PORT: '0',
        LOG_LEVEL: 'warn',
        PROJECTIONS_POOL_SIZE: '5',
        PROJECTIONS_DEAD_LETTER_RETENTION_DAYS: '7',
      }),
    ).toEqual({ port: 0, logLevel: 'warn', poolSize: 5, deadLetterRetentionDays: 7 });
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['PROJECTIONS_POOL_SIZE', '0'],
    ['PROJECTIONS_DEAD_LETTER_RETENTION_DAYS', '1.5'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    const read = () => projectionsConfigFromEnv(3, { [name]: value });
    expect(read).toThrow(ProjectionsConfigError);
    expect(read).toThrow(new RegExp(`\\b${name}:`));
  });
});
