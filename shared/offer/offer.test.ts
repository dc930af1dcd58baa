// Offer strings: round-trip, tamper rejection and one test per typed error. Property runs print
// their seed (set FC_SEED to replay, FC_RUNS for a longer nightly run).
import { ed25519 } from '@noble/curves/ed25519.js';
import { bech32m } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../hex';
import type { SwapId } from '../ids';
import { encodeTerms } from './offer-codec';
import { dealFromOffer } from './offer-deal';
import { OFFER_NETWORKS, OFFER_NETWORK_NAMES } from './offer-networks';
import { createOffer, identityKeyOf, OFFER_PREFIX, parseOffer, unpackOffer } from './offer';
import { U64_MAX, type OfferCheckContext } from './offer-rules';
import { HostSchema, type OfferTerms } from './offer-schema';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FC_RUNS ?? 40);
console.log(`offer.test fast-check seed=${SEED} runs=${RUNS}`);
const params = { seed: SEED, numRuns: RUNS };

const NOW = 1_800_000_000;
const ctx: OfferCheckContext = { nowSec: NOW };

const bytesArb = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const hostArb = fc.oneof(fc.ipV4(), fc.domain().filter((h) => HostSchema.safeParse(h).success && h.length <= 255), fc.constantFrom('::1', 'fe80::1'));

/** Valid terms built from the network table, so every generated offer satisfies the rules. */
const termsArb = (makerKey: string): fc.Arbitrary<OfferTerms> =>
  fc.constantFrom(...OFFER_NETWORK_NAMES).chain((network) => {
    const net = OFFER_NETWORKS[network];
    // The smallest cancel that leaves a buy window: finality <= cancel - safety.
    const floor = net.btcFinality + net.btcSafety - 1;
    return fc
      .record({
        offerId: bytesArb(16).map((b) => toHex(b) as SwapId),
        makerRole: fc.constantFrom('alice' as const, 'bob' as const),
        btcSats: fc.bigInt(net.minBtcSats, net.maxBtcSats).map(String),
        xmrPiconero: fc.bigInt(net.minXmrPiconero, net.maxXmrPiconero).map(String),
        cancelTimelock: fc.integer({ min: floor + 1, max: 0xfffe }),
        satPerKvB: fc.integer({ min: net.minFeeSatPerKvB, max: net.maxFeeSatPerKvB }),
        expiresAt: fc.integer({ min: NOW + 1, max: 0xffffffff }),
        host: hostArb,
        port: fc.integer({ min: 1, max: 65535 }),
        punishGap: fc.integer({ min: 1, max: 0xffff }),
      })
      .map((r) => ({
        offerId: r.offerId,
        network,
        makerRole: r.makerRole,
        btcSats: r.btcSats,
        xmrPiconero: r.xmrPiconero,
        cancelTimelock: r.cancelTimelock,
        punishTimelock: Math.min(0xffff, r.cancelTimelock + r.punishGap),
        fee: { kind: 'fixed' as const, satPerKvB: r.satPerKvB },
        expiresAt: r.expiresAt,
        makerKey,
        makerAddress: { host: r.host, port: r.port },
      }));
  });

const seedArb = bytesArb(32).filter((s) => s.some((b) => b !== 0));
const withKey = seedArb.chain((seed) => termsArb(identityKeyOf(seed)).map((terms) => ({ seed, terms })));

function mustCreate(terms: OfferTerms, seed: Uint8Array): string {
  const r = createOffer(terms, seed, ctx);
  if (!r.ok) throw new Error(`createOffer failed: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

const fixedSeed = new Uint8Array(32).fill(7);
const base: OfferTerms = {
  offerId: '00112233445566778899aabbccddeeff' as SwapId,
  network: 'regtest',
  makerRole: 'bob',
  btcSats: '100000',
  xmrPiconero: '1000000000000',
  cancelTimelock: 10,
  punishTimelock: 20,
  fee: { kind: 'fixed', satPerKvB: 2000 },
  expiresAt: NOW + 3600,
  makerKey: identityKeyOf(fixedSeed),
  makerAddress: { host: '127.0.0.1', port: 9735 },
};

/** Re-packs a payload with a given signature into a checksum-valid string (what a forger would paste). */
const repack = (payload: Uint8Array, sig: Uint8Array): string => {
  const b = new Uint8Array(payload.length + sig.length);
  b.set(payload);
  b.set(sig, payload.length);
  return bech32m.encode(OFFER_PREFIX, bech32m.toWords(b), false);
};

describe('offer round-trip', () => {
  it('property: parse(create(terms)) equals terms, and the string starts with fcswap1', () => {
    fc.assert(
      fc.property(withKey, ({ seed, terms }) => {
        const s = mustCreate(terms, seed);
        expect(s.startsWith('fcswap1')).toBe(true);
        const parsed = parseOffer(s, ctx);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect({ ...parsed.value }).toEqual(terms);
      }),
      params,
    );
  });

  it('accepts the string upper-cased and with surrounding whitespace (copy-paste)', () => {
    const s = mustCreate(base, fixedSeed);
    const r = parseOffer(`  ${s.toUpperCase()}\n`, ctx);
    expect(r.ok && r.value.btcSats).toBe('100000');
  });

  it('the regtest example of protocol.md section 12 is short enough to paste (< 300 chars)', () => {
    const s = mustCreate(base, fixedSeed);
    console.log(`offer string length: ${s.length} chars`);
    expect(s.length).toBeLessThan(300);
  });
});

describe('offer tamper rejection', () => {
  // Every field, changed to another valid value and re-packed under the original signature.
  const mutations: Record<keyof OfferTerms, (t: OfferTerms) => OfferTerms> = {
    offerId: (t) => ({ ...t, offerId: (t.offerId.startsWith('0') ? `1${t.offerId.slice(1)}` : `0${t.offerId.slice(1)}`) as SwapId }),
    network: (t) => ({ ...t, network: t.network === 'regtest' ? 'testnet' : 'regtest' }),
    makerRole: (t) => ({ ...t, makerRole: t.makerRole === 'bob' ? 'alice' : 'bob' }),
    btcSats: (t) => ({ ...t, btcSats: String(BigInt(t.btcSats) === OFFER_NETWORKS[t.network].maxBtcSats ? BigInt(t.btcSats) - 1n : BigInt(t.btcSats) + 1n) }),
    xmrPiconero: (t) => ({ ...t, xmrPiconero: String(BigInt(t.xmrPiconero) === U64_MAX ? U64_MAX - 1n : BigInt(t.xmrPiconero) + 1n) }),
    cancelTimelock: (t) => ({ ...t, cancelTimelock: t.cancelTimelock - 1 }),
    punishTimelock: (t) => ({ ...t, punishTimelock: t.punishTimelock === 0xffff ? 0xfffe : t.punishTimelock + 1 }),
    fee: (t) => ({ ...t, fee: { kind: 'fixed', satPerKvB: t.fee.satPerKvB + 1 } }),
    expiresAt: (t) => ({ ...t, expiresAt: t.expiresAt === 0xffffffff ? t.expiresAt - 1 : t.expiresAt + 1 }),
    makerKey: (t) => ({ ...t, makerKey: identityKeyOf(new Uint8Array(32).fill(9)) }),
    makerAddress: (t) => ({ ...t, makerAddress: { ...t.makerAddress, port: t.makerAddress.port === 1 ? 2 : t.makerAddress.port - 1 } }),
    // A version-1 offer re-packed as a standing (version-2) one: the version byte is signed too.
    standing: (t) => ({ ...t, standing: { minBtcSats: t.btcSats, capacity: 2 } }),
  };

  for (const [field, mutate] of Object.entries(mutations) as [keyof OfferTerms, (t: OfferTerms) => OfferTerms][]) {
    it(`property: changing ${field} under the original signature is rejected as offer-bad-signature`, () => {
      fc.assert(
        fc.property(withKey, ({ seed, terms }) => {
          const orig = unpackOffer(mustCreate(terms, seed));
          if (!orig.ok) throw new Error('unpack');
          const changed = mutate(terms);
          expect(changed[field]).not.toEqual(terms[field]);
          const forged = repack(encodeTerms(changed), orig.value.signature);
          const r = parseOffer(forged, ctx);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.kind).toBe('offer-bad-signature');
        }),
        { ...params, numRuns: Math.max(5, Math.floor(RUNS / 4)) },
      );
    });
  }

  it('property: any single flipped bit of the signed bytes is rejected', () => {
    fc.assert(
      fc.property(withKey, fc.nat(), ({ seed, terms }, pick) => {
        const u = unpackOffer(mustCreate(terms, seed));
        if (!u.ok) throw new Error('unpack');
        const all = new Uint8Array([...u.value.payload, ...u.value.signature]);
        const bit = pick % (all.length * 8);
        all[bit >> 3]! ^= 1 << (bit & 7);
        const r = parseOffer(repack(all.subarray(0, u.value.payload.length), all.subarray(u.value.payload.length)), ctx);
        expect(r.ok).toBe(false);
      }),
      params,
    );
  });

  it('every single-character substitution of the string is rejected (checksum or signature)', () => {
    const s = mustCreate(base, fixedSeed);
    const alphabet = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
    let rejected = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      const other = alphabet[(alphabet.indexOf(c) + 1) % alphabet.length] ?? 'q';
      const r = parseOffer(s.slice(0, i) + (c === '1' ? 'x' : other) + s.slice(i + 1), ctx);
      expect(r.ok, `position ${i}`).toBe(false);
      rejected++;
    }
    expect(rejected).toBe(s.length);
  });

  it('a signature by another key over the same terms is rejected', () => {
    const other = new Uint8Array(32).fill(3);
    const payload = encodeTerms(base);
    const u = unpackOffer(mustCreate(base, fixedSeed));
    if (!u.ok) throw new Error('unpack');
    const tag = new TextEncoder().encode('farcaster-swap/offer/v1\0');
    const sig = ed25519.sign(new Uint8Array([...tag, ...payload]), other);
    expect(toHex(sig)).not.toBe(toHex(u.value.signature));
    const r = parseOffer(repack(payload, sig), ctx);
    expect(!r.ok && r.error.kind).toBe('offer-bad-signature');
  });
});

describe('offer typed errors', () => {
  const signed = (t: OfferTerms) => {
    // Sign without the maker-side rule check, to hand the taker an offer that breaks a rule.
    const payload = encodeTerms(t);
    const tag = new TextEncoder().encode('farcaster-swap/offer/v1\0');
    return repack(payload, ed25519.sign(new Uint8Array([...tag, ...payload]), fixedSeed));
  };
  const kindOf = (s: string, c = ctx) => {
    const r = parseOffer(s, c);
    return r.ok ? 'ok' : `${r.error.kind}: ${r.error.message}`;
  };

  it('the unmodified signer output parses (control for the cases below)', () => {
    expect(kindOf(signed(base))).toBe('ok');
  });

  it.each([
    ['cancel <= finality', { cancelTimelock: 1, punishTimelock: 20 }, /finality < cancel/],
    ['punish <= cancel', { cancelTimelock: 10, punishTimelock: 10 }, /cancel < punish/],
    ['cancel <= safety', { cancelTimelock: 3, punishTimelock: 20 }, /safety < cancel/],
  ])('%s -> offer-bad-params naming the rule', (_name, patch, rule) => {
    const k = kindOf(signed({ ...base, ...patch }));
    expect(k).toMatch(/^offer-bad-params/);
    expect(k).toMatch(rule);
  });

  it('the taker own margins apply: finality >= safety and safety >= punish are refused', () => {
    expect(kindOf(signed(base), { nowSec: NOW, temporal: { btcFinality: 3, btcSafety: 3 } })).toMatch(/finality < safety/);
    expect(kindOf(signed(base), { nowSec: NOW, temporal: { btcFinality: 1, btcSafety: 25 } })).toMatch(/offer-bad-params/);
    expect(kindOf(signed({ ...base, cancelTimelock: 30, punishTimelock: 31 }), { nowSec: NOW, temporal: { btcFinality: 1, btcSafety: 31 } })).toMatch(/safety < cancel/);
  });

  it('mainnet uses finality 6 / safety 7 from the network table: cancel 7 and 12 are refused, 13 accepted', () => {
    expect(kindOf(signed({ ...base, network: 'mainnet', cancelTimelock: 7, punishTimelock: 20 }))).toMatch(/safety < cancel/);
    expect(kindOf(signed({ ...base, network: 'mainnet', cancelTimelock: 12, punishTimelock: 20 }))).toMatch(/no safe buy window/);
    expect(kindOf(signed({ ...base, network: 'mainnet', cancelTimelock: 13, punishTimelock: 20 }))).toBe('ok');
  });

  it('amounts below dust and zero XMR -> offer-bad-amount', () => {
    expect(kindOf(signed({ ...base, btcSats: '545' }))).toMatch(/^offer-bad-amount: BTC amount 545/);
    expect(kindOf(signed({ ...base, btcSats: '546' }))).toBe('ok');
    expect(kindOf(signed({ ...base, xmrPiconero: '0' }))).toMatch(/^offer-bad-amount: XMR amount 0/);
  });

  it('a BTC amount above the 21 million coin supply -> offer-bad-amount; exactly the supply is fine', () => {
    const supply = 21_000_000n * 100_000_000n;
    expect(kindOf(signed({ ...base, btcSats: String(supply + 1n) }))).toMatch(/^offer-bad-amount: BTC amount 2100000000000001 sats is above/);
    expect(kindOf(signed({ ...base, btcSats: String(supply) }))).toBe('ok');
  });

  it('stagenet (wire 3) and signet (wire 4) offers parse and verify; the first three keep bytes 0, 1, 2', () => {
    for (const [network, wire] of [['mainnet', 0], ['testnet', 1], ['regtest', 2], ['stagenet', 3], ['signet', 4]] as const) {
      const terms = { ...base, network, cancelTimelock: OFFER_NETWORKS[network].cancelTimelock, punishTimelock: OFFER_NETWORKS[network].punishTimelock };
      expect(encodeTerms(terms)[1]).toBe(wire);
      const r = parseOffer(signed(terms), ctx);
      expect(r.ok && r.value.network).toBe(network);
    }
  });

  it('fee below min relay or absurdly high -> offer-bad-params', () => {
    expect(kindOf(signed({ ...base, fee: { kind: 'fixed', satPerKvB: 999 } }))).toMatch(/^offer-bad-params: fixed fee 999/);
    expect(kindOf(signed({ ...base, fee: { kind: 'fixed', satPerKvB: 1_000_001 } }))).toMatch(/^offer-bad-params/);
  });

  it('expired at exactly expiresAt -> offer-expired; one second before is fine', () => {
    const s = signed(base);
    expect(kindOf(s, { nowSec: base.expiresAt })).toMatch(/^offer-expired/);
    expect(kindOf(s, { nowSec: base.expiresAt - 1 })).toBe('ok');
  });

  it('unknown network, version, role and fee bytes (re-signed) get their own errors', () => {
    const tag = new TextEncoder().encode('farcaster-swap/offer/v1\0');
    const patched = (at: number, v: number) => {
      const p = encodeTerms(base);
      p[at] = v;
      return repack(p, ed25519.sign(new Uint8Array([...tag, ...p]), fixedSeed));
    };
    expect(kindOf(patched(1, 9))).toMatch(/^offer-unknown-network: offer names unknown network #9/);
    expect(kindOf(patched(0, 3))).toMatch(/^offer-unsupported-version/);
    // Version 2 (standing) is read, but a version-1 body under its byte lacks the range and capacity.
    expect(kindOf(patched(0, 2))).toMatch(/^offer-malformed: offer length .* \(version 2\)/);
    expect(kindOf(patched(2, 5))).toMatch(/^offer-malformed: maker role/);
    expect(kindOf(patched(39, 1))).toMatch(/^offer-malformed: fee strategy/);
  });

  it('trailing or missing bytes -> offer-malformed; wrong prefix, junk, truncation -> offer-encoding', () => {
    const u = unpackOffer(signed(base));
    if (!u.ok) throw new Error('unpack');
    expect(kindOf(repack(new Uint8Array([...u.value.payload, 0]), u.value.signature))).toMatch(/^offer-malformed/);
    expect(kindOf(repack(u.value.payload.subarray(0, 40), u.value.signature))).toMatch(/^offer-malformed/);
    expect(kindOf('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toMatch(/^offer-encoding/);
    expect(kindOf('hello')).toMatch(/^offer-encoding/);
    expect(kindOf(signed(base).slice(0, -5))).toMatch(/^offer-encoding/);
    expect(kindOf(bech32m.encode('fcswapx', bech32m.toWords(new Uint8Array(10)), false))).toMatch(/^offer-encoding/);
  });

  it('a small-order maker key -> offer-bad-key (anyone could sign for it)', () => {
    const identity = ed25519.Point.ZERO.toHex(); // the identity point: order 1
    const p = encodeTerms({ ...base, makerKey: identity });
    expect(kindOf(repack(p, new Uint8Array(64)))).toMatch(/^offer-bad-key/);
  });

  it('createOffer refuses a key mismatch, a bad seed and rule-breaking terms, and returns no string', () => {
    const mismatch = createOffer({ ...base, makerKey: identityKeyOf(new Uint8Array(32).fill(1)) }, fixedSeed, ctx);
    expect(!mismatch.ok && mismatch.error.kind).toBe('offer-bad-key');
    const short = createOffer(base, new Uint8Array(31), ctx);
    expect(!short.ok && short.error.kind).toBe('offer-bad-key');
    const bad = createOffer({ ...base, punishTimelock: 5 }, fixedSeed, ctx);
    expect(!bad.ok && bad.error.kind).toBe('offer-bad-params');
    const shape = createOffer({ ...base, btcSats: '-1' }, fixedSeed, ctx);
    expect(!shape.ok && shape.error.kind).toBe('offer-malformed');
    const expired = createOffer(base, fixedSeed, { nowSec: base.expiresAt + 1 });
    expect(!expired.ok && expired.error.kind).toBe('offer-expired');
  });
});

describe('offer -> deal', () => {
  it('property: every parsed offer yields a valid deal for both sides, with opposite roles and the signed terms', () => {
    fc.assert(
      fc.property(withKey, ({ seed, terms }) => {
        const parsed = parseOffer(mustCreate(terms, seed), ctx);
        if (!parsed.ok) throw new Error(parsed.error.message);
        const maker = dealFromOffer(parsed.value, 'maker');
        const taker = dealFromOffer(parsed.value, 'taker');
        if (!maker.ok || !taker.ok) throw new Error(`deal invalid: ${!maker.ok ? maker.error.message : ''} ${!taker.ok ? taker.error.message : ''}`);
        expect(maker.value.role).toBe(terms.makerRole);
        expect(taker.value.role).toBe(terms.makerRole === 'alice' ? 'bob' : 'alice');
        for (const d of [maker.value, taker.value]) {
          expect([d.swapId, d.btcAmount, d.xmrAmount, d.cancelTimelock, d.punishTimelock]).toEqual([terms.offerId, terms.btcSats, terms.xmrPiconero, terms.cancelTimelock, terms.punishTimelock]);
        }
      }),
      params,
    );
  });

  it('an empty buy window (finality > cancel - safety) is refused by the offer rules, as the deal would be', () => {
    const temporal = { btcFinality: 5, btcSafety: 6 };
    const s = mustCreate({ ...base, cancelTimelock: 10, punishTimelock: 20 }, fixedSeed);
    const p = parseOffer(s, { nowSec: NOW, temporal });
    expect(p.ok ? 'ok' : p.error.message).toMatch(/no safe buy window/);
    // The same offer under the regtest defaults is fine, and so is the deal derived from it.
    const q = parseOffer(s, ctx);
    expect(q.ok && dealFromOffer(q.value, 'taker').ok).toBe(true);
  });
});
