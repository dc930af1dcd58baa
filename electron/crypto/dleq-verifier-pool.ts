// Verifies cross-group DLEQ proofs off the main thread, splitting the ring signatures over worker
// threads (the proof's cost is ~1000 scalar multiplications). Invariant: the answer is true only if
// the head checks and every bit range passed; a dead or failing worker makes the answer an error.
// The head runs on the last worker beside its rings, so nothing of a proof runs on the caller's thread.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { DLEQ_BITS, DLEQ_PROOF_LENGTH, dleqVerifyHead, type DleqStatement } from '../../shared/crypto/cross-group-dleq';
import type { CryptoResult } from '../../shared/crypto/crypto-error';
import { err, ok, appError, type Result, type AppError } from '../../shared/result';

interface Pending {
  /** A ring check's `valid`, or a head check's CryptoResult. */
  resolve: (answer: unknown) => void;
  reject: (e: Error) => void;
}

class RingWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor() {
    const isTs = import.meta.url.endsWith('.ts');
    const url = new URL(isTs ? './dleq-verifier-worker.ts' : './dleq-verifier-worker.js', import.meta.url);
    // Under tsx (tests, CLIs) the worker registers the TypeScript loader itself before importing;
    // Node 20 does not pass --import hooks to worker threads.
    this.worker = isTs
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true })
      : new Worker(url);
    this.ready = new Promise((resolve, reject) => {
      const onMsg = (m: { ready?: boolean }): void => {
        if (m.ready) {
          this.worker.off('message', onMsg);
          resolve();
        }
      };
      this.worker.on('message', onMsg);
      this.worker.once('error', reject);
    });
    this.worker.on('message', (m: { id?: number; valid?: boolean; head?: CryptoResult<boolean> }) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m.head !== undefined ? m.head : m.valid === true);
    });
    const failAll = (e: Error): void => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`DLEQ worker exited (${code})`)));
  }

  check(proof: Uint8Array, from: number, to: number): Promise<boolean> {
    return this.ask({ proof, from, to }) as Promise<boolean>;
  }

  checkHead(proof: Uint8Array, statement: DleqStatement): Promise<CryptoResult<boolean>> {
    return this.ask({ head: true, proof, ed25519: statement.ed25519, secp256k1: statement.secp256k1 }) as Promise<CryptoResult<boolean>>;
  }

  private ask(body: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...body });
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

export interface DleqVerifierPool {
  /** Resolves once every worker has built its tables. */
  readonly ready: Promise<void>;
  verify(proof: Uint8Array, statement: DleqStatement): Promise<Result<boolean, AppError<'bad-length' | 'bad-point' | 'worker-failed' | string>>>;
  stop(): Promise<void>;
}

export function startDleqVerifierPool(size = Math.max(1, Math.min(4, availableParallelism()))): DleqVerifierPool {
  const workers = Array.from({ length: size }, () => new RingWorker());
  const ready = Promise.all(workers.map((w) => w.ready)).then(() => undefined);
  return {
    ready,
    async verify(proof, statement) {
      await ready;
      // A proof of the wrong size is refused here at once (its typed error), before any worker is asked:
      // a request left unawaited would reject unhandled when the pool stops.
      if (proof.length !== DLEQ_PROOF_LENGTH) return dleqVerifyHead(proof, statement);
      const chunk = Math.ceil(DLEQ_BITS / workers.length);
      const parts = workers.map((w, i) => {
        const from = i * chunk;
        const to = Math.min(DLEQ_BITS, from + chunk);
        return from < to ? w.check(proof, from, to) : Promise.resolve(true);
      });
      // The head (sizes, sums, proofs of knowledge) runs on a worker too, after its share of the rings:
      // on this thread it held a busy maker's event loop ~1.6 s a swap (bench:maker, CPU profile).
      try {
        const [head, ...rings] = await Promise.all([workers[workers.length - 1]!.checkHead(proof, statement), ...parts]);
        if (!head.ok) return head;
        return ok(head.value && rings.every((r) => r));
      } catch (e) {
        return err(appError('worker-failed', `DLEQ verification did not complete: ${(e as Error).message}`));
      }
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}
