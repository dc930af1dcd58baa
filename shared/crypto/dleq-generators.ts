// The four generators of the cross-group DLEQ proof and their precomputed tables.
// Invariant: G' (= Monero's H) and H' are fixed nothing-up-my-sleeve points; tables are built once.
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '@noble/curves/utils.js';
import { normalizeZ } from '@noble/curves/abstract/curve.js';

export const EdB = ed25519.Point.BASE;
export const SecpG = secp256k1.Point.BASE;
export const DLEQ_BITS = 252;

type Ed = InstanceType<typeof ed25519.Point>;
type Secp = InstanceType<typeof secp256k1.Point>;

export interface DleqTables {
  /** G' = 8·decompress(keccak256(compress(B))), Monero's `H`. */
  readonly Gp: Ed;
  /** H' = lift_x(sha256(uncompressed(G))) with even y. */
  readonly Hp: Secp;
  /** 2^i·B and 2^i·G for i in [0, 252). */
  readonly pow2B: readonly Ed[];
  readonly pow2G: readonly Secp[];
}

let tables: DleqTables | undefined;

/** Built lazily on first use (a few tens of ms); later calls reuse the same tables. */
export function dleqTables(): DleqTables {
  if (tables) return tables;
  const Gp = ed25519.Point.fromBytes(keccak_256(EdB.toBytes())).multiplyUnsafe(8n);
  const Hp = secp256k1.Point.fromBytes(concatBytes(Uint8Array.of(2), sha256(SecpG.toBytes(false))));
  Gp.precompute(8, false);
  Hp.precompute(8, false);
  const pow2B: Ed[] = [];
  const pow2G: Secp[] = [];
  let b = EdB;
  let g = SecpG;
  for (let i = 0; i < DLEQ_BITS; i++) {
    pow2B.push(b);
    pow2G.push(g);
    b = b.double();
    g = g.double();
  }
  tables = { Gp, Hp, pow2B: normalizeZ(ed25519.Point, pow2B), pow2G: normalizeZ(secp256k1.Point, pow2G) };
  return tables;
}
