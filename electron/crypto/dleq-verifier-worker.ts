// Worker thread body of the DLEQ verifier pool: checks the ring signatures of a range of bits, or the
// proof's head. Invariant: answers every request with its id; a malformed ring request is a "false",
// a head check that throws an error result, never a crash.
import { parentPort } from 'node:worker_threads';
import { dleqVerifyHead, dleqVerifyRings } from '../../shared/crypto/cross-group-dleq';
import { dleqTables } from '../../shared/crypto/dleq-generators';
import { appError, err } from '../../shared/result';

interface RingRequest {
  readonly id: number;
  readonly proof: Uint8Array;
  readonly from: number;
  readonly to: number;
}

/** The head of the proof (sizes, sums, proofs of knowledge): its CryptoResult comes back as is. */
interface HeadRequest {
  readonly id: number;
  readonly head: true;
  readonly proof: Uint8Array;
  readonly ed25519: Uint8Array;
  readonly secp256k1: Uint8Array;
}

dleqTables(); // build the fixed-base tables before the first request arrives
parentPort?.postMessage({ ready: true });
parentPort?.on('message', (m: RingRequest | HeadRequest) => {
  if ('head' in m) {
    let head;
    try {
      head = dleqVerifyHead(m.proof, { ed25519: m.ed25519, secp256k1: m.secp256k1 });
    } catch (e) {
      head = err(appError('worker-failed', `DLEQ head check threw: ${(e as Error).message}`));
    }
    return void parentPort?.postMessage({ id: m.id, head });
  }
  let valid: boolean;
  try {
    valid = m.proof instanceof Uint8Array && dleqVerifyRings(m.proof, m.from, m.to);
  } catch {
    valid = false;
  }
  parentPort?.postMessage({ id: m.id, valid });
});
