// The conformance op table: error codes, the edge rules docs/conformance.md names, and that no line
// can make it throw. (The public vectors run in conformance-vectors.test.ts.)
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import adaptorDoc from '../../shared/crypto/vectors/ecdsa-adaptor.dlcspecs.json';
import { CONFORMANCE_OPS, handleConformanceLine } from './conformance-ops';

const call = (req: Record<string, unknown>) => handleConformanceLine(JSON.stringify(req));

describe('conformance ops', () => {
  it('codes: bad-request, unsupported, invalid; id echoed', () => {
    expect(handleConformanceLine('{')).toEqual({ id: null, ok: false, error: { code: 'bad-request', message: 'not JSON' } });
    expect(call({ id: [1], op: 'nope' })).toMatchObject({ id: [1], ok: false, error: { code: 'unsupported' } });
    expect(call({ id: 7, op: 'keccak256' })).toMatchObject({ id: 7, ok: false, error: { code: 'bad-request' } });
    expect(call({ id: 7, op: 'keccak256', data: 'ABC' })).toMatchObject({ error: { code: 'bad-request' } });
    expect(call({ id: 8, op: 'monero.publicKey', secret: 'ff'.repeat(32) })).toMatchObject({ error: { code: 'invalid' } });
    expect(call({ id: 9, op: 'dleq.points', scalar: 'ff'.repeat(32) })).toMatchObject({ error: { code: 'invalid' } });
  });

  it('malformed lines: each gets its code and a message saying what was wrong', () => {
    const code = (line: string) => {
      const r = handleConformanceLine(line);
      return r.ok ? 'ok' : `${String(r.id)}:${r.error.code}:${r.error.message}`;
    };
    expect(code('not json')).toBe('null:bad-request:not JSON');
    expect(code('')).toBe('null:bad-request:not JSON');
    expect(code('[1,2]')).toMatch(/^null:bad-request:.*"op"/);
    expect(code('"keccak256"')).toMatch(/^null:bad-request:/);
    expect(code('null')).toMatch(/^null:bad-request:/);
    expect(code('{"id":1}')).toMatch(/^1:bad-request:.*"op"/);
    expect(code('{"id":1,"op":5}')).toMatch(/^1:bad-request:/);
    expect(code('{"id":1,"op":"sha512"}')).toBe('1:unsupported:unknown op sha512');
    expect(code('{"id":1,"op":"constructor"}')).toMatch(/^1:unsupported:/); // no prototype lookups
    expect(code('{"id":1,"op":"keccak256","data":7}')).toMatch(/^1:bad-request:data: .*string/);
    expect(code('{"id":1,"op":"keccak256","data":"abc"}')).toMatch(/^1:bad-request:data: lowercase even-length hex/);
    expect(code('{"id":1,"op":"keccak256","data":"ABCD"}')).toMatch(/^1:bad-request:data: lowercase even-length hex/);
    expect(code('{"id":1,"op":"keccak256","data":"0xab"}')).toMatch(/^1:bad-request:data:/);
    expect(code('{"id":1,"op":"btc.sighashSegwitV0","tx":"00","inputIndex":-1,"scriptCode":"","amount":"1","hashType":1}')).toMatch(/^1:bad-request:inputIndex:/);
    expect(code('{"id":1,"op":"btc.sighashSegwitV0","tx":"00","inputIndex":0,"scriptCode":"","amount":1,"hashType":1}')).toMatch(/^1:bad-request:amount:/);
    expect(code('{"id":1,"op":"btc.encodeSegwitAddress","hrp":"bc","version":"0","program":"00"}')).toMatch(/^1:bad-request:version:/);
    expect(code('{"id":1,"op":"monero.encodeAddress","network":"regtest","publicSpend":"","publicView":""}')).toMatch(/^1:bad-request:network:/);
    expect(code('{"id":1,"op":"btc.sighashSegwitV0","tx":"00","inputIndex":0,"scriptCode":"","amount":"1","hashType":1}')).toMatch(/^1:invalid:/);
  });

  it('a 1 MB line is answered, valid or not', () => {
    const mb = 'ab'.repeat(512 * 1024);
    expect(call({ id: 1, op: 'keccak256', data: mb })).toMatchObject({ id: 1, ok: true });
    const fixed: Record<string, unknown> = { network: 'mainnet', version: 0, inputIndex: 0, amount: '1', hashType: 1 };
    for (const o of Object.keys(CONFORMANCE_OPS).filter((x) => x !== 'keccak256' && x !== 'monero.base58Encode')) {
      // Every string param of the op (and only those) is 1 MB of well-formed hex.
      const names = Object.keys((CONFORMANCE_OPS[o]!.params as z.ZodObject).shape);
      const params = Object.fromEntries(names.map((n) => [n, n in fixed ? fixed[n] : mb]));
      const r = handleConformanceLine(JSON.stringify({ id: o, op: o, ...params }));
      expect(r.ok, o).toBe(false);
      if (!r.ok) expect(['bad-request', 'invalid'], o).toContain(r.error.code);
    }
    expect(handleConformanceLine(`{"id":2,"op":"keccak256","data":"${mb}`)).toMatchObject({ id: null, error: { code: 'bad-request' } });
  });

  it('monero.publicKey: invalid for an unreduced scalar (l itself, 2^256-1), ok just below l', () => {
    const l = 'edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010';
    const lMinus1 = 'ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010';
    expect(call({ id: 1, op: 'monero.publicKey', secret: l })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(call({ id: 1, op: 'monero.publicKey', secret: 'ff'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(call({ id: 1, op: 'monero.publicKey', secret: lMinus1 })).toMatchObject({ ok: true });
    expect(call({ id: 1, op: 'monero.publicKey', secret: '00'.repeat(31) })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('dleq.points: scalar must be below 2^252 (little-endian), 2^252 - 1 is accepted', () => {
    const twoTo252 = '00'.repeat(31) + '10';
    const below = 'ff'.repeat(31) + '0f';
    expect(call({ id: 1, op: 'dleq.points', scalar: twoTo252 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(call({ id: 1, op: 'dleq.points', scalar: below })).toMatchObject({ ok: true });
    expect(call({ id: 1, op: 'dleq.points', scalar: '01' + '00'.repeat(31) })).toEqual({
      id: 1,
      ok: true,
      result: { ed25519: '58' + '66'.repeat(31), secp256k1: '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798' },
    });
  });

  const [v0, , , r0] = adaptorDoc.vectors as unknown as Record<string, string>[];

  it('adaptor.recover: invalid when the signature does not belong to the adaptor signature', () => {
    // Another adaptor signature's signature: its r is not x(R).
    expect(call({ id: 1, op: 'adaptor.recover', adaptorSignature: v0!.adaptor_sig, signature: r0!.signature, encryptionKey: v0!.encryption_key })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/R value/) },
    });
    // Same r, another s: s^-1 s_a is neither y nor -y.
    const forged = v0!.signature!.slice(0, 64) + '01'.repeat(32);
    expect(call({ id: 2, op: 'adaptor.recover', adaptorSignature: v0!.adaptor_sig, signature: forged, encryptionKey: v0!.encryption_key })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    // The right signature under another encryption key.
    expect(call({ id: 3, op: 'adaptor.recover', adaptorSignature: v0!.adaptor_sig, signature: v0!.signature, encryptionKey: r0!.encryption_key })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('adaptor.parse: the dlcspecs / secp256k1-zkp parsing rules', () => {
    const sig = v0!.adaptor_sig!;
    const parse = (hex: string) => call({ id: 1, op: 'adaptor.parse', adaptorSignature: hex });
    const n = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141';
    const notOnCurveX = '0000000000000000000000000000000000000000000000000000000000000005'; // x^3 + 7 = 132 is not a square mod p
    const at = (offset: number, part: string) => sig.slice(0, offset * 2) + part + sig.slice(offset * 2 + part.length);
    expect(parse(sig)).toMatchObject({ ok: true, result: { R: sig.slice(0, 66), Ra: sig.slice(66, 132), sa: sig.slice(132, 196), proof: sig.slice(196) } });
    expect(parse(sig.slice(0, -2))).toMatchObject({ error: { code: 'invalid', message: expect.stringMatching(/162 bytes/) } });
    expect(parse(sig + '00')).toMatchObject({ error: { code: 'invalid' } });
    expect(parse(at(0, '04'))).toMatchObject({ error: { code: 'invalid' } }); // R not compressed
    expect(parse(at(0, '02' + notOnCurveX))).toMatchObject({ error: { code: 'invalid' } }); // R not on the curve
    expect(parse(at(33, '03' + notOnCurveX))).toMatchObject({ error: { code: 'invalid' } }); // R_a not on the curve
    expect(parse(at(66, '00'.repeat(32)))).toMatchObject({ error: { code: 'invalid' } }); // s_a = 0
    expect(parse(at(66, n))).toMatchObject({ error: { code: 'invalid' } }); // s_a = n
    expect(parse(at(130, n))).toMatchObject({ error: { code: 'invalid' } }); // proof response = n
    expect(parse(at(130, 'ff'.repeat(32)))).toMatchObject({ error: { code: 'invalid' } });
    // The challenge is read mod n, as secp256k1-zkp does (it cannot be >= n in a real proof): it parses,
    // and the re-serialized proof shows the reduced value, so the difference is visible to a harness.
    const bigB = parse(at(98, 'ff'.repeat(32)));
    expect(bigB).toMatchObject({ ok: true });
    if (bigB.ok) expect((bigB.result.proof as string).slice(0, 64)).toBe('000000000000000000000000000000014551231950b75fc4402da1732fc9bebe');
    // An unparsable signature is simply not valid for adaptor.verify (secp256k1-zkp returns 0 too).
    expect(call({ id: 1, op: 'adaptor.verify', publicKey: v0!.public_signing_key, encryptionKey: v0!.encryption_key, message: v0!.message_hash, adaptorSignature: at(66, n) })).toMatchObject({
      ok: true,
      result: { valid: false },
    });
  });

  it('adaptor.encrypt output verifies, decrypts and recovers through the door', () => {
    const x = '11'.repeat(32);
    const y = '22'.repeat(32);
    const Y = call({ id: 0, op: 'dleq.points', scalar: y.slice(0, 62) + '01' });
    expect(Y.ok).toBe(true);
    if (!Y.ok) return;
    const yBE = (y.slice(0, 62) + '01').match(/../g)!.reverse().join(''); // dleq.points reads LE; adaptor keys are BE
    const X = call({ id: 0, op: 'dleq.points', scalar: x.slice(0, 62) + '01' });
    if (!X.ok) throw new Error('X');
    const xBE = (x.slice(0, 62) + '01').match(/../g)!.reverse().join('');
    const m = '33'.repeat(32);
    const enc = call({ id: 1, op: 'adaptor.encrypt', secretKey: xBE, encryptionKey: Y.result.secp256k1, message: m });
    expect(enc.ok).toBe(true);
    if (!enc.ok) return;
    const a = enc.result.adaptorSignature as string;
    expect(a).toHaveLength(324);
    expect(call({ id: 2, op: 'adaptor.verify', publicKey: X.result.secp256k1, encryptionKey: Y.result.secp256k1, message: m, adaptorSignature: a })).toMatchObject({ result: { valid: true } });
    const dec = call({ id: 3, op: 'adaptor.decrypt', adaptorSignature: a, decryptionKey: yBE });
    if (!dec.ok) throw new Error('decrypt');
    expect(call({ id: 4, op: 'adaptor.recover', adaptorSignature: a, signature: dec.result.signature, encryptionKey: Y.result.secp256k1 })).toMatchObject({ result: { decryptionKey: yBE } });
  });

  it('dleq.prove output verifies through the door; a changed statement does not', () => {
    const scalar = '2a' + '00'.repeat(30) + '05';
    const p = call({ id: 1, op: 'dleq.prove', scalar });
    if (!p.ok) throw new Error(JSON.stringify(p));
    expect(p.result.proof).toHaveLength(64_898 * 2);
    expect(call({ id: 2, op: 'dleq.points', scalar })).toEqual({ id: 2, ok: true, result: { ed25519: p.result.ed25519, secp256k1: p.result.secp256k1 } });
    const { proof, ed25519, secp256k1 } = p.result;
    expect(call({ id: 3, op: 'dleq.verify', proof, ed25519, secp256k1 })).toEqual({ id: 3, ok: true, result: { valid: true } });
    const other = call({ id: 4, op: 'dleq.points', scalar: '2b' + '00'.repeat(30) + '05' });
    if (!other.ok) throw new Error('points');
    expect(call({ id: 5, op: 'dleq.verify', proof, ed25519, secp256k1: other.result.secp256k1 })).toMatchObject({ ok: true, result: { valid: false } });
  }, 120_000); // a proof and two verifications: seconds alone, longer on a loaded 2-core machine

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
