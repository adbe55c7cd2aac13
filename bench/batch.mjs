#!/usr/bin/env node
/**
 * `npm run bench:batch` (or `npm run bench -- --batch`, or `node bench/batch.mjs`): a CSV issued end to end — streamed upload, parse, validate, store the rows,
 * then sign, store and enqueue each credential's outbox work through the job queue — on SQLite and on
 * PostgreSQL, by a real Cairn server process (HTTP and its in-process worker, as `cairn serve` runs).
 * Reports wall time (upload + validation, then issuing), credentials per second, the server's peak
 * RSS and its live heap once the batch is done (after a full collection), for a small and a large file
 * (memory should stay flat as rows grow), and the same runs with the
 * credentials signed by the reference stack (@digitalbazaar/vc) instead of Cairn's signer.
 *
 * Options:
 *   --rows N          the large file (default 100000)
 *   --small N         the small file (default 10000)
 *   --dialects LIST   sqlite,postgres (default both)
 *   --signers LIST    cairn,reference (default both)
 *   --reference-rows N  rows for the reference runs (default: the same as Cairn's)
 *   --workers N       PostgreSQL only: extra worker processes beside the server (default 0), as
 *                     `cairn worker` would run them, to use more cores
 *   BENCH_NODE_ARGS   extra node arguments for the server processes (e.g. --cpu-prof)
 *   --quick           --rows 2000 --small 500
 *
 * PostgreSQL: CAIRN_BENCH_POSTGRES_URL (a user that may create databases), else a private server is
 * started with Debian's initdb (as the postgres user when root) with default durability, and removed.
 * Writes bench/results/batch-latest.json. Never part of `npm test`: figures are reported, not asserted.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const quick = args.includes('--quick');
const LARGE = Number(option('rows', quick ? 2000 : 100_000));
const SMALL = Number(option('small', quick ? 500 : 10_000));
const DIALECTS = option('dialects', 'sqlite,postgres').split(',');
const SIGNERS = option('signers', 'cairn,reference').split(',');
const REFERENCE_ROWS = option('reference-rows', undefined);
const EXTRA_WORKERS = Number(option('workers', 0));
const ACHIEVEMENT = 'Unit 1: Foundations of Data';

execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

/** Rows made as they are sent: the CSV never exists in memory or on disk. */
function csvStream(rows, tag) {
  let n = -1;
  return new Readable({
    read() {
      let chunk = '';
      while (chunk.length < 64 * 1024) {
        if (n === -1) {
          chunk += 'email,name,achievement,evidence,validFrom\r\n';
        } else if (n >= rows) {
          this.push(chunk);
          this.push(null);
          return;
        } else {
          chunk += `learner${n}.${tag}@example.org,Learner ${n},${ACHIEVEMENT},https://portfolio.example/${n},2026-01-01\r\n`;
        }
        n += 1;
      }
      this.push(chunk);
    },
  });
}

function startProcess(args, env) {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      join(root, 'bench/batch-server.mjs'),
      ...args,
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    const check = () => {
      const match = /listening on (\S+)|worker ready/.exec(output);
      if (match) {
        child.stdout.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    exited.then(() => reject(new Error(`the bench server exited early:\n${output}`)));
  });
  return {
    ready,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      const line = output.split('\n').find((l) => l.startsWith('{"maxRssKiB"'));
      return line ? JSON.parse(line) : {};
    },
  };
}

function call(url, key, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body ? { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode, json: () => JSON.parse(text), text }));
      },
    );
    req.on('error', reject);
    if (body) {
      body.pipe(req);
    } else {
      req.end();
    }
  });
}

async function startPostgres() {
  if (process.env.CAIRN_BENCH_POSTGRES_URL) {
    return { url: process.env.CAIRN_BENCH_POSTGRES_URL, stop: async () => {} };
  }
  const base = '/usr/lib/postgresql';
  const version = existsSync(base) ? readdirSync(base).sort().at(-1) : undefined;
  if (!version) {
    return undefined;
  }
  const bin = join(base, version, 'bin');
  const dir = mkdtempSync(join(os.tmpdir(), 'cairn-bench-pg-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const asPostgres = process.getuid?.() === 0;
  const run = (command, commandArgs) =>
    asPostgres
      ? execFileSync('su', [
          'postgres',
          '-c',
          [join(bin, command), ...commandArgs].map((a) => `'${a}'`).join(' '),
        ])
      : execFileSync(join(bin, command), commandArgs);
  if (asPostgres) {
    execFileSync('chown', ['postgres', dir]);
  }
  run('initdb', ['-D', join(dir, 'data'), '-U', 'cairn', '--auth=trust']);
  run('pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
  ]);
  return {
    url: `postgres://cairn@127.0.0.1:${port}/postgres`,
    stop: async () => {
      run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url, statement) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function runOnce({ dialect, rows, signer, postgres }) {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'cairn-bench-'));
  let databaseUrl = `sqlite:${join(dataDir, 'cairn.sqlite')}`;
  let dropDatabase = async () => {};
  if (dialect === 'postgres') {
    const name = `cairn_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(postgres.url, `create database ${name}`);
    const url = new URL(postgres.url);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => adminQuery(postgres.url, `drop database if exists ${name} with (force)`);
  }
  const env = {
    CAIRN_DATA_DIR: dataDir,
    CAIRN_DATABASE_URL: databaseUrl,
    CAIRN_MASTER_KEY: 'cd'.repeat(32),
    CAIRN_PORT: '0',
    CAIRN_HOST: '127.0.0.1',
    CAIRN_LOG_LEVEL: 'warn',
    CAIRN_JOB_POLL_MS: '200',
    BENCH_SIGNER: signer,
    NODE_ENV: 'production',
  };
  const server = startProcess([], env);
  const url = await server.ready;
  const workers = [];
  if (dialect === 'postgres') {
    for (let i = 0; i < EXTRA_WORKERS; i++) {
      const worker = startProcess(['worker'], env);
      await worker.ready;
      workers.push(worker);
    }
  }
  const { apiKey } = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
  const started = performance.now();
  const created = await call(
    url,
    apiKey,
    'POST',
    '/api/v1/batches',
    csvStream(rows, randomBytes(3).toString('hex')),
  );
  if (created.status !== 202) {
    throw new Error(`upload failed: ${created.status} ${created.text}`);
  }
  const validated = performance.now();
  const { id } = created.json();
  let batch;
  for (;;) {
    batch = (await call(url, apiKey, 'GET', `/api/v1/batches/${id}`)).json();
    if (batch.status !== 'running') {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const finished = performance.now();
  const { maxRssKiB: rssKiB, liveHeapKiB } = await server.stop();
  const workerRss = (await Promise.all(workers.map((worker) => worker.stop()))).map(
    (memory) => memory.maxRssKiB,
  );
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
  if (batch.status !== 'completed' || batch.issued !== rows) {
    throw new Error(`the batch ended ${batch.status} with ${batch.issued} of ${rows} issued`);
  }
  const total = (finished - started) / 1000;
  return {
    dialect,
    signer,
    rows,
    uploadAndValidateSeconds: round((validated - started) / 1000),
    issuingSeconds: round((finished - validated) / 1000),
    wallSeconds: round(total),
    credentialsPerSecond: round(rows / total),
    peakRssMiB: rssKiB === undefined ? null : round(rssKiB / 1024),
    liveHeapAfterMiB: liveHeapKiB === undefined ? null : round(liveHeapKiB / 1024),
    ...(workerRss.length > 0
      ? { workerPeakRssMiB: round(Math.max(...workerRss.map((kib) => kib ?? 0)) / 1024) }
      : {}),
  };
}

const round = (value) => Math.round(value * 10) / 10;

const loadBefore = os.loadavg();
const results = [];
const postgres = DIALECTS.includes('postgres') ? await startPostgres() : undefined;
try {
  for (const dialect of DIALECTS) {
    if (dialect === 'postgres' && !postgres) {
      process.stdout.write(
        'postgres: no server (set CAIRN_BENCH_POSTGRES_URL or install postgresql): skipped\n',
      );
      continue;
    }
    for (const signer of SIGNERS) {
      const sizes = signer === 'reference' && REFERENCE_ROWS ? [Number(REFERENCE_ROWS)] : [SMALL, LARGE];
      for (const rows of sizes) {
        process.stdout.write(`${dialect} ${signer} ${rows} rows … `);
        const result = await runOnce({ dialect, rows, signer, postgres });
        results.push(result);
        process.stdout.write(
          `${result.wallSeconds} s (validate ${result.uploadAndValidateSeconds} s), ${result.credentialsPerSecond} credentials/s, peak RSS ${result.peakRssMiB} MiB, live heap after ${result.liveHeapAfterMiB} MiB\n`,
        );
      }
    }
  }
} finally {
  await postgres?.stop();
}

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memoryGiB: round(os.totalmem() / 1024 ** 3),
  node: process.version,
  loadAverageBefore: loadBefore.map(round),
  loadAverageAfter: os.loadavg().map(round),
};
const ratio = (dialect, rows) => {
  const cairn = results.find((r) => r.dialect === dialect && r.signer === 'cairn' && r.rows === rows);
  const reference = results.find((r) => r.dialect === dialect && r.signer === 'reference' && r.rows === rows);
  return cairn && reference ? round(cairn.credentialsPerSecond / reference.credentialsPerSecond) : null;
};
const summary = {
  date: new Date().toISOString(),
  machine,
  results,
  ratios: Object.fromEntries(
    DIALECTS.flatMap((dialect) => [SMALL, LARGE].map((rows) => [`${dialect}-${rows}`, ratio(dialect, rows)])),
  ),
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/batch-latest.json'), `${JSON.stringify(summary, null, 2)}\n`);

console.table(results);
process.stdout.write(
  `Load average ${machine.loadAverageBefore.join(' ')} before, ${machine.loadAverageAfter.join(' ')} after (${machine.cpus} CPUs): figures on a shared machine vary.\nWritten to bench/results/batch-latest.json\n`,
);
