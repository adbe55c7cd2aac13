/**
 * The timing harness. Each stack runs in a worker process (worker.mjs); the parent warms every case up,
 * sizes each case's batch to about the same wall time, then runs rounds in which every case runs one
 * batch — one process at a time — alternating the order of cases each round so drift spreads evenly.
 *
 * ops/s is operations per CPU-second of the stack's own process (user + system, its GC threads included),
 * the median over rounds of each batch's rate: what an operation costs, whether or not other work shares
 * the machine (a batch slowed by contention is an outlier). Wall-clock latencies (median, p99 per
 * operation) and the median wall-clock batch rate are reported beside it.
 */
import { fork } from 'node:child_process';

/** A stack's worker process, spoken to one request at a time. */
export class StackProcess {
  constructor(stack) {
    this.stack = stack;
    this.child = fork(new URL('./worker.mjs', import.meta.url), [stack], { execArgv: [] });
    this.pending = [];
    this.ready = new Promise((resolve) => this.pending.push({ resolve, reject: resolve }));
    this.child.on('message', (reply) => {
      const waiter = this.pending.shift();
      if (reply.ok) {
        waiter?.resolve(reply);
      } else {
        waiter?.reject(new Error(`${stack} worker: ${reply.error}`));
      }
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.splice(0)) {
        waiter.reject(new Error(`${stack} worker exited (${code})`));
      }
    });
  }

  async request(message) {
    await this.ready;
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.send(message);
    });
  }
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * @param {{ id: string, process: StackProcess, name: string }[]} cases
 * @param {{ warmupMs: number, roundMs: number, rounds: number }} plan
 */
export async function measure(cases, plan) {
  const batches = new Map();
  for (const c of cases) {
    const { perOpMs } = await c.process.request({ type: 'warmup', name: c.name, ms: plan.warmupMs });
    batches.set(c.id, Math.max(1, Math.round(plan.roundMs / perOpMs)));
  }
  const totals = new Map(cases.map((c) => [c.id, { times: [], cpuRates: [], wallRates: [] }]));
  for (let round = 0; round < plan.rounds; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      const size = batches.get(c.id);
      const { times, wallMs, cpuMs } = await c.process.request({ type: 'batch', name: c.name, size });
      const total = totals.get(c.id);
      total.times.push(...times);
      total.cpuRates.push((size / cpuMs) * 1000);
      total.wallRates.push((size / wallMs) * 1000);
    }
  }
  const median = (values) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  const results = new Map();
  for (const [id, { times, cpuRates, wallRates }] of totals) {
    const sorted = [...times].sort((a, b) => a - b);
    results.set(id, {
      id,
      ops: times.length,
      opsPerSec: median(cpuRates),
      wallOpsPerSec: median(wallRates),
      medianUs: quantile(sorted, 0.5) * 1000,
      p99Us: quantile(sorted, 0.99) * 1000,
    });
  }
  return results;
}
