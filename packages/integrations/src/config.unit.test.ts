import { describe, expect, it } from 'vitest';
import { IntegrationsConfigError, integrationsConfigFromEnv } from './config';

describe('integrationsConfigFromEnv: INTEGRATIONS_POOL_SIZE', () => {
  it('defaults the pool to 6 connections', () => {
    expect(integrationsConfigFromEnv({}).poolSize).toBe(6);
  });

  it('takes a pool size from the environment', () => {
    expect(integrationsConfigFromEnv({ INTEGRATIONS_POOL_SIZE: '3' }).poolSize).toBe(3);
  });

  it.each(['0', '-2', '2.5', 'many'])('refuses %s, naming the variable', (value) => {
    const read = () => integrationsConfigFromEnv({ INTEGRATIONS_POOL_SIZE: value });
    expect(read).toThrow(IntegrationsConfigError);
    expect(read).toThrow(/INTEGRATIONS_POOL_SIZE/);
  });
});
