// The conformance door (docs/conformance.md): each op's params schema and its call into the real
// shared/crypto functions. Invariant: one request gives exactly one response with a closed code;
// nothing here reimplements a primitive, and no input can make an op throw past this table.
import { z } from 'zod';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58xmr } from '@scure/base';
import { fromHex, toHex } from '../../shared/hex';
import { AmountSchema, HexSchema } from '../../shared/ids';
import type { CryptoResult } from '../../shared/crypto/crypto-error';
import { decodeTx, sighashSegwitV0 } from '../../shared/crypto/btc-sighash';
import { dleqPoints, dleqProve, dleqVerify } from '../../shared/crypto/cross-group-dleq';
import { adaptorDecrypt, adaptorEncrypt, adaptorRecover, adaptorVerify, parseAdaptorSignature, serializeAdaptorSignature } from '../../shared/crypto/ecdsa-adaptor';
import { decodeMoneroAddress, encodeStandardAddress } from '../../shared/crypto/monero-address';
import { publicKeyOf, viewFromSpend } from '../../shared/crypto/monero-keys';
import { decodeBech32, decodeSegwitAddress, encodeSegwitAddress } from '../../shared/crypto/segwit-address';

export type ConformanceCode = 'bad-request' | 'unsupported' | 'invalid';
export type ConformanceResponse =
  | { id: unknown; ok: true; result: Record<string, unknown> }
  | { id: unknown; ok: false; error: { code: ConformanceCode; message: string } };

type OpOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; message: string };

const H = HexSchema;
const uint = (max: number) => z.number().int().min(0).max(max);

function from<T>(r: CryptoResult<T>, map: (v: T) => Record<string, unknown>): OpOutcome {
  return r.ok ? { ok: true, result: map(r.value) } : { ok: false, message: `${r.error.kind}: ${r.error.message}` };
}

interface Op<S extends z.ZodType> {
  readonly params: S;
  readonly run: (p: z.infer<S>) => OpOutcome;
}
const op = <S extends z.ZodType>(params: S, run: (p: z.infer<S>) => OpOutcome): Op<S> => ({ params, run });

export const CONFORMANCE_OPS: Readonly<Record<string, Op<z.ZodType>>> = {
  keccak256: op(z.object({ data: H }), (p) => ({ ok: true, result: { hash: toHex(keccak_256(fromHex(p.data))) } })),
  'monero.viewFromSpend': op(z.object({ spend: H }), (p) => from(viewFromSpend(fromHex(p.spend)), (v) => ({ view: toHex(v) }))),
  'monero.publicKey': op(z.object({ secret: H }), (p) => from(publicKeyOf(fromHex(p.secret)), (v) => ({ public: toHex(v) }))),
  'monero.encodeAddress': op(z.object({ network: z.enum(['mainnet', 'testnet', 'stagenet']), publicSpend: H, publicView: H }), (p) =>
    from(encodeStandardAddress(p.network, fromHex(p.publicSpend), fromHex(p.publicView)), (address) => ({ address })),
  ),
  'monero.decodeAddress': op(z.object({ address: z.string() }), (p) =>
    from(decodeMoneroAddress(p.address), (a) => ({
      network: a.network,
      kind: a.kind,
      publicSpend: toHex(a.publicSpend),
      publicView: toHex(a.publicView),
      ...(a.paymentId ? { paymentId: toHex(a.paymentId) } : {}),
    })),
  ),
  'monero.base58Encode': op(z.object({ data: H }), (p) => ({ ok: true, result: { text: base58xmr.encode(fromHex(p.data)) } })),
  'monero.base58Decode': op(z.object({ text: z.string() }), (p) => {
    try {
      return { ok: true, result: { data: toHex(base58xmr.decode(p.text)) } };
    } catch (e) {
      return { ok: false, message: `bad-encoding: ${(e as Error).message}` };
    }
  }),
  'bech32.decode': op(z.object({ text: z.string() }), (p) => from(decodeBech32(p.text), (d) => ({ hrp: d.hrp, encoding: d.encoding }))),
  'btc.decodeSegwitAddress': op(z.object({ address: z.string(), hrp: z.string() }), (p) =>
    from(decodeSegwitAddress(p.address, p.hrp), (d) => ({ version: d.version, program: toHex(d.program) })),
  ),
  'btc.encodeSegwitAddress': op(z.object({ hrp: z.string(), version: uint(16), program: H }), (p) =>
    from(encodeSegwitAddress(p.hrp, p.version, fromHex(p.program)), (address) => ({ address })),
  ),
  'btc.sighashSegwitV0': op(z.object({ tx: H, inputIndex: uint(0xffffffff), scriptCode: H, amount: AmountSchema, hashType: uint(0xffffffff) }), (p) => {
    const tx = decodeTx(fromHex(p.tx));
    if (!tx.ok) return from(tx, () => ({}));
    return from(sighashSegwitV0(tx.value, p.inputIndex, fromHex(p.scriptCode), BigInt(p.amount), p.hashType), (h) => ({ sighash: toHex(h) }));
  }),
  'adaptor.verify': op(z.object({ publicKey: H, encryptionKey: H, message: H, adaptorSignature: H }), (p) =>
    from(adaptorVerify(fromHex(p.publicKey), fromHex(p.encryptionKey), fromHex(p.message), fromHex(p.adaptorSignature)), (valid) => ({ valid })),
  ),
  'adaptor.decrypt': op(z.object({ adaptorSignature: H, decryptionKey: H }), (p) =>
    from(adaptorDecrypt(fromHex(p.adaptorSignature), fromHex(p.decryptionKey)), (s) => ({ signature: toHex(s) })),
  ),
  'adaptor.recover': op(z.object({ adaptorSignature: H, signature: H, encryptionKey: H }), (p) =>
    from(adaptorRecover(fromHex(p.encryptionKey), fromHex(p.adaptorSignature), fromHex(p.signature)), (y) => ({ decryptionKey: toHex(y) })),
  ),
  // The fields come from serializing the parsed signature again, so a harness can check that parse
  // and serialization agree (dlcspecs "serialization" tests) instead of seeing its own bytes echoed.
  'adaptor.parse': op(z.object({ adaptorSignature: H }), (p) =>
    from(parseAdaptorSignature(fromHex(p.adaptorSignature)), (a) => {
      const bytes = serializeAdaptorSignature(a);
      return {
        R: toHex(bytes.subarray(0, 33)),
        Ra: toHex(bytes.subarray(33, 66)),
        sa: toHex(bytes.subarray(66, 98)),
        proof: toHex(bytes.subarray(98, 162)),
      };
    }),
  ),
  'adaptor.encrypt': op(z.object({ secretKey: H, encryptionKey: H, message: H }), (p) =>
    from(adaptorEncrypt(fromHex(p.secretKey), fromHex(p.encryptionKey), fromHex(p.message)), (a) => ({ adaptorSignature: toHex(a) })),
  ),
  'dleq.points': op(z.object({ scalar: H }), (p) => from(dleqPoints(fromHex(p.scalar)), (s) => ({ ed25519: toHex(s.ed25519), secp256k1: toHex(s.secp256k1) }))),
  'dleq.prove': op(z.object({ scalar: H }), (p) =>
    from(dleqProve(fromHex(p.scalar)), (s) => ({ proof: toHex(s.proof), ed25519: toHex(s.ed25519), secp256k1: toHex(s.secp256k1) })),
  ),
  'dleq.verify': op(z.object({ proof: H, ed25519: H, secp256k1: H }), (p) =>
    from(dleqVerify(fromHex(p.proof), { ed25519: fromHex(p.ed25519), secp256k1: fromHex(p.secp256k1) }), (valid) => ({ valid })),
  ),
};

const RequestSchema = z.object({ op: z.string() }).passthrough();

/** One input line -> one response object. Never throws. */
export function handleConformanceLine(line: string): ConformanceResponse {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { id: null, ok: false, error: { code: 'bad-request', message: 'not JSON' } };
  }
  const id = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'id' in raw ? (raw as { id: unknown }).id : null;
  const req = RequestSchema.safeParse(raw);
  if (!req.success) return { id, ok: false, error: { code: 'bad-request', message: 'expected an object with a string "op"' } };
  const entry = Object.hasOwn(CONFORMANCE_OPS, req.data.op) ? CONFORMANCE_OPS[req.data.op] : undefined;
  if (!entry) return { id, ok: false, error: { code: 'unsupported', message: `unknown op ${req.data.op}` } };
  const params = entry.params.safeParse(raw);
  if (!params.success) {
    const issue = params.error.issues[0];
    return { id, ok: false, error: { code: 'bad-request', message: issue ? `${issue.path.join('.') || 'params'}: ${issue.message}` : 'bad params' } };
  }
  try {
    const out = entry.run(params.data);
    return out.ok ? { id, ok: true, result: out.result } : { id, ok: false, error: { code: 'invalid', message: out.message } };
  } catch (e) {
    // A throw here is a bug in a primitive's input checks; still answer, and say so.
    return { id, ok: false, error: { code: 'invalid', message: `refused (unexpected): ${(e as Error).message}` } };
  }
}
