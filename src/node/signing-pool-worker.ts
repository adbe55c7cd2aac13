/**
 * A signing pool worker thread (see signing-pool.ts): signs what the pool hands it with Node's crypto and
 * the fast canonical path. Key pairs imported from key files are kept, so a bulk run imports each key once
 * per worker (the crypto backend keeps its KeyObjects the same way).
 */
import { parentPort } from 'node:worker_threads';
import { createFastCanonizer } from '../core/jsonld/fast-canonize.js';
import { importKeyFile, type KeyFile, type KeyPair } from '../core/keys/key-pair.js';
import { isAppError } from '../errors.js';
import { type SigningFormat, signCredential } from '../services/sign-credential.js';
import { nodeCryptoBackend } from './node-crypto-backend.js';

export type SigningTask = {
  id: number;
  credential: Record<string, unknown>;
  key: KeyPair | KeyFile;
  format: SigningFormat;
  created: string;
};

export type SigningReply =
  | { id: number; ok: true; signed: Record<string, unknown> | string }
  | { id: number; ok: false; code: string | undefined; message: string };

const deps = {
  crypto: nodeCryptoBackend,
  canonize: createFastCanonizer(undefined, { sha256Hex: nodeCryptoBackend.sha256Hex }),
};
const keyPairs = new Map<string, KeyPair>();

function keyPairOf(key: KeyPair | KeyFile): KeyPair {
  if ('privateKey' in key) {
    return key;
  }
  const cacheKey = JSON.stringify(key);
  let keyPair = keyPairs.get(cacheKey);
  if (!keyPair) {
    keyPair = importKeyFile(key, nodeCryptoBackend);
    keyPairs.set(cacheKey, keyPair);
  }
  return keyPair;
}

const port = parentPort;
if (!port) {
  throw new Error('signing-pool-worker runs as a worker thread of createSigningPool()');
}
port.on('message', async (task: SigningTask) => {
  let reply: SigningReply;
  try {
    const signed = await signCredential(
      task.credential,
      { keyPair: keyPairOf(task.key), format: task.format, created: task.created },
      deps,
    );
    reply = { id: task.id, ok: true, signed };
  } catch (error) {
    reply = {
      id: task.id,
      ok: false,
      code: isAppError(error) ? error.code : undefined,
      message: isAppError(error) ? (error.detail ?? error.message) : String(error),
    };
  }
  port.postMessage(reply);
});
