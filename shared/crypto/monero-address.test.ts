// Known-answer tests from Monero's own test suites for keys, base58 and addresses, plus properties.
// Invariant checked: encode/decode agree with monero's vectors and refuse every corrupted address.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base58xmr } from '@scure/base';
import { fromHex, toHex } from '../hex';
import v from './vectors/monero.json';
import { decodeMoneroAddress, encodeMoneroAddress, encodeStandardAddress, type MoneroNetwork } from './monero-address';
import { addPublicKeys, addSecrets, checkKeyPair, jointKeys, publicKeyOf, scReduce32, viewFromSpend } from './monero-keys';
import { ED_L, scalarToBytesLE } from './ed25519-codec';

describe('Monero base58 (tests/unit_tests/base58.cpp)', () => {
  it.each(v.base58Encode)('encodes %s', (data, text) => expect(base58xmr.encode(fromHex(data!))).toBe(text));
  it.each(v.base58DecodeValid)('decodes %s', (text, data) => expect(toHex(base58xmr.decode(text!))).toBe(data));
  it('refuses every invalid vector', () => {
    for (const t of v.base58DecodeInvalid) expect(() => base58xmr.decode(t), t).toThrow();
  });
});

describe('Monero keys and addresses (monero-project vectors)', () => {
  it('view key = sc_reduce32(keccak256(spend)), and the wallet address from both public keys', () => {
    const view = viewFromSpend(fromHex(v.wallet.spend));
    expect(view.ok && toHex(view.value)).toBe(v.wallet.view);
    const S = publicKeyOf(fromHex(v.wallet.spend));
    const V = publicKeyOf(fromHex(v.wallet.view));
    if (!S.ok || !V.ok) throw new Error('public keys');
    const addr = encodeStandardAddress('mainnet', S.value, V.value);
    expect(addr.ok && addr.value).toBe(v.wallet.address);
    expect(checkKeyPair(fromHex(v.wallet.spend), S.value).ok).toBe(true);
    expect(checkKeyPair(fromHex(v.wallet.view), S.value)).toMatchObject({ ok: false, error: { kind: 'mismatch' } });
  });

  it('encodes the serialized keys of base58.cpp', () => {
    const k = v.serializedKeysAddress;
    const a = encodeStandardAddress('mainnet', fromHex(k.publicSpend), fromHex(k.publicView));
    expect(a.ok && a.value).toBe(k.address);
    const d = decodeMoneroAddress(k.address);
    expect(d.ok && toHex(d.value.publicSpend)).toBe(k.publicSpend);
    expect(d.ok && toHex(d.value.publicView)).toBe(k.publicView);
  });

  it.each(v.validAddresses)('decodes %s %s %s and re-encodes it', (network, kind, address) => {
    const d = decodeMoneroAddress(address!);
    if (!d.ok) throw new Error(d.error.message);
    expect(d.value.network).toBe(network);
    expect(d.value.kind).toBe(kind);
    expect(encodeMoneroAddress(d.value)).toEqual({ ok: true, value: address });
  });

  it.each(v.invalidAddresses)('refuses %j', (address) => expect(decodeMoneroAddress(address).ok).toBe(false));

  it.each(v.integrated)('integrated address for $paymentId', (c) => {
    const s = decodeMoneroAddress(c.standard);
    if (!s.ok) throw new Error(s.error.message);
    const i = encodeMoneroAddress({ ...s.value, kind: 'integrated', paymentId: fromHex(c.paymentId) });
    expect(i).toEqual({ ok: true, value: c.integrated });
    const d = decodeMoneroAddress(c.integrated);
    expect(d.ok && d.value.paymentId && toHex(d.value.paymentId)).toBe(c.paymentId);
  });

  it('publicKeyOf refuses an unreduced scalar; sc_reduce32 reduces', () => {
    const l = scalarToBytesLE(ED_L);
    expect(publicKeyOf(l)).toMatchObject({ ok: false, error: { kind: 'bad-scalar' } });
    expect(toHex(scReduce32(l))).toBe('00'.repeat(32));
  });
});

const secretArb = fc.bigInt({ min: 1n, max: ED_L - 1n }).map(scalarToBytesLE);
const netArb = fc.constantFrom<MoneroNetwork>('mainnet', 'testnet', 'stagenet');

describe('Monero properties', () => {
  it('address round-trip: decode(encode(keys)) returns the keys and network', () => {
    fc.assert(
      fc.property(secretArb, secretArb, netArb, (s, w, net) => {
        const S = publicKeyOf(s), V = publicKeyOf(w);
        if (!S.ok || !V.ok) throw new Error('keys');
        const a = encodeStandardAddress(net, S.value, V.value);
        if (!a.ok) throw new Error(a.error.message);
        const d = decodeMoneroAddress(a.value);
        expect(d.ok && [d.value.network, d.value.kind, toHex(d.value.publicSpend), toHex(d.value.publicView)]).toEqual([net, 'standard', toHex(S.value), toHex(V.value)]);
      }),
      { numRuns: 10 },
    );
  });

  it('any changed character breaks the address', () => {
    fc.assert(
      fc.property(fc.nat({ max: 94 }), fc.constantFrom(...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'), (pos, ch) => {
        const a = v.wallet.address;
        fc.pre(a[pos] !== ch);
        expect(decodeMoneroAddress(a.slice(0, pos) + ch + a.slice(pos + 1)).ok).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('joint keys: (ka + kb)·B == K_a + K_b and the joint view key is the sum of the shares', () => {
    fc.assert(
      fc.property(secretArb, secretArb, secretArb, secretArb, (ka, kb, va, vb) => {
        const Ka = publicKeyOf(ka), Kb = publicKeyOf(kb);
        if (!Ka.ok || !Kb.ok) throw new Error('keys');
        const j = jointKeys(Ka.value, Kb.value, va, vb);
        const ks = addSecrets(ka, kb);
        if (!j.ok || !ks.ok) throw new Error('joint');
        expect(checkKeyPair(ks.value, j.value.spendPublic).ok).toBe(true);
        expect(toHex(j.value.spendPublic)).toBe(toHex((addPublicKeys(Ka.value, Kb.value) as { value: Uint8Array }).value));
        expect(checkKeyPair(ka, j.value.spendPublic).ok).toBe(false);
      }),
      { numRuns: 5 },
    );
  });
});
