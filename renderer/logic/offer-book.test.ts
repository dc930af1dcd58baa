import { describe, expect, it } from 'vitest';
import { OfferBookSchema, type BookOffer, type OfferBookView, type RelayStatus } from '../../shared/ipc/book-channels';
import {
  addRelay,
  ageText,
  cutDecimals,
  draftList,
  emptyBook,
  expiryText,
  inversePriceText,
  liveCount,
  priceText,
  relayStateText,
  relaysPatch,
  removeRelay,
  sameDraft,
  takeBlocker,
  rowTexts,
  toRow,
  toRows,
  visibleRows,
  DEFAULT_SORT,
} from './offer-book';

const NOW = 1_800_000_000_000;
const secs = Math.floor(NOW / 1000);

let n = 0;
function offer(p: Partial<BookOffer> = {}): BookOffer {
  n++;
  return {
    offer: `fcswap1offer${n}`,
    offerId: n.toString(16).padStart(32, '0'),
    network: 'regtest',
    makerRole: 'alice',
    makerKey: 'ab'.repeat(32),
    nostrPubkey: 'cd'.repeat(32),
    minBtcSats: '1000000',
    maxBtcSats: '10000000',
    xmrPiconero: '16000000000000',
    xmrPerBtcPiconero: '160000000000000',
    cancelTimelock: 12,
    punishTimelock: 24,
    feeSatPerKvB: 2000,
    expiresAt: secs + 3600,
    remaining: 3,
    capacity: 5,
    updatedAt: secs - 120,
    firstSeenAt: NOW - 60_000,
    relays: ['ws://127.0.0.1:7000'],
    ...p,
  };
}

const relay = (p: Partial<RelayStatus> = {}): RelayStatus => ({ url: 'wss://relay.example', status: 'connected', lastEventAt: null, lastError: null, attempts: 0, source: 'settings', ...p });
const texts = (o: BookOffer) => rowTexts(toRow(o));
const view = (offers: BookOffer[], relays: RelayStatus[]): OfferBookView => OfferBookSchema.parse({ offers, relays, ignored: 0 });

describe('a book offer as a row in the person words', () => {
  it('a maker selling XMR is "Buy XMR with BTC" for the person, one buying XMR is "Sell XMR for BTC"', () => {
    expect(toRow(offer({ makerRole: 'alice' }))).toMatchObject({ yourRole: 'bob', direction: 'buy' });
    expect(texts(offer({ makerRole: 'alice' })).directionLabel).toBe('Buy XMR with BTC');
    expect(toRow(offer({ makerRole: 'bob' }))).toMatchObject({ yourRole: 'alice', direction: 'sell' });
    expect(texts(offer({ makerRole: 'bob' })).directionLabel).toBe('Sell XMR for BTC');
  });
  it('shows the BTC range and the XMR it buys at the same price, exactly', () => {
    const r = texts(offer());
    expect(r.btcText).toBe('0.01 – 0.1 BTC');
    expect(r.xmrText).toBe('1.6 – 16 XMR');
    const single = texts(offer({ minBtcSats: '10000000' }));
    expect(single.btcText).toBe('0.1 BTC');
    expect(single.xmrText).toBe('16 XMR');
  });
  it('shows the price in XMR per BTC and the rate the other way', () => {
    expect(priceText('160000000000000')).toBe('160 XMR per BTC');
    expect(priceText('160123456789012')).toBe('160.1234 XMR per BTC');
    expect(inversePriceText('160000000000000')).toBe('0.00625 BTC per XMR');
    expect(inversePriceText('0')).toBe('?');
    expect(cutDecimals('1.00009', 4)).toBe('1');
    expect(cutDecimals('12', 4)).toBe('12');
  });
  it('says the timelocks as blocks and time on the network, the maker key short, places and relays', () => {
    const r = texts(offer({ relays: ['ws://127.0.0.1:7000', 'wss://a.example'] }));
    expect(r.timelockText).toBe('cancel 12 blocks, punish 24 blocks');
    expect(texts(offer({ network: 'mainnet', cancelTimelock: 72, punishTimelock: 144 })).timelockText).toBe('cancel 72 blocks (about 12 h), punish 144 blocks (about 1 d)');
    expect(r.makerShort).toBe('abababab…');
    expect(r.placesText).toBe('3 of 5');
    expect(r.relaysText).toBe('2 relays');
  });
  it('says the age from the latest event and when this wallet first saw it, and the expiry', () => {
    const r = toRow(offer());
    expect(ageText(r, NOW)).toBe('2 min ago (seen 1 min ago)');
    expect(ageText(toRow(offer({ updatedAt: secs - 60 })), NOW)).toBe('1 min ago');
    expect(expiryText(r, NOW)).toBe('in 1 h');
    expect(expiryText(r, NOW + 3_600_000)).toBe('expired');
  });
  it('says why Take cannot act', () => {
    const ctx = { now: NOW, daemonReady: true, network: 'regtest' as const };
    expect(takeBlocker(toRow(offer()), ctx)).toBeNull();
    expect(takeBlocker(toRow(offer()), { ...ctx, daemonReady: false })).toMatch(/not ready/);
    expect(takeBlocker(toRow(offer({ expiresAt: secs })), ctx)).toMatch(/expired/);
    expect(takeBlocker(toRow(offer({ remaining: 0 })), ctx)).toMatch(/no place left/);
    expect(takeBlocker(toRow(offer({ network: 'mainnet' })), ctx)).toMatch(/for mainnet; the wallet is on regtest/);
  });
});

describe('filter and sort', () => {
  const rows = toRows([
    offer({ offerId: 'a'.repeat(32), makerRole: 'alice', xmrPerBtcPiconero: '150000000000000', maxBtcSats: '5000000', updatedAt: secs - 10 }),
    offer({ offerId: 'b'.repeat(32), makerRole: 'bob', xmrPerBtcPiconero: '170000000000000', maxBtcSats: '20000000', updatedAt: secs - 30 }),
    offer({ offerId: 'c'.repeat(32), makerRole: 'alice', xmrPerBtcPiconero: '160000000000000', maxBtcSats: '1000000', updatedAt: secs - 20, network: 'mainnet' }),
    offer({ offerId: 'd'.repeat(32), makerRole: 'alice', expiresAt: secs - 1 }),
    offer({ offerId: 'e'.repeat(32), makerRole: 'bob', expiresAt: secs }),
  ]);
  const ids = (rs: { key: string }[]) => rs.map((r) => r.key[0]).join('');
  const all = { direction: 'all', network: 'all' } as const;
  it('never shows an expired offer, even when the poll still lists it', () => {
    expect(ids(visibleRows(rows, all, DEFAULT_SORT, NOW))).toBe('acb');
    expect(liveCount(rows, NOW)).toBe(3);
    expect(ids(visibleRows(rows, all, DEFAULT_SORT, NOW + 2 * 3_600_000))).toBe('');
  });
  it('filters by direction and network', () => {
    expect(ids(visibleRows(rows, { direction: 'buy', network: 'all' }, DEFAULT_SORT, NOW))).toBe('ac');
    expect(ids(visibleRows(rows, { direction: 'sell', network: 'all' }, DEFAULT_SORT, NOW))).toBe('b');
    expect(ids(visibleRows(rows, { direction: 'all', network: 'regtest' }, DEFAULT_SORT, NOW))).toBe('ab');
    expect(ids(visibleRows(rows, { direction: 'buy', network: 'mainnet' }, DEFAULT_SORT, NOW))).toBe('c');
  });
  it('sorts by price and by amount, both ways, ties by offer id', () => {
    expect(ids(visibleRows(rows, all, { key: 'price', dir: 'asc' }, NOW))).toBe('acb');
    expect(ids(visibleRows(rows, all, { key: 'price', dir: 'desc' }, NOW))).toBe('bca');
    expect(ids(visibleRows(rows, all, { key: 'amount', dir: 'desc' }, NOW))).toBe('bac');
    expect(ids(visibleRows(rows, all, { key: 'amount', dir: 'asc' }, NOW))).toBe('cab');
    const tied = toRows([offer({ offerId: 'f'.repeat(32) }), offer({ offerId: '1'.repeat(32) })]);
    expect(visibleRows(tied, all, { key: 'price', dir: 'desc' }, NOW).map((r) => r.key[0])).toEqual(['1', 'f']);
  });
  it('does not touch the rows it is given', () => {
    const before = ids(rows);
    visibleRows(rows, all, { key: 'price', dir: 'desc' }, NOW);
    expect(ids(rows)).toBe(before);
  });
  it('stays cheap with 5,000 offers (rows built once, then filter and sort)', () => {
    const many = Array.from({ length: 5000 }, (_, i) => offer({ offerId: i.toString(16).padStart(32, '0'), makerRole: i % 2 ? 'alice' : 'bob', xmrPerBtcPiconero: String(150_000_000_000_000 + ((i * 7919) % 10_000) * 1_000_000_000) }));
    const t0 = performance.now();
    const r = toRows(many);
    const t1 = performance.now();
    const shown = visibleRows(r, { direction: 'buy', network: 'regtest' }, { key: 'price', dir: 'asc' }, NOW);
    const t2 = performance.now();
    expect(shown).toHaveLength(2500);
    for (let i = 1; i < shown.length; i++) expect(shown[i - 1]!.price <= shown[i]!.price).toBe(true);
    console.log(`5,000 offers: rows ${(t1 - t0).toFixed(1)} ms, filter+sort ${(t2 - t1).toFixed(1)} ms`);
  });
});

describe('why the book is empty, and what to do', () => {
  const base = { live: 0, shown: 0, network: 'regtest' as const, sandboxOn: true, error: null };
  it('says nothing when offers are shown', () => {
    expect(emptyBook({ ...base, view: view([offer()], [relay()]), live: 1, shown: 1 })).toBeNull();
  });
  it('loading, then the host refusal with the paste hint', () => {
    expect(emptyBook({ ...base, view: null })?.kind).toBe('loading');
    const e = emptyBook({ ...base, view: null, error: { kind: 'book-unavailable', message: 'the offer book is not open yet' } });
    expect(e).toMatchObject({ kind: 'unavailable', action: 'wizard' });
    expect(e?.text).toContain('The offer book is not open yet.');
    expect(e?.text).toContain('paste an offer');
  });
  it('no relays: on regtest the sandbox relay, elsewhere Settings', () => {
    expect(emptyBook({ ...base, view: view([], []), sandboxOn: false })).toMatchObject({ kind: 'no-relays', action: 'settings' });
    expect(emptyBook({ ...base, view: view([], []), sandboxOn: false })?.text).toContain('turn the sandbox on');
    expect(emptyBook({ ...base, view: view([], []), network: 'mainnet' })?.text).toContain('Add a relay in Settings');
  });
  it('relays connecting, or all failing with their errors', () => {
    expect(emptyBook({ ...base, view: view([], [relay({ status: 'connecting' }), relay({ status: 'failing', lastError: 'refused' })]) })?.kind).toBe('connecting');
    const f = emptyBook({ ...base, view: view([], [relay({ status: 'failing', lastError: 'ECONNREFUSED', url: 'ws://127.0.0.1:9' })]) });
    expect(f).toMatchObject({ kind: 'failing', action: 'settings' });
    expect(f?.text).toContain('ws://127.0.0.1:9: ECONNREFUSED');
  });
  it('connected but no offers yet; or offers hidden by the filters', () => {
    const none = emptyBook({ ...base, view: view([], [relay()]) });
    expect(none).toMatchObject({ kind: 'no-offers', action: 'wizard' });
    expect(none?.text).toContain('Connected to 1 relay; no maker has published an offer for regtest yet');
    expect(emptyBook({ ...base, view: view([offer()], [relay()]), live: 2 })).toMatchObject({ kind: 'filtered', action: 'filters', text: '2 live offers are hidden by the direction or network filter.' });
  });
});

describe('the relay list', () => {
  it('says each relay state: connected with its last event, connecting, failing with the last error', () => {
    expect(relayStateText(relay(), NOW)).toBe('connected · no event yet');
    expect(relayStateText(relay({ lastEventAt: NOW - 300_000 }), NOW)).toBe('connected · last event 5 min ago');
    expect(relayStateText(relay({ status: 'connecting', attempts: 2 }), NOW)).toBe('connecting (attempt 3) · no event yet');
    expect(relayStateText(relay({ status: 'failing', attempts: 1, lastError: 'ECONNREFUSED' }), NOW)).toBe('failing: ECONNREFUSED (1 attempt) · no event yet');
    expect(relayStateText(relay({ status: 'closed' }), NOW)).toBe('closed');
  });
  it('adds a relay only when the host would accept it', () => {
    expect(addRelay([], 'wss://relay.example/')).toEqual({ ok: true, list: ['wss://relay.example'] });
    expect(addRelay([], ' ws://127.0.0.1:7000 ')).toEqual({ ok: true, list: ['ws://127.0.0.1:7000'] });
    expect(addRelay([], 'ws://relay.example')).toMatchObject({ ok: false, problem: expect.stringContaining('ws:// only to this machine') });
    expect(addRelay([], 'https://relay.example')).toMatchObject({ ok: false });
    expect(addRelay([], '')).toMatchObject({ ok: false, problem: 'Enter a relay address (wss://…).' });
    expect(addRelay(['wss://a.example'], 'wss://a.example')).toMatchObject({ ok: false, problem: 'This relay is already in the list.' });
    const full = Array.from({ length: 16 }, (_, i) => `wss://r${i}.example`);
    expect(addRelay(full, 'wss://one-more.example')).toMatchObject({ ok: false, problem: 'At most 16 relays.' });
  });
  it('removes, falls back to the defaults (saved as null: the list leaves settings), and saves an explicit list', () => {
    expect(removeRelay(['wss://a.example', 'wss://b.example'], 'wss://a.example')).toEqual(['wss://b.example']);
    expect(draftList(null, 'mainnet')).toContain('wss://nos.lol');
    expect(draftList(null, 'regtest')).toEqual([]);
    expect(relaysPatch(null)).toEqual({ relays: null });
    expect(relaysPatch([])).toEqual({ relays: [] });
    expect(relaysPatch(['wss://a.example'])).toEqual({ relays: ['wss://a.example'] });
    expect(sameDraft(null, undefined)).toBe(true);
    expect(sameDraft(['wss://a.example'], ['wss://a.example'])).toBe(true);
    expect(sameDraft([], null)).toBe(false);
    expect(sameDraft(['wss://a.example'], ['wss://b.example'])).toBe(false);
  });
});
