#!/usr/bin/env node
/**
 * `npm run bench [-- --quick]`: Cairn against the reference stack, side by side in one run on one core —
 * issue and verify with eddsa-rdfc-2022, eddsa-jcs-2022 and VC-JWT, for a simple and a rich OB 3.0
 * credential — and the raw Ed25519 floor. Prints a table and writes bench/results/latest.json
 * (DESIGN.md §7: `ratios` = Cairn ops/s ÷ reference ops/s, the lower of the simple and rich credential).
 * Each stack runs in its own process, one at a time; ops/s is operations per CPU-second of that process
 * (see measure.mjs). Never part of `npm test`: timings are reported, not asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

// `npm run bench -- --batch [options]`: the end-to-end batch benchmark instead (bench/batch.mjs).
if (process.argv.includes('--batch')) {
  await import('./batch.mjs');
  process.exit(process.exitCode ?? 0);
}

const quick = process.argv.includes('--quick');
const root = fileURLToPath(new URL('..', import.meta.url));

// Measure the code as it is now: compile src/ to dist/ first.
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
const { measure, StackProcess } = await import('./measure.mjs');
const { createInputs } = await import('./inputs.mjs');

// --quick: the headline operations only (no detail rows), shorter batches, under a minute in all.
const PLAN = quick
  ? { warmupMs: 300, roundMs: 60, rounds: 12 }
  : { warmupMs: 1500, roundMs: 150, rounds: 24 };
const HEADLINE = ['rdfcIssue', 'rdfcVerify', 'jcsIssue', 'jcsVerify', 'jwtSign', 'jwtVerify'];
const REFERENCE_NAME = {
  rdfcIssue: '@digitalbazaar/vc',
  rdfcVerify: '@digitalbazaar/vc',
  jcsIssue: '@digitalbazaar/vc',
  jcsVerify: '@digitalbazaar/vc',
  jwtSign: 'jose',
  jwtVerify: 'jose',
};

const loadBefore = os.loadavg();
const inputs = await createInputs();
const stacks = {
  cairn: new StackProcess('cairn'),
  reference: new StackProcess('reference'),
  jose: new StackProcess('jose'),
  floor: new StackProcess('floor'),
};
const names = {};
for (const [stack, child] of Object.entries(stacks)) {
  names[stack] = (await child.request({ type: 'init', inputs })).names;
}
const cases = [
  { id: 'floor/sign', process: stacks.floor, name: 'sign' },
  { id: 'floor/verify', process: stacks.floor, name: 'verify' },
];
// An operation's reference: jose for VC-JWT, @digitalbazaar/vc for Data Integrity (each its own process).
const referenceOf = (name) =>
  names.reference.includes(name) ? stacks.reference : names.jose.includes(name) ? stacks.jose : undefined;
const operations = names.cairn
  .map((name) => {
    const [credential, op] = name.split('/');
    return { credential, op, reference: referenceOf(name) };
  })
  .filter(({ op }) => !quick || HEADLINE.includes(op));
for (const { credential, op, reference } of operations) {
  cases.push({ id: `${credential}/${op}/cairn`, process: stacks.cairn, name: `${credential}/${op}` });
  if (reference) {
    cases.push({ id: `${credential}/${op}/reference`, process: reference, name: `${credential}/${op}` });
  }
}
process.stdout.write(
  `Measuring ${cases.length} cases (${quick ? 'quick' : 'full'}), one process at a time...\n`,
);
const results = await measure(cases, PLAN);
const peakRssMb = {};
for (const [stack, child] of Object.entries(stacks)) {
  peakRssMb[stack] = round((await child.request({ type: 'exit' })).maxRssMb, 1);
}

const floorSign = results.get('floor/sign');
const floorVerify = results.get('floor/verify');
// Verifications (the proof checks alone too) cost raw verifications; the rest raw signatures.
const floorOf = (op) => (/Verify|CheckOnly/.test(op) ? floorVerify : floorSign);

const rows = [];
const ratiosByCredential = {};
for (const operation of operations) {
  const cairn = results.get(`${operation.credential}/${operation.op}/cairn`);
  const reference = results.get(`${operation.credential}/${operation.op}/reference`);
  const vsReference = reference ? compare(cairn, reference) : undefined;
  if (vsReference) {
    ratiosByCredential[operation.credential] ??= {};
    ratiosByCredential[operation.credential][operation.op] = vsReference.throughput;
  }
  rows.push(row(operation, 'cairn', cairn, vsReference));
  if (reference) {
    rows.push(row(operation, REFERENCE_NAME[operation.op], reference));
  }
}
const ratios = Object.fromEntries(
  HEADLINE.map((op) => [op, Math.min(...Object.values(ratiosByCredential).map((byOp) => byOp[op]))]),
);
const loadAverage = {
  before: loadBefore.map((load) => round(load, 2)),
  after: os.loadavg().map((load) => round(load, 2)),
};

printTable(rows, { floorSign, floorVerify, ratios, peakRssMb, loadAverage });

// HTTP under load (bench/http.mjs), after the stacks above have exited; `--no-http` skips it.
let http = null;
if (!process.argv.includes('--no-http')) {
  process.stdout.write('HTTP: a real server process under autocannon on 127.0.0.1...\n');
  const { benchHttp } = await import('./http.mjs');
  http = await benchHttp({ quick });
  for (const [name, result] of Object.entries(http)) {
    if (typeof result === 'object') {
      process.stdout.write(
        `  ${result.method} ${result.path}: ${result.requestsPerSec} requests/s, median ${result.medianMs} ms, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx} (${name})\n`,
      );
    }
  }
  process.stdout.write(`  server peak RSS ${http.serverPeakRssMb} MB\n`);
}

const report = {
  date: new Date().toISOString(),
  quick,
  node: process.version,
  cpu: os.cpus()[0]?.model,
  cores: os.availableParallelism(),
  loadAverage,
  ratios,
  ratiosByCredential,
  ratioDefinition:
    "Cairn ops/s ÷ reference ops/s in this run, ops/s being operations per CPU-second of the stack's own process; `ratios` holds the lower of the simple and rich credential; rows also carry the wall-clock batch-rate ratio and the median-latency ratio",
  floor: { sign: stats(floorSign), verify: stats(floorVerify) },
  rows,
  peakRssMb,
  // requests/s, median and p99 latency of GET /c/{id}.json and POST /api/v1/verify (null with --no-http).
  http,
  plan: PLAN,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write('Wrote bench/results/latest.json\n');

/** Times faster than `other`: per CPU-second (the headline), in wall-clock batch rate, in median latency. */
function compare(result, other) {
  return {
    throughput: round(result.opsPerSec / other.opsPerSec, 2),
    wall: round(result.wallOpsPerSec / other.wallOpsPerSec, 2),
    median: round(other.medianUs / result.medianUs, 2),
  };
}

function row(operation, stack, result, vsReference) {
  const floorResult = floorOf(operation.op);
  return {
    credential: operation.credential,
    op: operation.op,
    stack,
    ...stats(result),
    ...(vsReference ? { vsReference } : {}),
    // The share of the raw Ed25519 rate reached, and the same as a cost: this many raw operations' CPU.
    vsFloor: round(result.opsPerSec / floorResult.opsPerSec, 4),
    floorCost: round(floorResult.opsPerSec / result.opsPerSec, 1),
  };
}

function stats(result) {
  return {
    opsPerSec: round(result.opsPerSec, 0),
    wallOpsPerSec: round(result.wallOpsPerSec, 0),
    medianUs: round(result.medianUs, 1),
    p99Us: round(result.p99Us, 1),
    samples: result.ops,
  };
}

function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function printTable(rows, summary) {
  const header = [
    'credential',
    'operation',
    'stack',
    'ops/s',
    'median µs',
    'p99 µs',
    'Cairn/ref',
    'wall',
    'median',
    'Cairn/floor',
    'floor ops',
  ];
  const ratio = (value) => (value === undefined ? '' : `${value.toFixed(2)}×`);
  const lines = rows.map((r) => [
    r.credential,
    r.op,
    r.stack,
    String(r.opsPerSec),
    r.medianUs.toFixed(1),
    r.p99Us.toFixed(1),
    ratio(r.vsReference?.throughput),
    ratio(r.vsReference?.wall),
    ratio(r.vsReference?.median),
    r.vsFloor.toFixed(3),
    r.floorCost.toFixed(1),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const format = (cells) =>
    cells
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ');
  const out = [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(format)];
  const floorLine = (label, result) =>
    `${label} ${stats(result).opsPerSec} ops/s (median ${result.medianUs.toFixed(1)} µs)`;
  out.push(
    '',
    "ops/s: operations per CPU-second of the stack's own process (one process runs at a time). Cairn/ref: Cairn",
    'ops/s ÷ reference ops/s; wall: the same on the median wall-clock batch rate; median: reference median latency',
    '÷ Cairn median latency. Cairn/floor: ops/s ÷ raw Ed25519 ops/s; floor ops: the operation costs as much as',
    'that many raw signatures (verifications for verify rows).',
    `floor (node:crypto Ed25519, 64 bytes): ${floorLine('sign', summary.floorSign)}, ${floorLine('verify', summary.floorVerify)}`,
    `ratios (Cairn/ref, lower of simple and rich): ${JSON.stringify(summary.ratios)}`,
    `peak RSS (MB, per process): ${JSON.stringify(summary.peakRssMb)}; load average before ${summary.loadAverage.before.join(' ')}, after ${summary.loadAverage.after.join(' ')}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
