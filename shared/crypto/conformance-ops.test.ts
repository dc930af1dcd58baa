// The conformance op table run against the outside vectors, and its error codes.
// Invariant checked: the door gives the same answers as the primitives and never throws.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import adaptorDoc from './vectors/ecdsa-adaptor.dlcspecs.json';
import bip143 from './vectors/bip143.json';
import monero from './vectors/monero.json';
import { CONFORMANCE_OPS, handleConformanceLine } from './conformance-ops';

const call = (req: Record<string, unknown>) => handleConformanceLine(JSON.stringify(req));

describe('conformance ops', () => {
  it('answers the dlcspecs adaptor vectors', () => {
    for (const v of adaptorDoc.vectors as unknown as Record<string, string | null>[]) {
      if (v.kind === 'verification') {
        const r = call({ id: 1, op: 'adaptor.verify', publicKey: v.public_signing_key, encryptionKey: v.encryption_key, message: v.message_hash, adaptorSignature: v.adaptor_sig });
        expect(r).toMatchObject({ ok: true, result: { valid: !v.error } });
        if (!v.error) expect(call({ id: 2, op: 'adaptor.decrypt', adaptorSignature: v.adaptor_sig, decryptionKey: v.decryption_key })).toMatchObject({ ok: true, result: { signature: v.signature } });
      } else if (v.kind === 'recovery') {
        const r = call({ id: 3, op: 'adaptor.recover', adaptorSignature: v.adaptor_sig, signature: v.signature, encryptionKey: v.encryption_key });
        expect(r).toMatchObject(v.error ? { ok: false, error: { code: 'invalid' } } : { ok: true, result: { decryptionKey: v.decryption_key } });
      } else {
        expect(call({ id: 4, op: 'adaptor.parse', adaptorSignature: v.adaptor_sig }).ok).toBe(!v.error);
      }
    }
  });

  it('answers BIP143 and Monero vectors', () => {
    for (const c of bip143.vectors) {
      expect(call({ id: c.name, op: 'btc.sighashSegwitV0', tx: c.tx, inputIndex: c.inputIndex, scriptCode: c.scriptCode, amount: c.amount, hashType: c.hashType })).toEqual({
        id: c.name,
        ok: true,
        result: { sighash: c.sighash },
      });
    }
    expect(call({ id: 1, op: 'monero.viewFromSpend', spend: monero.wallet.spend })).toMatchObject({ result: { view: monero.wallet.view } });
    for (const [net, kind, address] of monero.validAddresses) expect(call({ id: 1, op: 'monero.decodeAddress', address })).toMatchObject({ ok: true, result: { network: net, kind } });
    for (const t of monero.base58DecodeInvalid) expect(call({ id: 1, op: 'monero.base58Decode', text: t })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('codes: bad-request, unsupported, invalid; id echoed', () => {
    expect(handleConformanceLine('{')).toEqual({ id: null, ok: false, error: { code: 'bad-request', message: 'not JSON' } });
    expect(call({ id: [1], op: 'nope' })).toMatchObject({ id: [1], ok: false, error: { code: 'unsupported' } });
    expect(call({ id: 7, op: 'keccak256' })).toMatchObject({ id: 7, ok: false, error: { code: 'bad-request' } });
    expect(call({ id: 7, op: 'keccak256', data: 'ABC' })).toMatchObject({ error: { code: 'bad-request' } });
    expect(call({ id: 8, op: 'monero.publicKey', secret: 'ff'.repeat(32) })).toMatchObject({ error: { code: 'invalid' } });
    expect(call({ id: 9, op: 'dleq.points', scalar: 'ff'.repeat(32) })).toMatchObject({ error: { code: 'invalid' } });
  });

  it('never throws on any line or any params for any op (property)', () => {
    const ops = Object.keys(CONFORMANCE_OPS);
    const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('hex')));
    fc.assert(
      fc.property(fc.constantFrom(...ops.filter((o) => !o.startsWith('dleq.prove'))), fc.dictionary(fc.constantFrom('data', 'spend', 'secret', 'address', 'text', 'hrp', 'version', 'program', 'tx', 'inputIndex', 'scriptCode', 'amount', 'hashType', 'publicKey', 'encryptionKey', 'message', 'adaptorSignature', 'decryptionKey', 'signature', 'secretKey', 'scalar', 'proof', 'ed25519', 'secp256k1', 'network', 'publicSpend', 'publicView'), value), (o, params) => {
        const r = handleConformanceLine(JSON.stringify({ ...params, id: 1, op: o }));
        expect(r.id).toBe(1);
        if (!r.ok) expect(['bad-request', 'unsupported', 'invalid']).toContain(r.error.code);
      }),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.string(), (s) => {
      expect(() => handleConformanceLine(s)).not.toThrow();
    }), { numRuns: 200 });
  });
});
