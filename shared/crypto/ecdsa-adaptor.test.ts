// Known-answer tests (dlcspecs vectors) and properties for ECDSA adaptor signatures.
// Invariant checked: valid vectors pass every stage, invalid ones are refused; round-trips hold.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { fromHex, toHex } from '../hex';
import vectorsDoc from './vectors/ecdsa-adaptor.dlcspecs.json';
import {
  adaptorDecrypt,
  adaptorEncrypt,
  adaptorRecover,
  adaptorVerify,
  ecdsaVerify,
  parseAdaptorSignature,
  serializeAdaptorSignature,
} from './ecdsa-adaptor';

type V = Record<string, string | null | undefined>;
const vectors = vectorsDoc.vectors as V[];
const h = (s: string | null | undefined): Uint8Array => fromHex(s ?? '');

describe('dlcspecs ECDSA-adaptor vectors', () => {
  it('has all 11 vectors', () => expect(vectors.length).toBe(11));
  for (const [i, v] of vectors.entries()) {
    it(`#${i} ${v.kind}: ${v.comment ?? v.error ?? ''}`, () => {
      if (v.kind === 'verification') {
        const valid = adaptorVerify(h(v.public_signing_key), h(v.encryption_key), h(v.message_hash), h(v.adaptor_sig));
        expect(valid.ok).toBe(true);
        if (!valid.ok) return;
        if (v.error) {
          expect(valid.value).toBe(false);
          return;
        }
        expect(valid.value).toBe(true);
        const sig = adaptorDecrypt(h(v.adaptor_sig), h(v.decryption_key));
        expect(sig.ok && toHex(sig.value)).toBe(v.signature);
        expect(ecdsaVerify(h(v.signature), h(v.message_hash), h(v.public_signing_key))).toBe(true);
        const y = adaptorRecover(h(v.encryption_key), h(v.adaptor_sig), h(v.signature));
        expect(y.ok && toHex(y.value)).toBe(v.decryption_key);
      } else if (v.kind === 'recovery') {
        const y = adaptorRecover(h(v.encryption_key), h(v.adaptor_sig), h(v.signature));
        if (v.error) {
          expect(y.ok).toBe(false);
          if (!y.ok) expect(y.error.kind).toBe('mismatch');
        } else {
          expect(y.ok && toHex(y.value)).toBe(v.decryption_key);
        }
      } else {
        const p = parseAdaptorSignature(h(v.adaptor_sig));
        expect(p.ok).toBe(!v.error);
        if (p.ok) expect(toHex(serializeAdaptorSignature(p.value))).toBe(v.adaptor_sig);
      }
    });
  }
});

const scalarArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => secp256k1.utils.isValidSecretKey(b));

describe('adaptor signature properties', () => {
  it('encrypt -> verify -> decrypt -> valid ECDSA -> recover yields the decryption key', () => {
    fc.assert(
      fc.property(scalarArb, scalarArb, fc.uint8Array({ minLength: 32, maxLength: 32 }), (x, y, m) => {
        const X = secp256k1.getPublicKey(x, true);
        const Y = secp256k1.getPublicKey(y, true);
        const a = adaptorEncrypt(x, Y, m);
        if (!a.ok) throw new Error(a.error.message);
        expect(a.value.length).toBe(162);
        expect(adaptorVerify(X, Y, m, a.value)).toEqual({ ok: true, value: true });
        const sig = adaptorDecrypt(a.value, y);
        if (!sig.ok) throw new Error(sig.error.message);
        expect(ecdsaVerify(sig.value, m, X)).toBe(true);
        const rec = adaptorRecover(Y, a.value, sig.value);
        expect(rec.ok && toHex(rec.value)).toBe(toHex(y));
      }),
      { numRuns: 8 },
    );
  });

  it('rejects a wrong signer, encryption key, message, or any flipped byte', () => {
    fc.assert(
      fc.property(scalarArb, scalarArb, scalarArb, fc.nat({ max: 161 }), (x, y, other, pos) => {
        const X = secp256k1.getPublicKey(x, true);
        const Y = secp256k1.getPublicKey(y, true);
        const O = secp256k1.getPublicKey(other, true);
        const m = new Uint8Array(32).fill(7);
        const a = adaptorEncrypt(x, Y, m);
        if (!a.ok) throw new Error(a.error.message);
        expect(adaptorVerify(O, Y, m, a.value)).toEqual({ ok: true, value: false });
        expect(adaptorVerify(X, O, m, a.value)).toEqual({ ok: true, value: false });
        expect(adaptorVerify(X, Y, new Uint8Array(32).fill(8), a.value)).toEqual({ ok: true, value: false });
        const bad = a.value.slice();
        bad[pos] = bad[pos]! ^ 0x01;
        expect(adaptorVerify(X, Y, m, bad)).toEqual({ ok: true, value: false });
        // a signature decrypted with the wrong key recovers nothing
        const wrong = adaptorDecrypt(a.value, other);
        if (!wrong.ok) throw new Error(wrong.error.message);
        expect(ecdsaVerify(wrong.value, m, X)).toBe(false);
        expect(adaptorRecover(Y, a.value, wrong.value).ok).toBe(false);
      }),
      { numRuns: 5 },
    );
  });

  it('refuses malformed inputs with typed errors', () => {
    const x = new Uint8Array(32).fill(1);
    const Y = secp256k1.getPublicKey(new Uint8Array(32).fill(2), true);
    expect(adaptorEncrypt(new Uint8Array(32), Y, new Uint8Array(32))).toMatchObject({ ok: false, error: { kind: 'bad-scalar' } });
    expect(adaptorEncrypt(x, new Uint8Array(33), new Uint8Array(32))).toMatchObject({ ok: false, error: { kind: 'bad-point' } });
    expect(adaptorEncrypt(x, Y, new Uint8Array(31))).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
    expect(parseAdaptorSignature(new Uint8Array(161))).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
    expect(adaptorDecrypt(new Uint8Array(162), x)).toMatchObject({ ok: false });
  });
});
