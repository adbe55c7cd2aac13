/** The job queue's and webhooks' settings in loadConfig (docs/configuration.md). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from './config.js';

describe('loadConfig: jobs and webhooks', () => {
  it('defaults: a worker in the server, 2 jobs at once, 30 s leases, 1 s polls; webhooks public only', () => {
    const config = loadConfig({}, { cwd: '/srv' });
    expect(config.jobs).toEqual({ inServer: true, concurrency: 2, leaseSeconds: 30, pollMs: 1000 });
    expect(config.webhookAllowPrivateNetwork).toBe(false);
    expect(redactConfig(config)).toMatchObject({ jobs: config.jobs, webhookAllowPrivateNetwork: false });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      CAIRN_JOBS_IN_SERVER: 'off',
      CAIRN_JOB_CONCURRENCY: '8',
      CAIRN_JOB_LEASE_SECONDS: '5',
      CAIRN_JOB_POLL_MS: '50',
      CAIRN_WEBHOOK_ALLOW_PRIVATE_NETWORK: 'on',
    });
    expect(config.jobs).toEqual({ inServer: false, concurrency: 8, leaseSeconds: 5, pollMs: 50 });
    expect(config.webhookAllowPrivateNetwork).toBe(true);
    expect(Object.isFrozen(config.jobs)).toBe(true);
  });

  it('lists every bad value at once', () => {
    const error = (() => {
      try {
        loadConfig({
          CAIRN_JOBS_IN_SERVER: 'sometimes',
          CAIRN_JOB_CONCURRENCY: '0',
          CAIRN_JOB_LEASE_SECONDS: 'long',
          CAIRN_JOB_POLL_MS: '5',
          CAIRN_WEBHOOK_ALLOW_PRIVATE_NETWORK: 'yes please',
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'CAIRN_JOBS_IN_SERVER',
      'CAIRN_JOB_CONCURRENCY must be a whole number from 1 to 64',
      'CAIRN_JOB_LEASE_SECONDS',
      'CAIRN_JOB_POLL_MS must be a whole number from 10 to 60000',
      'CAIRN_WEBHOOK_ALLOW_PRIVATE_NETWORK',
    ]) {
      expect(problems).toContain(name);
    }
  });
});
