// Worker thread body of the DLEQ verifier pool: checks the ring signatures of a range of bits.
// Invariant: answers every request with its id; a malformed request is a "false", never a crash.
import { parentPort } from 'node:worker_threads';
import { dleqVerifyRings } from '../../shared/crypto/cross-group-dleq';
import { dleqTables } from '../../shared/crypto/dleq-generators';

interface RingRequest {
  readonly id: number;
  readonly proof: Uint8Array;
  readonly from: number;
  readonly to: number;
}

dleqTables(); // build the fixed-base tables before the first request arrives
parentPort?.postMessage({ ready: true });
parentPort?.on('message', (m: RingRequest) => {
  let valid: boolean;
  try {
    valid = m.proof instanceof Uint8Array && dleqVerifyRings(m.proof, m.from, m.to);
  } catch {
    valid = false;
  }
  parentPort?.postMessage({ id: m.id, valid });
});
