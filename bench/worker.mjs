/**
 * One stack in its own process (`node bench/worker.mjs cairn|reference|floor`), so that each has its own
 * heap and garbage collector, and its CPU time is its own. The parent runs one batch at a time, in one
 * process at a time: a single core's work.
 */
import { performance } from 'node:perf_hooks';

const stack = process.argv[2];
const { operations } = await import(`./${stack}-stack.mjs`);
let ops = {};

async function handle(message) {
  switch (message.type) {
    case 'init':
      ops = await operations(message.inputs);
      return { names: Object.keys(ops) };
    case 'warmup': {
      // Warm up (JIT, caches) and estimate one operation's cost.
      const fn = ops[message.name];
      let count = 0;
      const start = performance.now();
      while (performance.now() - start < message.ms || count < 5) {
        await fn();
        count++;
      }
      return { perOpMs: (performance.now() - start) / count };
    }
    case 'batch': {
      const fn = ops[message.name];
      const times = new Array(message.size);
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < message.size; i++) {
        const t0 = performance.now();
        await fn();
        times[i] = performance.now() - t0;
      }
      const wallMs = performance.now() - start;
      const used = process.cpuUsage(cpu);
      return { times, wallMs, cpuMs: (used.user + used.system) / 1000 };
    }
    case 'exit':
      return { maxRssMb: process.resourceUsage().maxRSS / 1024 };
    default:
      throw new Error(`unknown message ${message.type}`);
  }
}

process.on('message', (message) => {
  handle(message).then(
    (reply) => {
      process.send({ ok: true, ...reply }, () => {
        if (message.type === 'exit') {
          process.exit(0);
        }
      });
    },
    (error) => process.send({ ok: false, error: String(error?.stack ?? error) }),
  );
});
process.send({ ok: true, ready: true });
