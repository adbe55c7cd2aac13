/**
 * Bulk signing on every core: a pool of worker threads (os.availableParallelism() by default), each with
 * its own compiled contexts and imported keys. For one credential, call signCredential() in-process — a
 * round trip to a worker costs more than the signature; the pool pays off for batches (a cohort, a CSV).
 *
 * @example
 *   const pool = createSigningPool();
 *   const signed = await Promise.all(credentials.map((c) => pool.sign(c, keyPair, { format, created })));
 *   await pool.close();
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { KeyFile, KeyPair } from '../core/keys/key-pair.js';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';
import type { SigningFormat } from '../services/sign-credential.js';
import type { SigningReply, SigningTask } from './signing-pool-worker.js';

export type SigningPoolOptions = {
  /** Worker threads; default os.availableParallelism(). */
  size?: number;
  /**
   * The compiled worker module. Default: signing-pool-worker.js beside this module, which is where the
   * build puts it; tests running from src/ point at dist/.
   */
  workerUrl?: URL;
};

export type SigningPool = {
  /** Signs in a worker; resolves with the signed credential (or the JWT for vc-jwt). Same errors as signCredential. */
  sign(
    credential: Record<string, unknown>,
    key: KeyPair | KeyFile,
    options: { format: SigningFormat; created: string },
  ): Promise<Record<string, unknown> | string>;
  /** Credentials each worker has signed so far (its index in the pool). */
  readonly signedPerWorker: readonly number[];
  /** Finishes what was handed out, then stops the threads; later calls to sign() are refused. */
  close(): Promise<void>;
};

type Pending = {
  resolve: (signed: Record<string, unknown> | string) => void;
  reject: (error: Error) => void;
};

type Slot = { worker: Worker; pending: Map<number, Pending>; signed: number };

function replyError(reply: Extract<SigningReply, { ok: false }>): AppError {
  const code = reply.code !== undefined && reply.code in ERROR_CODES ? (reply.code as ErrorCode) : 'INTERNAL';
  return new AppError(code, reply.message);
}

export function createSigningPool(options: SigningPoolOptions = {}): SigningPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const workerUrl = options.workerUrl ?? new URL('./signing-pool-worker.js', import.meta.url);
  let nextId = 0;
  let closed = false;

  const slots: Slot[] = Array.from({ length: size }, () => {
    const slot: Slot = { worker: new Worker(workerUrl), pending: new Map(), signed: 0 };
    slot.worker.on('message', (reply: SigningReply) => {
      const pending = slot.pending.get(reply.id);
      slot.pending.delete(reply.id);
      if (reply.ok) {
        slot.signed++;
        pending?.resolve(reply.signed);
      } else {
        pending?.reject(replyError(reply));
      }
    });
    const failAll = (error: Error) => {
      for (const pending of slot.pending.values()) {
        pending.reject(
          new AppError('INTERNAL', `a signing worker stopped: ${error.message}`, { cause: error }),
        );
      }
      slot.pending.clear();
    };
    slot.worker.on('error', failAll);
    slot.worker.on('exit', (code) => {
      if (!closed) {
        failAll(new Error(`exit code ${code}`));
      }
    });
    return slot;
  });

  /** The worker with the fewest credentials in hand: batches spread evenly, a slow one gets fewer. */
  const leastBusy = () => slots.reduce((best, slot) => (slot.pending.size < best.pending.size ? slot : best));

  const inFlight = new Set<Promise<unknown>>();

  return {
    sign(credential, key, { format, created }) {
      if (closed) {
        return Promise.reject(new AppError('INTERNAL', 'the signing pool is closed'));
      }
      const slot = leastBusy();
      const id = nextId++;
      const task: SigningTask = { id, credential, key, format, created };
      const signed = new Promise<Record<string, unknown> | string>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage(task);
      });
      inFlight.add(signed);
      const forget = () => inFlight.delete(signed);
      signed.then(forget, forget);
      return signed;
    },
    get signedPerWorker() {
      return slots.map((slot) => slot.signed);
    },
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
