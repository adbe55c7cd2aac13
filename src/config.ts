import { isAbsolute, join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { AppError } from './errors.js';
import { decodeMasterKey } from './node/master-key.js';

/**
 * The configuration, read from the environment once at start (`loadConfig`) and passed down as an
 * argument: this module is the only reader of `process.env`. Every variable is documented in
 * `docs/configuration.md`.
 */

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type RuntimeEnvironment = 'development' | 'test' | 'production';
export const RUNTIME_ENVIRONMENTS: readonly RuntimeEnvironment[] = ['development', 'test', 'production'];

/** Where the data lives: an SQLite file (or `:memory:`), or a PostgreSQL connection URL. */
export type DatabaseConfig =
  | Readonly<{ dialect: 'sqlite'; file: string }>
  | Readonly<{ dialect: 'postgres'; url: string }>;

export type Config = Readonly<{
  /** CAIRN_PORT: the HTTP port; 0 asks the system for a free one. */
  port: number;
  /** CAIRN_HOST: the address the HTTP server listens on. */
  host: string;
  /** CAIRN_PUBLIC_URL: the base of every URL Cairn puts in a credential, without a trailing slash. */
  publicUrl: string;
  /** CAIRN_DATA_DIR, absolute: the embedded database and the generated master key. */
  dataDir: string;
  /** CAIRN_DATABASE_URL. */
  database: DatabaseConfig;
  /** CAIRN_MASTER_KEY, decoded; absent when the key is to be read or generated in the data directory. */
  masterKey?: Uint8Array;
  /** CAIRN_SMTP_URL; absent: mail goes to the development mailbox. */
  smtpUrl?: string;
  /** CAIRN_MAIL_FROM: the From header of every e-mail. */
  mailFrom: string;
  /** CAIRN_LOG_LEVEL. */
  logLevel: LogLevel;
  /** NODE_ENV. */
  env: RuntimeEnvironment;
  /** CAIRN_DEMO (on | off; default on, off in production): seed the demo organization into an empty database. */
  demo: boolean;
  /**
   * CAIRN_VC_API: whether the W3C VC-API conformance endpoints (`/vc-api/...`, unauthenticated, signing
   * with the installation's conformance did:key) are served. On by default in development and test,
   * off in production unless set to `on`.
   */
  vcApi: boolean;
  /** The job queue's workers (docs/jobs.md). */
  jobs: JobsConfig;
  /**
   * CAIRN_WEBHOOK_ALLOW_PRIVATE_NETWORK (on | off, default off): let webhook endpoints target loopback and
   * private addresses, over http too. For development and tests only: in production it would let anyone
   * who may add a webhook make Cairn call into its own network.
   */
  webhookAllowPrivateNetwork: boolean;
  /** Mail to learners (docs/mail.md). */
  mail: MailConfig;
}>;

export type MailConfig = Readonly<{
  /** CAIRN_CLAIM_TTL_DAYS (default 30): how long a claim link works. */
  claimTtlDays: number;
  /** CAIRN_EXPIRY_REMINDER_DAYS (default 30,7,1): "expiring soon" reminders, days before validUntil, largest first. */
  reminderDays: readonly number[];
  /** CAIRN_EXPIRY_SWEEP_MINUTES (default 60): how often the reminder sweep runs. */
  sweepMinutes: number;
}>;

export type JobsConfig = Readonly<{
  /** CAIRN_JOBS_IN_SERVER (on | off, default on): `cairn serve` runs a worker too. */
  inServer: boolean;
  /** CAIRN_JOB_CONCURRENCY (default 2): jobs one worker process runs at once. */
  concurrency: number;
  /** CAIRN_JOB_LEASE_SECONDS (default 30): how long a job stays with a worker that stopped answering. */
  leaseSeconds: number;
  /** CAIRN_JOB_POLL_MS (default 1000): how often an idle worker looks for new jobs. */
  pollMs: number;
}>;

export type Environment = Readonly<Record<string, string | undefined>>;

export type LoadConfigOptions = {
  /** The directory relative paths are resolved against (default: the process's working directory). */
  cwd?: string;
};

/** The error `loadConfig` throws: CONFIG_INVALID, with every problem found, one per line. */
export class ConfigError extends AppError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super('CONFIG_INVALID', `The configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = Object.freeze([...problems]);
  }
}

/**
 * Reads and checks every variable at once, and returns a frozen `Config`.
 *
 * An empty variable counts as unset. Relative paths are resolved against `options.cwd`.
 * Fails with a `ConfigError` (CONFIG_INVALID) that lists every problem, not just the first. Secrets (the
 * master key, passwords in the database and SMTP URLs) never appear in an error, nor in the string, JSON
 * or `util.inspect` forms of the returned object (see `redactConfig`).
 *
 * @example
 * const config = loadConfig(); // in cli/main.ts and http/server.ts only
 * const test = loadConfig({ CAIRN_DATABASE_URL: 'sqlite::memory:', CAIRN_DATA_DIR: dir });
 */
export function loadConfig(env: Environment = process.env, options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const port = parsePort(read('CAIRN_PORT'), problems);
  const host = parseHost(read('CAIRN_HOST'), problems);
  const publicUrl = parsePublicUrl(read('CAIRN_PUBLIC_URL'), port, problems);
  const dataDir = resolve(cwd, read('CAIRN_DATA_DIR') ?? './data');
  const database = parseDatabaseUrl(read('CAIRN_DATABASE_URL'), dataDir, cwd, problems);
  const masterKey = parseMasterKey(read('CAIRN_MASTER_KEY'), problems);
  const smtpUrl = parseSmtpUrl(read('CAIRN_SMTP_URL'), problems);
  const mailFrom = parseMailFrom(read('CAIRN_MAIL_FROM'), publicUrl, problems);
  const logLevel = parseChoice('CAIRN_LOG_LEVEL', read('CAIRN_LOG_LEVEL'), LOG_LEVELS, 'info', problems);
  const runtime = parseChoice('NODE_ENV', read('NODE_ENV'), RUNTIME_ENVIRONMENTS, 'development', problems);
  const demo = parseChoice(
    'CAIRN_DEMO',
    read('CAIRN_DEMO'),
    ['on', 'off'],
    runtime === 'production' ? 'off' : 'on',
    problems,
  );
  const vcApi = parseSwitch('CAIRN_VC_API', read('CAIRN_VC_API'), runtime !== 'production', problems);
  const jobs: JobsConfig = {
    inServer: parseSwitch('CAIRN_JOBS_IN_SERVER', read('CAIRN_JOBS_IN_SERVER'), true, problems),
    concurrency: parseInteger('CAIRN_JOB_CONCURRENCY', read('CAIRN_JOB_CONCURRENCY'), 2, 1, 64, problems),
    leaseSeconds: parseInteger(
      'CAIRN_JOB_LEASE_SECONDS',
      read('CAIRN_JOB_LEASE_SECONDS'),
      30,
      1,
      3600,
      problems,
    ),
    pollMs: parseInteger('CAIRN_JOB_POLL_MS', read('CAIRN_JOB_POLL_MS'), 1000, 10, 60_000, problems),
  };
  const webhookAllowPrivateNetwork = parseSwitch(
    'CAIRN_WEBHOOK_ALLOW_PRIVATE_NETWORK',
    read('CAIRN_WEBHOOK_ALLOW_PRIVATE_NETWORK'),
    false,
    problems,
  );
  const mail: MailConfig = {
    claimTtlDays: parseInteger('CAIRN_CLAIM_TTL_DAYS', read('CAIRN_CLAIM_TTL_DAYS'), 30, 1, 3650, problems),
    reminderDays: parseDayList('CAIRN_EXPIRY_REMINDER_DAYS', read('CAIRN_EXPIRY_REMINDER_DAYS'), problems),
    sweepMinutes: parseInteger(
      'CAIRN_EXPIRY_SWEEP_MINUTES',
      read('CAIRN_EXPIRY_SWEEP_MINUTES'),
      60,
      1,
      24 * 60,
      problems,
    ),
  };

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const config = {
    port,
    host,
    publicUrl: publicUrl ?? DEFAULT_PUBLIC_URL,
    dataDir,
    database: withRedaction(database ?? { dialect: 'sqlite', file: join(dataDir, 'cairn.sqlite') }),
    ...(masterKey === undefined ? {} : { masterKey }),
    ...(smtpUrl === undefined ? {} : { smtpUrl }),
    mailFrom,
    logLevel,
    env: runtime,
    demo: demo === 'on',
    vcApi,
    jobs: Object.freeze(jobs),
    webhookAllowPrivateNetwork,
    mail: Object.freeze({ ...mail, reminderDays: Object.freeze([...mail.reminderDays]) }),
  } satisfies Config;
  return withRedaction(config);
}

/**
 * A copy of the configuration that is safe to log: the master key replaced by `[redacted]`, passwords in
 * URLs by `***`.
 */
export function redactConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    publicUrl: config.publicUrl,
    dataDir: config.dataDir,
    database: redactDatabase(config.database),
    masterKey: config.masterKey === undefined ? undefined : '[redacted]',
    smtpUrl: config.smtpUrl === undefined ? undefined : redactUrl(config.smtpUrl),
    mailFrom: config.mailFrom,
    logLevel: config.logLevel,
    env: config.env,
    demo: config.demo,
    vcApi: config.vcApi,
    jobs: { ...config.jobs },
    webhookAllowPrivateNetwork: config.webhookAllowPrivateNetwork,
    mail: { ...config.mail, reminderDays: [...config.mail.reminderDays] },
  };
}

function redactDatabase(database: DatabaseConfig): Record<string, string> {
  return database.dialect === 'sqlite'
    ? { dialect: 'sqlite', file: database.file }
    : { dialect: 'postgres', url: redactUrl(database.url) };
}

/** The URL with its password (and any password in the query) replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      parsed.password = '***';
    }
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) {
        parsed.searchParams.set(key, '***');
      }
    }
    return parsed.toString();
  } catch {
    return '[unparsable URL]';
  }
}

/**
 * Freezes the object and gives it toString, toJSON and util.inspect forms that go through the redacted
 * view, so logging the configuration (or its database part) never prints a secret.
 */
function withRedaction<T extends Config | DatabaseConfig>(value: T): T {
  const view = () => ('publicUrl' in value ? redactConfig(value) : redactDatabase(value));
  Object.defineProperties(value, {
    toJSON: { value: view, enumerable: false },
    toString: { value: () => JSON.stringify(view()), enumerable: false },
    [inspect.custom]: {
      value: (_depth: number, options: object) => inspect(view(), options),
      enumerable: false,
    },
  });
  return Object.freeze(value);
}

const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

/** How a rejected value is quoted in a problem: never for secrets, and never at length. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined) {
    return 3000;
  }
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    problems.push(`CAIRN_PORT must be a port number from 0 to 65535 (got ${shown(value)})`);
    return 3000;
  }
  return port;
}

function parseHost(value: string | undefined, problems: string[]): string {
  // Loopback by default: a laptop's Cairn is not on the network until its operator says so (0.0.0.0).
  if (value === undefined) {
    return '127.0.0.1';
  }
  if (!/^[A-Za-z0-9.:%[\]-]+$/.test(value)) {
    problems.push(`CAIRN_HOST must be a host name or an IP address (got ${shown(value)})`);
  }
  return value;
}

function parsePublicUrl(value: string | undefined, port: number, problems: string[]): string | undefined {
  if (value === undefined) {
    // Unset: this machine on the configured port (port 0, a system-chosen port, cannot be written in advance).
    return port === 0 ? DEFAULT_PUBLIC_URL : `http://localhost:${port}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const got = value.includes('@') ? '' : ` (got ${shown(value)})`;
    problems.push(`CAIRN_PUBLIC_URL must be an absolute http:// or https:// URL${got}`);
    return undefined;
  }
  const wrong: string[] = [];
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    wrong.push('use http:// or https://');
  }
  if (url.username !== '' || url.password !== '') {
    wrong.push('carry no user name or password');
  }
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    wrong.push('have no query or fragment');
  }
  if (wrong.length > 0) {
    // The value may hold a password, so it is not repeated.
    problems.push(`CAIRN_PUBLIC_URL must ${wrong.join(' and ')}`);
    return undefined;
  }
  // Stored without a trailing slash, so `${publicUrl}/c/${id}` is always right.
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function parseDatabaseUrl(
  value: string | undefined,
  dataDir: string,
  cwd: string,
  problems: string[],
): DatabaseConfig | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (value.startsWith('sqlite:')) {
    // sqlite:relative/path, sqlite:/absolute/path, sqlite:///absolute/path, sqlite::memory:
    const path = value.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === ':memory:') {
      return { dialect: 'sqlite', file: ':memory:' };
    }
    if (path === '') {
      problems.push('CAIRN_DATABASE_URL names no SQLite file (write sqlite:path/to/file.sqlite)');
      return undefined;
    }
    return { dialect: 'sqlite', file: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
    try {
      const url = new URL(value);
      if (url.host === '' && !url.searchParams.has('host')) {
        problems.push('CAIRN_DATABASE_URL names no PostgreSQL host');
        return undefined;
      }
    } catch {
      // The URL may hold a password: say what is wrong, never what it is.
      problems.push(
        'CAIRN_DATABASE_URL is not a valid postgres:// URL (its value is not shown: it may hold a password)',
      );
      return undefined;
    }
    return { dialect: 'postgres', url: value };
  }
  problems.push(
    'CAIRN_DATABASE_URL must start with sqlite:, postgres:// or postgresql:// ' +
      `(for example sqlite:${join(dataDir, 'cairn.sqlite')})`,
  );
  return undefined;
}

function parseMasterKey(value: string | undefined, problems: string[]): Uint8Array | undefined {
  if (value === undefined) {
    return undefined;
  }
  const key = decodeMasterKey(value);
  if (key === undefined) {
    problems.push(
      'CAIRN_MASTER_KEY must be 32 bytes written as 64 hex digits or as base64 ' +
        '(generate one with: openssl rand -hex 32)',
    );
  }
  return key;
}

function parseSmtpUrl(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    const url = new URL(value);
    if ((url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '') {
      return value;
    }
  } catch {
    // reported below
  }
  problems.push('CAIRN_SMTP_URL must be an smtp:// or smtps:// URL with a host (its value is not shown)');
  return undefined;
}

function parseMailFrom(value: string | undefined, publicUrl: string | undefined, problems: string[]): string {
  if (value === undefined) {
    const host = publicUrl === undefined ? 'localhost' : new URL(publicUrl).hostname;
    return `Cairn <no-reply@${host}>`;
  }
  // One address, optionally with a display name; no line breaks (they would inject mail headers).
  if (!/^[^\r\n]*@[^\r\n]*$/.test(value) || value.length > 320) {
    problems.push(
      `CAIRN_MAIL_FROM must be an e-mail address such as "Cairn <no-reply@example.org>" (got ${shown(value)})`,
    );
  }
  return value;
}

function parseChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
  problems: string[],
): T {
  if (value === undefined) {
    return fallback;
  }
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) {
    problems.push(`${name} must be one of ${choices.join(', ')} (got ${shown(value)})`);
    return fallback;
  }
  return choice;
}

/** `on` or `off` (also `true`/`false`, `1`/`0`, `yes`/`no`); unset gives the fallback. */
function parseSwitch(
  name: string,
  value: string | undefined,
  fallback: boolean,
  problems: string[],
): boolean {
  if (value === undefined) {
    return fallback;
  }
  const word = value.toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(word)) {
    return true;
  }
  if (['off', 'false', '0', 'no'].includes(word)) {
    return false;
  }
  problems.push(`${name} must be on or off (got ${shown(value)})`);
  return fallback;
}

/** Whole numbers of days, comma-separated (`30,7,1`), each 1–365; `none` for no reminders. Largest first. */
function parseDayList(name: string, value: string | undefined, problems: string[]): number[] {
  if (value === undefined) {
    return [30, 7, 1];
  }
  if (value.toLowerCase() === 'none') {
    return [];
  }
  const days = value.split(',').map((part) => part.trim());
  if (days.some((day) => !/^\d{1,3}$/.test(day) || Number(day) < 1 || Number(day) > 365)) {
    problems.push(
      `${name} must list whole numbers of days from 1 to 365, such as 30,7,1 (got ${shown(value)})`,
    );
    return [30, 7, 1];
  }
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
}

function parseInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (value === undefined) {
    return fallback;
  }
  const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got ${shown(value)})`);
    return fallback;
  }
  return number;
}
