import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { ConfigError, type Environment, loadConfig, redactConfig } from './config.js';
import { isAppError } from './errors.js';

const CWD = '/srv/cairn';
const load = (env: Environment) => loadConfig(env, { cwd: CWD });

function problemsOf(env: Environment): readonly string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(isAppError(error, 'CONFIG_INVALID')).toBe(true);
    return (error as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the environment');
}

function errorOf(env: Environment): ConfigError {
  try {
    load(env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted the environment');
}

const HEX_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe('loadConfig', () => {
  test('defaults: a laptop with nothing set', () => {
    const config = load({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      dataDir: '/srv/cairn/data',
      database: { dialect: 'sqlite', file: '/srv/cairn/data/cairn.sqlite' },
      mailFrom: 'Cairn <no-reply@localhost>',
      logLevel: 'info',
      env: 'development',
      vcApi: true,
    });
    expect(config.masterKey).toBeUndefined();
    expect('masterKey' in config).toBe(false);
    expect('smtpUrl' in config).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  test('every variable set', () => {
    const config = load({
      CAIRN_PORT: '8080',
      CAIRN_HOST: '0.0.0.0',
      CAIRN_PUBLIC_URL: 'https://Badges.Example.org/cairn/',
      CAIRN_DATA_DIR: 'var/cairn',
      CAIRN_DATABASE_URL: 'postgresql://cairn:s3cret@db.internal:5432/cairn',
      CAIRN_MASTER_KEY: HEX_KEY,
      CAIRN_SMTP_URL: 'smtps://mailer:pw@smtp.example.org:465',
      CAIRN_MAIL_FROM: 'Example Badges <badges@example.org>',
      CAIRN_LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      CAIRN_VC_API: 'on',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'https://badges.example.org/cairn',
      dataDir: '/srv/cairn/var/cairn',
      database: { dialect: 'postgres', url: 'postgresql://cairn:s3cret@db.internal:5432/cairn' },
      smtpUrl: 'smtps://mailer:pw@smtp.example.org:465',
      mailFrom: 'Example Badges <badges@example.org>',
      logLevel: 'debug',
      env: 'production',
      vcApi: true,
    });
    expect(Buffer.from(config.masterKey ?? []).toString('hex')).toBe(HEX_KEY);
  });

  test('the database URL forms', () => {
    expect(load({ CAIRN_DATABASE_URL: 'sqlite::memory:' }).database).toEqual({
      dialect: 'sqlite',
      file: ':memory:',
    });
    expect(load({ CAIRN_DATABASE_URL: 'sqlite:./db/x.sqlite' }).database).toEqual({
      dialect: 'sqlite',
      file: '/srv/cairn/db/x.sqlite',
    });
    expect(load({ CAIRN_DATABASE_URL: 'sqlite:/var/lib/cairn.sqlite' }).database).toEqual({
      dialect: 'sqlite',
      file: '/var/lib/cairn.sqlite',
    });
    expect(load({ CAIRN_DATABASE_URL: 'sqlite:///var/lib/cairn.sqlite' }).database).toEqual({
      dialect: 'sqlite',
      file: '/var/lib/cairn.sqlite',
    });
    expect(load({ CAIRN_DATA_DIR: '/data', CAIRN_DATABASE_URL: '' }).database).toEqual({
      dialect: 'sqlite',
      file: '/data/cairn.sqlite',
    });
    expect(load({ CAIRN_DATABASE_URL: 'postgres://cairn@localhost/cairn' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgres://cairn@localhost/cairn',
    });
  });

  test('a master key in base64, standard or URL-safe, with or without padding', () => {
    const bytes = Buffer.from(HEX_KEY, 'hex');
    for (const text of [
      bytes.toString('base64'),
      bytes.toString('base64').replace(/=$/, ''),
      bytes.toString('base64url'),
    ]) {
      expect(Buffer.from(load({ CAIRN_MASTER_KEY: text }).masterKey ?? []).toString('hex')).toBe(HEX_KEY);
    }
  });

  test('the VC-API conformance endpoints: on in development and test, off in production unless turned on', () => {
    expect(load({}).vcApi).toBe(true);
    expect(load({ NODE_ENV: 'test' }).vcApi).toBe(true);
    expect(load({ NODE_ENV: 'production' }).vcApi).toBe(false);
    expect(load({ NODE_ENV: 'production', CAIRN_VC_API: 'on' }).vcApi).toBe(true);
    expect(load({ NODE_ENV: 'development', CAIRN_VC_API: 'off' }).vcApi).toBe(false);
    expect(load({ NODE_ENV: 'production', CAIRN_VC_API: '' }).vcApi).toBe(false);
    expect(problemsOf({ CAIRN_VC_API: 'maybe' })).toEqual(['CAIRN_VC_API must be on or off (got "maybe")']);
  });

  test('an empty variable counts as unset; port 0 asks for any free port', () => {
    expect(load({ CAIRN_PORT: '', CAIRN_PUBLIC_URL: ' ' }).port).toBe(3000);
    expect(load({ CAIRN_PORT: '0' }).port).toBe(0);
  });

  test('lists every problem at once, naming each variable', () => {
    const problems = problemsOf({
      CAIRN_PORT: '70000',
      CAIRN_HOST: 'not a host',
      CAIRN_PUBLIC_URL: 'ftp://example.org',
      CAIRN_DATABASE_URL: 'mysql://root@localhost/cairn',
      CAIRN_MASTER_KEY: 'too-short',
      CAIRN_SMTP_URL: 'http://mail.example.org',
      CAIRN_MAIL_FROM: 'no address here',
      CAIRN_LOG_LEVEL: 'verbose',
      NODE_ENV: 'staging',
      CAIRN_VC_API: 'sometimes',
    });
    const names = problems.map((problem) => problem.split(' ')[0]);
    expect(names).toEqual([
      'CAIRN_PORT',
      'CAIRN_HOST',
      'CAIRN_PUBLIC_URL',
      'CAIRN_DATABASE_URL',
      'CAIRN_MASTER_KEY',
      'CAIRN_SMTP_URL',
      'CAIRN_MAIL_FROM',
      'CAIRN_LOG_LEVEL',
      'NODE_ENV',
      'CAIRN_VC_API',
    ]);
    const error = errorOf({ CAIRN_PORT: 'abc', CAIRN_LOG_LEVEL: 'loud' });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.status).toBe(500);
    expect(error.message).toContain('CAIRN_PORT must be a port number from 0 to 65535 (got "abc")');
    expect(error.message).toContain(
      'CAIRN_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    );
  });

  test.each([
    ['not a URL', 'example.org'],
    ['a query', 'https://example.org/?a=1'],
    ['a fragment', 'https://example.org/#top'],
    ['credentials', 'https://user:pw@example.org'],
  ])('CAIRN_PUBLIC_URL with %s is refused', (_, value) => {
    expect(problemsOf({ CAIRN_PUBLIC_URL: value })).toEqual([expect.stringMatching(/^CAIRN_PUBLIC_URL /)]);
  });

  test.each([
    ['hex of 31 bytes', HEX_KEY.slice(2)],
    ['base64 of 33 bytes', Buffer.alloc(33, 7).toString('base64')],
    ['not an encoding', 'correct horse battery staple correct horse battery'],
  ])('CAIRN_MASTER_KEY as %s is refused', (_, value) => {
    expect(problemsOf({ CAIRN_MASTER_KEY: value })).toEqual([expect.stringMatching(/^CAIRN_MASTER_KEY /)]);
  });
});

describe('secrets stay out of errors and printed forms', () => {
  const password = 'Tr0ub4dor-and-3';
  const badKey = `${HEX_KEY.slice(0, 62)}zz`;
  const secrets = [password, encodeURIComponent(password), badKey, HEX_KEY, 'mail-secret-pw'];

  const expectNoSecret = (text: string) => {
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
    }
  };

  test('in a ConfigError, whatever is wrong', () => {
    const error = errorOf({
      CAIRN_DATABASE_URL: `postgres://cairn:${password}@db host with spaces/cairn`,
      CAIRN_MASTER_KEY: badKey,
      CAIRN_SMTP_URL: 'ftp://mailer:mail-secret-pw@smtp.example.org',
      CAIRN_PUBLIC_URL: `https://admin:${password}@example.org`,
      CAIRN_PORT: 'x',
    });
    expect(error.problems).toHaveLength(5);
    for (const text of [
      error.message,
      String(error),
      error.stack ?? '',
      inspect(error),
      JSON.stringify(error),
    ]) {
      expectNoSecret(text);
    }
  });

  test('in the configuration printed, inspected or serialized', () => {
    const config = load({
      CAIRN_DATABASE_URL: `postgres://cairn:${password}@db.internal/cairn?sslpassword=${password}`,
      CAIRN_MASTER_KEY: HEX_KEY,
      CAIRN_SMTP_URL: 'smtp://mailer:mail-secret-pw@smtp.example.org',
    });
    const keyBytes = Array.from(config.masterKey ?? []).join(',');
    for (const text of [
      String(config),
      `${config.database}`,
      JSON.stringify(config),
      JSON.stringify({ config }),
      inspect(config),
      inspect(config, { depth: 10, showHidden: true }),
      inspect(config.database),
      JSON.stringify(config.database),
    ]) {
      expectNoSecret(text);
      expect(text.replace(/\s/g, '')).not.toContain(keyBytes);
    }
    expect(redactConfig(config)).toMatchObject({
      masterKey: '[redacted]',
      database: { dialect: 'postgres', url: 'postgres://cairn:***@db.internal/cairn?sslpassword=***' },
      smtpUrl: 'smtp://mailer:***@smtp.example.org',
    });
    // The real values are still there for the code that needs them.
    expect(config.database).toMatchObject({ url: expect.stringContaining(password) });
  });
});
