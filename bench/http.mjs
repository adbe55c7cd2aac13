/**
 * The HTTP part of `npm run bench`: a real Cairn server process (what `cairn serve` runs, on SQLite in a
 * fresh data directory, demo organization seeded) under load from autocannon on 127.0.0.1 —
 * `GET /c/{id}.json` (a credential as verifiers and wallets fetch it) and `POST /api/v1/verify` (the public
 * verifier: eddsa-rdfc-2022 proof, the issuer's did:web and status list read from the server's own
 * database). Reports requests/s, median and p99 latency, and non-2xx answers. The load generator runs in
 * this process, so on a 2-core machine it shares the CPU with nothing but the server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = fileURLToPath(new URL('..', import.meta.url));

function startServer(dataDir) {
  const child = spawn(process.execPath, [join(root, 'bench/batch-server.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      CAIRN_DEMO: 'on',
      CAIRN_DATA_DIR: dataDir,
      CAIRN_MASTER_KEY: 'ab'.repeat(32),
      CAIRN_PORT: '0',
      CAIRN_HOST: '127.0.0.1',
      CAIRN_LOG_LEVEL: 'warn',
      // The limit protects a public endpoint from one client; the benchmark is that one client.
      CAIRN_VERIFY_RATE_LIMIT: '10000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (\S+)/.exec(output);
      if (match) {
        resolve(match[1]);
      }
    });
    exited.then(() => reject(new Error(`the bench server exited early:\n${output}`)));
  });
  return {
    ready,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      const line = output.split('\n').find((entry) => entry.startsWith('{"maxRssKiB"'));
      return line ? JSON.parse(line).maxRssKiB : undefined;
    },
  };
}

async function api(url, key, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

function load(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Runs the HTTP benchmark; `quick` shortens each run. Returns the `http` section of latest.json. */
export async function benchHttp({ quick }) {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'cairn-bench-http-'));
  const server = startServer(dataDir);
  try {
    const url = await server.ready;
    const { apiKey } = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
    const achievements = await api(url, apiKey, 'GET', '/api/v1/achievements');
    const issued = await api(url, apiKey, 'POST', '/api/v1/credentials', {
      achievementId: achievements.items[0].id,
      recipient: { email: 'bench@example.org', name: 'Bench Learner' },
    });
    // Measure the verifier doing its whole job: the credential must verify before it is put under load.
    const report = await (
      await fetch(`${url}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(issued.credential),
      })
    ).json();
    if (report.verified !== true) {
      throw new Error(`the benchmark credential does not verify: ${JSON.stringify(report.checks)}`);
    }
    const duration = quick ? 3 : 10;
    const connections = 16;
    const targets = [
      { name: 'credentialJson', method: 'GET', path: `/c/${issued.id}.json` },
      {
        name: 'verify',
        method: 'POST',
        path: '/api/v1/verify',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(issued.credential),
      },
    ];
    const results = {};
    for (const target of targets) {
      // A short warm-up first: the JIT and the server's caches, as in production after the first calls.
      await load({ url: `${url}${target.path}`, ...target, connections, duration: 1 });
      const result = await load({ url: `${url}${target.path}`, ...target, connections, duration });
      results[target.name] = {
        path: target.path.replace(issued.id, '{id}'),
        method: target.method,
        connections,
        durationS: duration,
        requestsPerSec: Math.round(result.requests.average),
        medianMs: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      };
    }
    results.serverPeakRssMb = Math.round(((await server.stop()) ?? 0) / 1024);
    return results;
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
