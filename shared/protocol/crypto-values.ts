// Wire shapes of the crypto values the protocol carries (lowercase hex of a fixed length).
// Guards the boundary: a key, signature or tx of the wrong size never reaches the decider.
import { z } from 'zod';
import { HexSchema, TxidSchema } from '../ids';

const HEX_RUN = /^[0-9a-f]*$/;

/**
 * `^[0-9a-f]{n}$`, tested as a length check plus one hex scan (same answer, same source for zod's
 * messages): V8 runs the counted repeat several times slower on the 129,796 characters of a DLEQ proof,
 * and every checkpoint read at start checks the proofs its state holds.
 */
export class FixedHexPattern extends RegExp {
  readonly chars: number;
  constructor(chars: number) {
    super(`^[0-9a-f]{${chars}}$`);
    this.chars = chars;
  }
  override test(s: string): boolean {
    const t = String(s);
    return t.length === this.chars && HEX_RUN.test(t);
  }
}

const fixedHex = (bytes: number, what: string) => z.string().regex(new FixedHexPattern(bytes * 2), `${what}: ${bytes} bytes as lowercase hex`);

/** sha256/keccak commitment to one value. */
export const Hash32Schema = fixedHex(32, 'hash');
/** Compressed secp256k1 point. */
export const Point33Schema = z.string().regex(/^0[23][0-9a-f]{64}$/, 'point: 33-byte compressed secp256k1 as lowercase hex');
/** ed25519 point (public spend share). */
export const EdPointSchema = fixedHex(32, 'ed25519 point');
/** ed25519 scalar, little-endian (private view share). */
export const EdScalarSchema = fixedHex(32, 'ed25519 scalar');
/** Compact ECDSA signature r||s. */
export const Sig64Schema = fixedHex(64, 'signature');
/** ECDSA adaptor (encrypted) signature, dlcspecs format R||R_a||s_a||b||c. */
export const EncSigSchema = fixedHex(162, 'adaptor signature');
/** Cross-group DLEQ proof (core encoding, 64,898 bytes). */
export const DleqProofSchema = fixedHex(64_898, 'DLEQ proof');
/** A raw consensus-serialized transaction. 100 kB is far above any protocol tx. */
export const TxHexSchema = HexSchema.min(120).max(200_000);
/** Bitcoin (or litecoin-regtest) address: network checks are the runtime's, shape checks are here. */
export const BtcAddressSchema = z.string().regex(/^[A-Za-z0-9]{14,90}$/, 'address: 14-90 alphanumeric characters');
/** Monero standard address (base58). */
export const XmrAddressSchema = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{90,110}$/, 'monero address: base58');

/** A transaction with the txid the runtime checked against its bytes before the datum was appended. */
export const TxDatumSchema = z.object({ txid: TxidSchema, hex: TxHexSchema }).strict();
export type TxDatum = z.infer<typeof TxDatumSchema>;
