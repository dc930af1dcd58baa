// NIP-69 order events: the maker's event reads back as the verified offer with its state; a forged
// offer, tags that disagree with the offer, a key the maker did not bind, an oversized, expired,
// mis-signed or foreign event are each ignored with their typed reason; the signer's template check
// accepts only offer events and their deletions.
import { bech32m } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { encodeTerms } from './offer-codec';
import { OFFER_PREFIX, unpackOffer } from './offer';
import { signNostrEvent, type NostrEventTemplate } from '../crypto/nostr-key';
import { orderEvent, signedOffer, standingTerms, testMaker } from '../../rigs/nostr/order-fixtures';
import { deletionTemplate, isOfferEventTemplate, MAX_ORDER_EVENT_BYTES, ORDER_KIND, orderTemplate, readOrderEvent, xmrDecimal, type ReadOrderContext } from './nostr-order';

const NOW = 1_800_000_000;
const ctx: ReadOrderContext = { nowSec: NOW };
const maker = testMaker(7);
const other = testMaker(9);
const terms = standingTerms(maker, { now: NOW, offerId: '00112233445566778899aabbccddeeff' });
const offer = signedOffer(maker, terms, NOW);
const pending = { status: 'pending', remaining: 3 } as const;
const template = orderTemplate(offer, terms, pending, maker.binding, NOW);
const repack = (payload: Uint8Array, signature: Uint8Array): string => bech32m.encode(OFFER_PREFIX, bech32m.toWords(Uint8Array.from([...payload, ...signature])), false);
const kindOf = (r: ReturnType<typeof readOrderEvent>) => (r.ok ? 'ok' : r.error.kind);
const withTags = (t: NostrEventTemplate, edit: (tags: string[][]) => string[][]): NostrEventTemplate => ({ ...t, tags: edit(t.tags.map((x) => [...x])) });
const setTag = (name: string, ...values: string[]) => (tags: string[][]) => tags.map((x) => (x[0] === name ? [name, ...values] : x));

describe('an offer as a NIP-69 order event', () => {
  it('carries the NIP-69 tags of its offer: d, k, f, s, amt, fa range, price, network, layer, expiration, y, z', () => {
    const tag = (n: string) => template.tags.find((x) => x[0] === n);
    expect(template.kind).toBe(ORDER_KIND);
    expect(template.content).toBe(offer);
    expect(tag('d')).toEqual(['d', terms.offerId]);
    expect(tag('k')).toEqual(['k', 'buy']); // maker Alice buys BTC with her XMR
    expect(orderTemplate(signedOffer(maker, { ...terms, makerRole: 'bob' }, NOW), { ...terms, makerRole: 'bob' }, pending, maker.binding, NOW).tags[1]).toEqual(['k', 'sell']);
    expect(tag('s')).toEqual(['s', 'pending']);
    expect(tag('amt')).toEqual(['amt', '2000000']);
    expect(tag('fa')).toEqual(['fa', '0.75', '3']); // 500000..2000000 sats at 1.5 XMR/BTC
    expect(tag('price')).toEqual(['price', '150', 'XMR/BTC']);
    expect(tag('capacity')).toEqual(['capacity', '3', '3']);
    expect(tag('network')).toEqual(['network', 'regtest']);
    expect(tag('layer')).toEqual(['layer', 'onchain']);
    expect(tag('expiration')).toEqual(['expiration', String(terms.expiresAt)]);
    expect(tag('y')).toEqual(['y', 'farcaster-swap']);
    expect(tag('z')).toEqual(['z', 'order']);
    expect(xmrDecimal(1_500_000_000_001n)).toBe('1.500000000001');
  });

  it('reads back as the verified offer, its status and what remains', () => {
    const e = signNostrEvent(maker.nostrSecret, template);
    const r = readOrderEvent(e, ctx);
    if (!r.ok) throw new Error(r.error.message);
    expect({ ...r.value.terms }).toEqual(terms);
    expect(r.value).toMatchObject({ eventId: e.id, pubkey: maker.nostrPubkey, offer, status: 'pending', remaining: 3, createdAt: NOW });
    const full = readOrderEvent(signNostrEvent(maker.nostrSecret, orderTemplate(offer, terms, { status: 'in-progress', remaining: 0 }, maker.binding, NOW + 1)), ctx);
    expect(full.ok && [full.value.status, full.value.remaining]).toEqual(['in-progress', 0]);
  });

  it('refuses a state that contradicts itself (a bug in the maker, thrown)', () => {
    expect(() => orderTemplate(offer, terms, { status: 'pending', remaining: 0 }, maker.binding, NOW)).toThrow(/order state/);
    expect(() => orderTemplate(offer, terms, { status: 'canceled', remaining: 1 }, maker.binding, NOW)).toThrow(/order state/);
    expect(() => orderTemplate(offer, terms, { status: 'pending', remaining: 4 }, maker.binding, NOW)).toThrow(/order state/);
  });
});

describe('events a book ignores, each with its reason', () => {
  it('a forged offer: altered terms re-signed by someone else, or a bit flipped in the string', () => {
    // The maker's terms with a better price, under the maker's key and its real signature of the old terms;
    // the tags say what the forged terms say, so only the offer's signature can catch it.
    const forgedTerms = { ...terms, xmrPiconero: '9000000000000' };
    const u = unpackOffer(offer);
    if (!u.ok) throw new Error(u.error.message);
    const forged = repack(encodeTerms(forgedTerms), u.value.signature);
    const forgedEvent = signNostrEvent(maker.nostrSecret, orderTemplate(forged, forgedTerms, pending, maker.binding, NOW));
    const r = readOrderEvent(forgedEvent, ctx);
    expect(kindOf(r)).toBe('offer-invalid');
    expect(r.ok ? '' : r.error.message).toMatch(/altered or forged/);
    const flipped = offer.slice(0, 40) + (offer[40] === 'q' ? 'p' : 'q') + offer.slice(41);
    expect(kindOf(readOrderEvent(signNostrEvent(maker.nostrSecret, { ...template, content: flipped }), ctx))).toBe('offer-invalid');
    expect(kindOf(readOrderEvent(signNostrEvent(maker.nostrSecret, { ...template, content: 'hello' }), ctx))).toBe('offer-invalid');
  });

  it('tags that disagree with the offer: amount, price, side, network, expiration, id, an extra or a missing tag', () => {
    const edits: Array<(t: string[][]) => string[][]> = [
      setTag('amt', '3000000'),
      setTag('price', '100', 'XMR/BTC'),
      setTag('k', 'sell'),
      setTag('network', 'mainnet'),
      setTag('expiration', String(terms.expiresAt + 3600)),
      setTag('d', 'ffeeddccbbaa99887766554433221100'),
      setTag('capacity', '5', '3'),
      setTag('s', 'pending-ish'),
      (t) => [...t, ['t', 'extra']],
      (t) => t.filter((x) => x[0] !== 'fa'),
    ];
    for (const edit of edits) {
      const r = readOrderEvent(signNostrEvent(maker.nostrSecret, withTags(template, edit)), ctx);
      expect(kindOf(r), JSON.stringify(edit(template.tags.map((x) => [...x])).slice(0, 3))).toBe('tag-mismatch');
    }
  });

  it("a genuine offer republished under someone else's Nostr key (the maker did not bind it)", () => {
    expect(kindOf(readOrderEvent(signNostrEvent(other.nostrSecret, template), ctx))).toBe('unbound-key');
    const selfBound = withTags(template, setTag('fcswap-maker', maker.makerKey, other.binding));
    expect(kindOf(readOrderEvent(signNostrEvent(other.nostrSecret, selfBound), ctx))).toBe('unbound-key');
  });

  it('an oversized event, however valid the rest', () => {
    const big = withTags(template, (t) => [...t, ['x', 'a'.repeat(MAX_ORDER_EVENT_BYTES)]]);
    expect(kindOf(readOrderEvent(signNostrEvent(maker.nostrSecret, big), ctx))).toBe('oversize');
  });

  it('an expired event (NIP-40) or an expired offer', () => {
    const e = orderEvent(maker, terms, pending, NOW, NOW);
    expect(kindOf(readOrderEvent(e, { nowSec: terms.expiresAt }))).toBe('expired');
    expect(kindOf(readOrderEvent(e, { nowSec: terms.expiresAt + 1 }))).toBe('expired');
    expect(kindOf(readOrderEvent(e, { nowSec: terms.expiresAt - 1 }))).toBe('ok');
  });

  it('a bad id or signature, a foreign kind or platform, and junk', () => {
    const e = signNostrEvent(maker.nostrSecret, template);
    expect(kindOf(readOrderEvent({ ...e, sig: e.sig.replace(/^./, e.sig[0] === '0' ? '1' : '0') }, ctx))).toBe('bad-signature');
    expect(kindOf(readOrderEvent({ ...e, created_at: e.created_at + 1 }, ctx))).toBe('bad-signature');
    expect(kindOf(readOrderEvent(signNostrEvent(maker.nostrSecret, { ...template, kind: 1 }), ctx))).toBe('wrong-kind');
    expect(kindOf(readOrderEvent(signNostrEvent(maker.nostrSecret, withTags(template, setTag('y', 'mostro'))), ctx))).toBe('wrong-kind');
    for (const junk of [null, 7, 'x', [], {}, { ...e, extra: 1 }, { ...e, tags: 'no' }]) expect(kindOf(readOrderEvent(junk, ctx))).toBe('malformed');
  });

  it('caches verified offers and bindings: the second read of an update does no ed25519 check and gives the same answer', () => {
    const c: ReadOrderContext = { nowSec: NOW, verified: new Map(), bound: new Set() };
    expect(kindOf(readOrderEvent(signNostrEvent(maker.nostrSecret, template), c))).toBe('ok');
    expect(c.verified?.size).toBe(1);
    expect(c.bound?.size).toBe(1);
    const update = orderTemplate(offer, terms, { status: 'pending', remaining: 1 }, maker.binding, NOW + 5);
    const r = readOrderEvent(signNostrEvent(maker.nostrSecret, update), c);
    expect(r.ok && r.value.remaining).toBe(1);
    // A cached offer still needs a bound key.
    expect(kindOf(readOrderEvent(signNostrEvent(other.nostrSecret, update), c))).toBe('unbound-key');
  });
});

describe("the signer's template check: only offer events and their deletions", () => {
  it('accepts our offer event and a deletion of order events', () => {
    expect(isOfferEventTemplate(template).ok).toBe(true);
    expect(isOfferEventTemplate(deletionTemplate(maker.nostrPubkey, terms.offerId, ['ab'.repeat(32)], NOW)).ok).toBe(true);
  });

  it('refuses a note, a DM, an offer with disagreeing tags, a deletion of anything else', () => {
    expect(isOfferEventTemplate({ kind: 1, created_at: NOW, tags: [], content: 'hi' }).ok).toBe(false);
    expect(isOfferEventTemplate({ kind: 4, created_at: NOW, tags: [['p', 'ab'.repeat(32)]], content: 'x' }).ok).toBe(false);
    expect(isOfferEventTemplate(withTags(template, setTag('amt', '1'))).ok).toBe(false);
    expect(isOfferEventTemplate({ ...template, content: 'not an offer' }).ok).toBe(false);
    expect(isOfferEventTemplate({ kind: 5, created_at: NOW, tags: [['a', '1:abc:x']], content: '' }).ok).toBe(false);
    expect(isOfferEventTemplate({ kind: 5, created_at: NOW, tags: [], content: '' }).ok).toBe(false);
  });
});
