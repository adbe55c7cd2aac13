#!/usr/bin/env node
// Runs the W3C interoperability suites against this checkout's VC-API, the way shared/VC-API-CONTRACT.md
// describes: Cairn (from dist/, on a fresh data directory) behind a self-signed https front on 127.0.0.1,
// a localConfig.cjs generated from GET /vc-api/issuers, then each suite with mocha; prints the counts.
// Nothing of the suites is kept in this repository, and `npm test` never needs them (they need GitHub).
// See scripts/w3c-suites.md for the steps by hand, the options and the last recorded results.
//
//   npm run build && node scripts/w3c-suites.mjs [suite ...]
//
// Needs git, openssl, npm with the registry, and GitHub (or W3C_SUITES_GIT, a directory of clones).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK = resolve(process.env.W3C_SUITES_DIR ?? join(tmpdir(), 'cairn-w3c-suites'));
const HTTP_PORT = Number(process.env.W3C_SUITES_HTTP_PORT ?? 40080);
const HTTPS_PORT = Number(process.env.W3C_SUITES_HTTPS_PORT ?? 40443);
const ORIGIN = `https://127.0.0.1:${HTTPS_PORT}`;
// W3C_SUITES_LATEST=1 runs each repository's default branch instead of the commits recorded here.
const LATEST = process.env.W3C_SUITES_LATEST === '1';

/** The repositories, at the commits of the run recorded in scripts/w3c-suites.md. */
const REPOS = {
  'vc-test-suite-implementations': {
    github: 'w3c/vc-test-suite-implementations',
    commit: 'a15c6cf73e588f93a5b532a02c051ad7b59777ab',
  },
  'data-integrity-test-suite-assertion': {
    github: 'w3c-ccg/data-integrity-test-suite-assertion',
    commit: '8d84d182f022f02049135f7d1ad3d5d0181e5560',
  },
  'vc-di-eddsa-test-suite': {
    github: 'w3c/vc-di-eddsa-test-suite',
    commit: 'a62061b23892deb44dbad67a0315d403fdf09440',
  },
  'vc-data-model-2.0-test-suite': {
    github: 'w3c/vc-data-model-2.0-test-suite',
    commit: '6e075243825f50c79017de4a27089d329c093d0f',
  },
  'vc-bitstring-status-list-test-suite': {
    github: 'w3c/vc-bitstring-status-list-test-suite',
    commit: '5cdc5625948470d1f3b8b615e0771c013dc9029e',
  },
};
const SUITES = [
  'vc-di-eddsa-test-suite',
  'vc-data-model-2.0-test-suite',
  'vc-bitstring-status-list-test-suite',
];
/** The suites' dependencies published only on GitHub (`github:` in their package.json). */
const HELPERS = ['vc-test-suite-implementations', 'data-integrity-test-suite-assertion'];

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

/** A clone of the repository at its recorded commit (W3C_SUITES_GIT: a directory with owner+name/repo). */
function checkout(name) {
  const { github, commit } = REPOS[name];
  const dir = join(WORK, name);
  if (!existsSync(dir)) {
    const mirror =
      process.env.W3C_SUITES_GIT && join(process.env.W3C_SUITES_GIT, github.replace('/', '+'), 'repo');
    sh('git', ['clone', '--quiet', mirror ?? `https://github.com/${github}.git`, dir]);
  }
  // install() rewrites package.json: undo that first, or a checkout of another commit refuses to run.
  sh('git', ['-C', dir, 'checkout', '--quiet', '--', 'package.json']);
  if (!LATEST) {
    sh('git', ['-C', dir, 'checkout', '--quiet', commit]);
  }
  return dir;
}

/** `npm pack`s the GitHub-only helpers, and points the suites' `github:` dependencies at the tarballs. */
function install() {
  const tarballs = join(WORK, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const packed = {};
  for (const name of HELPERS) {
    const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', tarballs], {
      cwd: checkout(name),
      encoding: 'utf8',
    });
    packed[name] = join(tarballs, output.trim().split('\n').pop());
  }
  for (const suite of SUITES) {
    const dir = checkout(suite);
    const manifestPath = join(dir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const name of HELPERS) {
      if (manifest.dependencies?.[name]) {
        manifest.dependencies[name] = `file:${packed[name]}`;
      }
    }
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    if (!existsSync(join(dir, 'node_modules'))) {
      sh('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir });
    }
  }
}

/** A self-signed certificate for 127.0.0.1 (the suites run with NODE_TLS_REJECT_UNAUTHORIZED=0). */
function certificate() {
  const key = join(WORK, 'key.pem');
  const cert = join(WORK, 'cert.pem');
  if (!existsSync(cert)) {
    sh('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** The TLS front: https://127.0.0.1:HTTPS_PORT to Cairn's http://127.0.0.1:HTTP_PORT, as it is. */
function startFront() {
  const server = https.createServer(certificate(), (request, response) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: HTTP_PORT,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
    request.pipe(upstream);
  });
  return new Promise((done) => server.listen(HTTPS_PORT, '127.0.0.1', () => done(server)));
}

async function startCairn() {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const data = mkdtempSync(join(tmpdir(), 'cairn-w3c-data-'));
  const cairn = spawn(process.execPath, [join(ROOT, 'bin/cairn.js'), 'serve'], {
    env: {
      ...process.env,
      CAIRN_DATA_DIR: data,
      CAIRN_HOST: '127.0.0.1',
      CAIRN_PORT: String(HTTP_PORT),
      CAIRN_PUBLIC_URL: ORIGIN,
      CAIRN_VC_API: 'on',
      CAIRN_DEMO: 'off',
      CAIRN_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 120; attempt++) {
    const description = await fetch(`http://127.0.0.1:${HTTP_PORT}/vc-api/issuers`)
      .then((response) => (response.ok ? response.json() : undefined))
      .catch(() => undefined);
    if (description) {
      return { cairn, data, description };
    }
    await new Promise((wait) => setTimeout(wait, 500));
  }
  cairn.kill();
  throw new Error('Cairn did not answer GET /vc-api/issuers');
}

/** The registry entry, from Cairn's own description: only it is tested (no interop with others). */
function writeLocalConfig(description) {
  const config = {
    settings: { enableInteropTests: false, testAllImplementations: false },
    implementations: [
      {
        name: 'Cairn',
        implementation: 'Cairn VC-API',
        issuers: description.issuers.map(({ id, endpoint, tags }) => ({ id, endpoint, tags })),
        verifiers: description.verifiers.map(({ endpoint, tags }) => ({ id: endpoint, endpoint, tags })),
        vpVerifiers: description.vpVerifiers.map(({ endpoint, tags }) => ({ id: endpoint, endpoint, tags })),
      },
    ],
  };
  const text = `// Generated by Cairn's scripts/w3c-suites.mjs from ${ORIGIN}/vc-api/issuers\nmodule.exports = ${JSON.stringify(config, null, 2)};\n`;
  for (const suite of SUITES) {
    writeFileSync(join(WORK, suite, 'localConfig.cjs'), text);
  }
}

/**
 * One suite under mocha's JSON reporter: its counts and failures. Asynchronous: the TLS front runs in this
 * process and must keep serving while the suite runs.
 */
async function runSuite(suite) {
  const output = join(WORK, `${suite}.results.json`);
  rmSync(output, { force: true });
  const mocha = spawn(
    'npx',
    [
      'mocha',
      'tests/',
      '--no-config',
      '--timeout',
      '15000',
      '--preserve-symlinks',
      '--reporter',
      'json',
      '--reporter-option',
      `output=${output}`,
    ],
    {
      cwd: join(WORK, suite),
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' },
    },
  );
  await new Promise((done) => mocha.on('close', done));
  const results = JSON.parse(readFileSync(output, 'utf8'));
  return {
    suite,
    passed: results.stats.passes,
    failed: results.stats.failures,
    pending: results.stats.pending,
    failures: results.failures.map((test) => `${test.fullTitle}: ${test.err?.message ?? ''}`),
  };
}

const wanted = process.argv.slice(2);
const selected = wanted.length > 0 ? SUITES.filter((suite) => wanted.includes(suite)) : SUITES;
mkdirSync(WORK, { recursive: true });
install();
const front = await startFront();
const { cairn, data, description } = await startCairn();
let failed = 0;
try {
  writeLocalConfig(description);
  for (const suite of selected) {
    const result = await runSuite(suite);
    failed += result.failed;
    process.stdout.write(
      `\n${suite}: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending\n`,
    );
    for (const failure of result.failures) {
      process.stdout.write(`  FAILED ${failure}\n`);
    }
  }
} finally {
  cairn.kill();
  front.close();
  rmSync(data, { recursive: true, force: true });
}
process.exitCode = failed > 0 ? 1 : 0;
