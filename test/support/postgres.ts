/**
 * A private PostgreSQL server for one test run, started from Debian's packages: no Docker, nothing
 * running beforehand, nothing left behind.
 *
 * 1. Find the server binaries (`/usr/lib/postgresql/<version>/bin`, else `pg_config --bindir`, else PATH).
 *    Missing, and running as root with apt-get: install the `postgresql` package.
 * 2. `initdb` a data directory in a new temporary directory (`$TMPDIR/cairn-test-pg-XXXXXX`), with a
 *    random password for TCP connections. initdb refuses to run as root, so as root the server runs as
 *    the `postgres` system user (created if missing), which then owns the temporary directory.
 * 3. Start `postgres` as a child process on a free port of 127.0.0.1, its Unix socket in the temporary
 *    directory, with durability off (fsync, synchronous_commit, full_page_writes): a crash loses test
 *    data only.
 * 4. Wait until it accepts connections, create the database `cairn_test`, return its URL.
 *
 * `stop()` shuts it down (fast shutdown) and removes the directory. So does the process's `exit` event
 * (Vitest exits that way on Ctrl-C and SIGTERM), and Ctrl-C reaches the server directly too, since it
 * shares the terminal's process group. A run that was killed outright leaves a directory with a dead
 * owner: the next start finds and removes it (`removeStaleServers`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type TestPostgres = {
  /** `postgres://cairn:…@127.0.0.1:PORT/cairn_test`; the role may create databases. */
  readonly url: string;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
};

export type StartOptions = {
  /** Progress messages (default: to stderr). */
  log?: (message: string) => void;
};

const DIRECTORY_PREFIX = 'cairn-test-pg-';
const OWNER_FILE = 'owner.pid';
const USER = 'cairn';

export async function startTestPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const log = options.log ?? ((message: string) => process.stderr.write(`[test postgres] ${message}\n`));
  const started = Date.now();
  removeStaleServers();
  const binDir = findPostgresBinDir() ?? installPostgres(log);
  const runAs = serverUser();

  const base = temporaryBase(runAs !== undefined);
  const dir = mkdtempSync(join(base, DIRECTORY_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
  const dataDir = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs !== undefined) {
    chownSync(dir, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }

  let child: ChildProcess | undefined;
  const cleanUpAtExit = () => killAndRemove(child, dir, dataDir);
  process.once('exit', cleanUpAtExit);
  try {
    run(
      join(binDir, 'initdb'),
      [
        '--pgdata',
        dataDir,
        '--username',
        USER,
        `--pwfile=${passwordFile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      runAs,
    );
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      child = startServer(binDir, dataDir, dir, port, runAs);
      try {
        await waitUntilReady(child, port, password, join(dir, 'postgres.log'));
        break;
      } catch (error) {
        await stopServer(child);
        // Another process may have taken the port between our probe and the server's bind: try another.
        if (attempt >= 3) {
          throw error;
        }
      }
    }
    const adminUrl = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query('create database cairn_test');
    } finally {
      await admin.end();
    }
    log(`PostgreSQL ready on 127.0.0.1:${port} in ${Date.now() - started} ms (${dir})`);
    const server = child;
    return {
      url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/cairn_test`,
      async stop() {
        await stopServer(server);
        rmSync(dir, { recursive: true, force: true });
        process.off('exit', cleanUpAtExit);
      },
    };
  } catch (error) {
    if (child !== undefined) {
      await stopServer(child);
    }
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', cleanUpAtExit);
    throw error;
  }
}

/** The directory holding `initdb` and `postgres`, or undefined when PostgreSQL is not installed. */
export function findPostgresBinDir(): string | undefined {
  const hasServer = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = join(debian, version, 'bin');
      if (hasServer(dir)) {
        return dir;
      }
    }
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0 && hasServer(pgConfig.stdout.trim())) {
    return pgConfig.stdout.trim();
  }
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && hasServer(dir)) {
      return dir;
    }
  }
  return undefined;
}

function installPostgres(log: (message: string) => void): string {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'The PostgreSQL tests need a PostgreSQL server: install the postgresql package, or set ' +
        'CAIRN_TEST_DATABASE_URL to a server where the user may create databases, or run only the ' +
        'SQLite tests with DIALECTS=sqlite.',
    );
  }
  log('PostgreSQL is not installed: apt-get install postgresql');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.status !== 0) {
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    }
  }
  const binDir = findPostgresBinDir();
  if (binDir === undefined) {
    throw new Error('apt-get installed postgresql, but initdb and postgres are still not to be found');
  }
  return binDir;
}

type RunAs = { uid: number; gid: number };

/** As root: the `postgres` system user (created when missing). Otherwise: ourselves (undefined). */
function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const lookUp = (): RunAs | undefined => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0
      ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
      : undefined;
  };
  const found = lookUp();
  if (found !== undefined) {
    return found;
  }
  spawnSync('useradd', [
    '--system',
    '--user-group',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    'postgres',
  ]);
  const created = lookUp();
  if (created === undefined) {
    throw new Error('Running as root, and the postgres user to run the test server as could not be created');
  }
  return created;
}

/** The temporary directory, or /tmp when the server's user could not reach into it. */
function temporaryBase(otherUser: boolean): string {
  const base = tmpdir();
  if (!otherUser) {
    return base;
  }
  const mode = statSync(base).mode;
  return (mode & 0o001) !== 0 ? base : '/tmp';
}

function run(command: string, args: string[], runAs: RunAs | undefined): void {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    ...(runAs === undefined ? {} : { uid: runAs.uid, gid: runAs.gid }),
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} failed (exit ${result.status ?? result.signal}):\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
}

function startServer(
  binDir: string,
  dataDir: string,
  socketDir: string,
  port: number,
  runAs: RunAs | undefined,
): ChildProcess {
  const logFd = openSync(join(socketDir, 'postgres.log'), 'a');
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: socketDir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
    log_min_messages: 'warning',
  };
  const args = [
    '-D',
    dataDir,
    ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
  const child = spawn(join(binDir, 'postgres'), args, {
    stdio: ['ignore', logFd, logFd],
    ...(runAs === undefined ? {} : { uid: runAs.uid, gid: runAs.gid }),
    env: { ...process.env, LC_ALL: 'C' },
  });
  // The test run must not wait on the server to end; stop() and the exit handler end it.
  child.unref();
  return child;
}

async function waitUntilReady(child: ChildProcess, port: number, password: string, logFile: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL exited while starting:\n${readTail(logFile)}`);
    }
    const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL did not accept connections within 30 s:\n${readTail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const within = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(resolve, ms, false);
    });
    try {
      return await Promise.race([exited.then(() => true), timedOut]);
    } finally {
      // A pending timer would keep the test run alive after its last test.
      clearTimeout(timer);
    }
  };
  // SIGINT: fast shutdown (disconnect clients, checkpoint, exit). SIGQUIT: immediate. Then SIGKILL.
  for (const [signal, wait] of [
    ['SIGINT', 10_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    child.kill(signal);
    if (await within(wait)) {
      return;
    }
  }
}

/** At process exit only synchronous work runs: signal the server, wait for its lock file to go, delete. */
function killAndRemove(child: ChildProcess | undefined, dir: string, dataDir: string): void {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGQUIT');
    const lockFile = join(dataDir, 'postmaster.pid');
    const deadline = Date.now() + 5_000;
    while (existsSync(lockFile) && Date.now() < deadline) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Removes the servers of earlier runs that were killed before they could clean up: a directory whose
 * owner process is gone. Its postmaster is stopped first, if it still runs and is really that server.
 */
export function removeStaleServers(): void {
  for (const base of new Set([tmpdir(), '/tmp'])) {
    let names: string[];
    try {
      names = readdirSync(base).filter((name) => name.startsWith(DIRECTORY_PREFIX));
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = join(base, name);
      const owner = readPid(join(dir, OWNER_FILE));
      if (owner === undefined || isAlive(owner)) {
        continue;
      }
      const dataDir = join(dir, 'data');
      const postmaster = readPid(join(dataDir, 'postmaster.pid'));
      if (postmaster !== undefined && isAlive(postmaster) && commandLine(postmaster).includes(dataDir)) {
        process.kill(postmaster, 'SIGQUIT');
        const deadline = Date.now() + 5_000;
        while (isAlive(postmaster) && Date.now() < deadline) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet (a zombie) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no server log)';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
