// The offer book as book:list answers it: each entry mapped to the channel's BookOffer (a standing
// offer's range and capacity, a single-take one as min = max, the price rounded down per whole BTC),
// every network kept (the screen filters), each relay labelled with where it came from, and no relay at
// all an empty book that never connects anywhere.
import { describe, expect, it } from 'vitest';
import { OfferBookSchema } from '../../shared/ipc/book-channels';
import type { OfferTerms, VerifiedOffer } from '../../shared/offer/offer-schema';
import { signedOffer, standingTerms, testMaker } from '../../rigs/nostr/order-fixtures';
import type { OfferBookEntry } from '../nostr/offer-book';
import type { RelayState } from '../nostr/relay-pool';
import { bookOffer, bookView, openWalletBook, pricePerBtc, walletRelays } from './wallet-book';

const maker = testMaker(3);

function entry(t: OfferTerms = standingTerms(maker, { capacity: 4 }), e: Partial<OfferBookEntry> = {}): OfferBookEntry {
  const terms = t as VerifiedOffer;
  return {
    offerId: terms.offerId,
    makerKey: maker.makerKey,
    pubkey: maker.nostrPubkey,
    offer: signedOffer(maker, terms),
    terms,
    remaining: 3,
    capacity: terms.standing?.capacity ?? 1,
    eventId: 'e'.repeat(64),
    updatedAt: 1_800_000_000,
    firstSeenAt: 1_800_000_000_123,
    relays: ['ws://127.0.0.1:7001', 'wss://relay.example'],
    ...e,
  };
}

const state = (url: string, over: Partial<RelayState> = {}): RelayState => ({ url, status: 'connected', lastEventAt: 5, lastError: null, attempts: 0, oversize: 0, ...over });

describe('bookOffer', () => {
  it('a standing offer: its range, capacity and what remains, the price per whole BTC, timelocks, fee, expiry, relays', () => {
    const e = entry();
    expect(bookOffer(e)).toEqual({
      offer: e.offer,
      offerId: e.offerId,
      network: 'regtest',
      makerRole: 'alice',
      makerKey: maker.makerKey,
      nostrPubkey: maker.nostrPubkey,
      minBtcSats: '500000',
      maxBtcSats: '2000000',
      xmrPiconero: '3000000000000',
      // 3 XMR for 0.02 BTC: 150 XMR per BTC.
      xmrPerBtcPiconero: '150000000000000',
      cancelTimelock: 60,
      punishTimelock: 80,
      feeSatPerKvB: 2000,
      expiresAt: e.terms.expiresAt,
      remaining: 3,
      capacity: 4,
      updatedAt: 1_800_000_000,
      firstSeenAt: 1_800_000_000_123,
      relays: ['ws://127.0.0.1:7001', 'wss://relay.example'],
    });
  });

  it('a single-take offer is min = max, capacity 1; the maker buying XMR is makerRole bob', () => {
    const { standing: _, ...single } = standingTerms(maker, { makerRole: 'bob' });
    const o = bookOffer(entry(single, { capacity: 1, remaining: 1 }));
    expect(o).toMatchObject({ makerRole: 'bob', minBtcSats: '2000000', maxBtcSats: '2000000', capacity: 1, remaining: 1 });
  });

  it('the price is rounded down, exactly, at amounts past 2^53', () => {
    expect(pricePerBtc('1', '3')).toBe('33333333');
    expect(pricePerBtc('18446744073709551615000', '2100000000000000')).toBe('878416384462359');
    expect(pricePerBtc('100000000000000', '100000000')).toBe('100000000000000');
  });
});

describe('bookView', () => {
  it('keeps offers of every network, labels each relay by its source, and fits the channel schema', () => {
    const relays = walletRelays('regtest', ['wss://relay.example'], 'ws://127.0.0.1:7001');
    const v = bookView([entry(), entry({ ...standingTerms(maker), network: 'testnet' })], [state('wss://relay.example'), state('ws://127.0.0.1:7001', { status: 'failing', lastError: 'connection closed', attempts: 2 })], relays, 7);
    expect(v.offers.map((o) => o.network)).toEqual(['regtest', 'testnet']);
    expect(v.relays).toEqual([
      { url: 'wss://relay.example', status: 'connected', lastEventAt: 5, lastError: null, attempts: 0, source: 'settings' },
      { url: 'ws://127.0.0.1:7001', status: 'failing', lastEventAt: 5, lastError: 'connection closed', attempts: 2, source: 'sandbox' },
    ]);
    expect(v.ignored).toBe(7);
    expect(OfferBookSchema.safeParse(v).success).toBe(true);
  });
});

describe('walletRelays', () => {
  it('no list: the network defaults; a list: the person\'s; the sandbox relay after them, once', () => {
    expect(walletRelays('mainnet', undefined, null).map((r) => r.source)).toEqual(['default', 'default', 'default']);
    expect(walletRelays('regtest', undefined, 'ws://127.0.0.1:7001')).toEqual([{ url: 'ws://127.0.0.1:7001', source: 'sandbox' }]);
    expect(walletRelays('regtest', ['ws://127.0.0.1:7001', 'wss://a.example'], 'ws://127.0.0.1:7001')).toEqual([
      { url: 'ws://127.0.0.1:7001', source: 'settings' },
      { url: 'wss://a.example', source: 'settings' },
    ]);
    expect(walletRelays('mainnet', [], null)).toEqual([]);
  });
});

describe('openWalletBook', () => {
  it('no relay: an empty book and no relay state; a new list is announced once, the same list not again', async () => {
    const seen: string[][] = [];
    const b = openWalletBook({ relays: [] });
    b.onRelaysChange((urls) => seen.push([...urls]));
    expect(await b.browseOffers()).toEqual({ ok: true, value: { offers: [], relays: [], ignored: 0 } });
    // A closed loopback port: the relay is tried and shown with its source, never blocking the answer.
    const gone = walletRelays('regtest', ['ws://127.0.0.1:9'], null);
    b.setRelays(gone);
    b.setRelays(gone);
    const r = await b.browseOffers();
    expect(r.ok && r.value.relays.map((s) => [s.url, s.source])).toEqual([['ws://127.0.0.1:9', 'settings']]);
    b.setRelays([]);
    expect(seen).toEqual([['ws://127.0.0.1:9'], []]);
    expect(await b.browseOffers()).toEqual({ ok: true, value: { offers: [], relays: [], ignored: 0 } });
    b.close();
  });
});
