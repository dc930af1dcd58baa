// The book's node:crypto ed25519 verifier gives noble's verdicts: RFC 8032's known answers verify, any
// flipped bit of signature, message or key does not, nor an S past the group order, a small-order or
// non-canonical key (OpenSSL alone would take the identity key's trivial signature: the noble key check
// in front refuses it), and readOrderEvent with it accepts and refuses the same events as with noble.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/hex';
import { nobleEd25519, unpackOffer } from '../../shared/offer/offer';
import { orderTemplate, readOrderEvent, type ReadOrderContext } from '../../shared/offer/nostr-order';
import { signNostrEvent } from '../../shared/crypto/nostr-key';
import { encodeTerms } from '../../shared/offer/offer-codec';
import { bech32m } from '@scure/base';
import { orderEvent, signedOffer, standingTerms, testMaker } from '../../rigs/nostr/order-fixtures';
import { nodeEd25519 } from './fast-ed25519';

const node = nodeEd25519();
const both = (sig: Uint8Array, msg: Uint8Array, key: Uint8Array) => [nobleEd25519.verify(sig, msg, key), node.verify(sig, msg, key)];
const flip = (b: Uint8Array, i: number, bit = 1) => Uint8Array.from(b, (x, j) => (j === i ? x ^ bit : x));

// RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte).
const VECTORS = [
  {
    key: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    msg: '',
    sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    key: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    msg: '72',
    sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
].map((v) => ({ key: fromHex(v.key), msg: fromHex(v.msg), sig: fromHex(v.sig) }));

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const fromLe = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

describe('the node:crypto ed25519 verifier against noble', () => {
  it('RFC 8032 test vectors 1 and 2 verify under both', () => {
    for (const v of VECTORS) {
      expect(both(v.sig, v.msg, v.key)).toEqual([true, true]);
      expect([nobleEd25519.keyIsValid(v.key), node.keyIsValid(v.key)]).toEqual([true, true]);
    }
  });

  it('a flipped bit in R, in S, in the message or in the key is refused by both', () => {
    for (const v of VECTORS) {
      for (const i of [0, 17, 31, 32, 45, 63]) expect(both(flip(v.sig, i), v.msg, v.key), `sig byte ${i}`).toEqual([false, false]);
      expect(both(v.sig, Uint8Array.from([...v.msg, 0]), v.key)).toEqual([false, false]);
      for (const i of [0, 13, 30]) expect(both(v.sig, v.msg, flip(v.key, i))).toEqual([false, false]);
      expect(both(v.sig.subarray(0, 63), v.msg, v.key)).toEqual([false, false]);
    }
  });

  it('S + L (the same point equation, a non-canonical scalar) is refused by both', () => {
    const v = VECTORS[0]!;
    const s = fromLe(v.sig.subarray(32));
    const malleated = Uint8Array.from([...v.sig.subarray(0, 32), ...le(s + L)]);
    expect(both(malleated, v.msg, v.key)).toEqual([false, false]);
  });

  it("a small-order key is refused, even with the identity's trivial signature OpenSSL alone accepts", () => {
    const identity = le(1n); // y = 1: the neutral point, order 1
    const trivial = Uint8Array.from([...le(1n), ...le(0n)]); // R = identity, S = 0: S·B = R + k·A for any message
    expect([nobleEd25519.keyIsValid(identity), node.keyIsValid(identity)]).toEqual([false, false]);
    expect(both(trivial, new Uint8Array([1, 2, 3]), identity)).toEqual([false, false]);
    const order2 = le(2n ** 255n - 19n - 1n); // y = -1: order 2
    expect([nobleEd25519.keyIsValid(order2), node.keyIsValid(order2)]).toEqual([false, false]);
  });

  it('a non-canonical key encoding (y >= p) is refused by both', () => {
    const v = VECTORS[0]!;
    const y = fromLe(Uint8Array.from(v.key, (x, i) => (i === 31 ? x & 0x7f : x)));
    const p = 2n ** 255n - 19n;
    if (y + p < 2n ** 255n) expect(both(v.sig, v.msg, le(y + p))).toEqual([false, false]);
    const pPlus1 = le(p + 1n); // the identity's y written past p
    expect([nobleEd25519.keyIsValid(pPlus1), node.keyIsValid(pPlus1)]).toEqual([false, false]);
  });

  it('random keys and messages: the same verdict on every genuine and every tampered signature', () => {
    for (let i = 0; i < 40; i++) {
      const { secretKey, publicKey } = ed25519.keygen();
      const msg = crypto.getRandomValues(new Uint8Array(1 + i * 7));
      const sig = ed25519.sign(msg, secretKey);
      expect(both(sig, msg, publicKey)).toEqual([true, true]);
      const bit = 1 << i % 8;
      expect(both(flip(sig, i % 64, bit), msg, publicKey)).toEqual([false, false]);
      expect(both(sig, flip(msg, i % msg.length, bit), publicKey)).toEqual([false, false]);
    }
  });
});

describe('readOrderEvent with the node:crypto verifier', () => {
  const NOW = 1_800_000_000;
  const maker = testMaker(7);
  const other = testMaker(9);
  const terms = standingTerms(maker, { now: NOW, offerId: '00112233445566778899aabbccddeeff' });
  const offer = signedOffer(maker, terms, NOW);
  const pending = { status: 'pending', remaining: 3 } as const;
  const u = unpackOffer(offer);
  if (!u.ok) throw new Error(u.error.message);
  const forgedTerms = { ...terms, xmrPiconero: '9000000000000' };
  const forged = bech32m.encode('fcswap', bech32m.toWords(Uint8Array.from([...encodeTerms(forgedTerms), ...u.value.signature])), false);
  const events = {
    genuine: orderEvent(maker, terms, pending, NOW, NOW),
    forgedOffer: signNostrEvent(maker.nostrSecret, orderTemplate(forged, forgedTerms, pending, maker.binding, NOW)),
    unbound: signNostrEvent(other.nostrSecret, orderTemplate(offer, terms, pending, maker.binding, NOW)),
    badBinding: signNostrEvent(maker.nostrSecret, orderTemplate(offer, terms, pending, toHex(flip(fromHex(maker.binding), 5)), NOW)),
  };
  const verdicts = (ctx: () => ReadOrderContext) =>
    Object.fromEntries(Object.entries(events).map(([name, e]) => {
      const r = readOrderEvent(e, ctx());
      return [name, r.ok ? 'ok' : r.error.kind];
    }));

  it('accepts and refuses the same events as noble, for the same reasons', () => {
    const expected = { genuine: 'ok', forgedOffer: 'offer-invalid', unbound: 'unbound-key', badBinding: 'unbound-key' };
    expect(verdicts(() => ({ nowSec: NOW }))).toEqual(expected);
    expect(verdicts(() => ({ nowSec: NOW, ed25519: node }))).toEqual(expected);
  });
});
