#!/usr/bin/env node
/**
 * A Cairn server for bench/batch.mjs: what `cairn serve` runs (HTTP and an in-process job worker), or a
 * worker alone (`worker` argument, like `cairn worker`), with one difference: BENCH_SIGNER=reference makes
 * issuing sign with the reference stack (@digitalbazaar/vc, eddsa-rdfc-2022) through AppContext's
 * `signer` hook, so both stacks do exactly the same work around the signature.
 *
 * Configured by the usual CAIRN_* variables. Prints `listening on <url>` (or `worker ready`), and on
 * SIGTERM stops gracefully and prints `{"maxRssKiB": …, "liveHeapKiB": …}`: its peak resident memory, and
 * the heap still in use after a full collection once the work is done.
 */
import { writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const { loadConfig } = await import(new URL('config.js', dist).href);
const { openContext } = await import(new URL('http/server.js', dist).href);
const { buildApp } = await import(new URL('http/app.js', dist).href);
const { startJobWorker } = await import(new URL('jobs/runtime.js', dist).href);
const { seedDemo } = await import(new URL('services/demo-seed.js', dist).href);

const mode = process.argv[2] === 'worker' ? 'worker' : 'serve';
const config = loadConfig(process.env);
const { ctx: base, close } = await openContext(config);

async function referenceSigner() {
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const vc = await import('@digitalbazaar/vc');
  const { exportKeyFile } = await import(new URL('core/keys/key-pair.js', dist).href);
  const { createDocumentLoader } = await import(new URL('core/jsonld/document-loader.js', dist).href);
  const { assertSignable } = await import(new URL('services/sign-credential.js', dist).href);
  const contexts = createDocumentLoader();
  const documentLoader = async (url) => contexts(url);
  const keys = new Map();
  return async (credential, options) => {
    // The same checks Cairn's signer makes before it signs, so only the signature differs.
    assertSignable(credential);
    let key = keys.get(options.keyPair.id);
    if (!key) {
      key = await Ed25519Multikey.from(exportKeyFile(options.keyPair));
      keys.set(options.keyPair.id, key);
    }
    const suite = new DataIntegrityProof({ signer: key.signer(), date: options.created, cryptosuite });
    const signed = await vc.issue({ credential, suite, documentLoader });
    // As Cairn's signer does for Open Badges: `proof` as a list.
    return Array.isArray(signed.proof) ? signed : { ...signed, proof: [signed.proof] };
  };
}

const ctx = process.env.BENCH_SIGNER === 'reference' ? { ...base, signer: await referenceSigner() } : base;

let app;
if (mode === 'serve') {
  const any = await ctx.db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (!any) {
    const seeded = await seedDemo(ctx);
    writeFileSync(`${config.dataDir}/demo.json`, JSON.stringify({ apiKey: seeded.apiKey }));
  }
  app = await buildApp(ctx, { logger: false });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  process.stdout.write(`listening on http://${config.host}:${address.port}\n`);
} else {
  process.stdout.write('worker ready\n');
}
const worker = mode === 'serve' && !config.jobs.inServer ? undefined : startJobWorker(ctx);

process.once('SIGTERM', async () => {
  await Promise.all([worker?.stop(), app?.close()]);
  await close();
  // The live heap once the batch is done, after a full collection (the bench runs node with --expose-gc):
  // what the process still holds, as opposed to peak RSS, which includes garbage not yet collected.
  globalThis.gc?.();
  const liveHeapKiB = Math.round(process.memoryUsage().heapUsed / 1024);
  process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, liveHeapKiB })}\n`);
  process.exit(0);
});
