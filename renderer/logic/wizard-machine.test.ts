import { describe, expect, it } from 'vitest';
import type { OfferReview, SwapView } from '../../shared/ipc/channels';
import { acceptBlocker, initialWizard, reviewBlocker, startBlocker, stepOfView, wizardReducer, type WizardContext, type WizardEvent } from './wizard-machine';

const now = Date.UTC(2026, 10, 25);
const ctx: WizardContext = { daemonReady: true, daemonMessage: '', network: 'regtest', now };
const review: OfferReview = {
  offer: 'fcswap1abc',
  offerId: 'ab'.repeat(16),
  network: 'regtest',
  makerRole: 'alice',
  yourRole: 'bob',
  btcSats: '100000',
  xmrPiconero: '1000000000000',
  fundingSats: '101000',
  feeSatPerKvB: 2000,
  feeEstimateSatPerKvB: null,
  fees: [{ tx: 'lock', sats: '1000', when: 'you pay it on top of the amount, when the BTC is locked' }],
  worstCaseRefundSats: '1700',
  cancelTimelock: 20,
  punishTimelock: 10,
  finalityBtc: 1,
  finalityXmr: 1,
  btcBlockSeconds: 0,
  expiresAt: Math.floor(now / 1000) + 3600,
  maker: 'sandbox',
};
const run = (...events: WizardEvent[]) => events.reduce(wizardReducer, initialWizard);
// Real addresses (checksums hold): the address step checks them as the host does.
const BTC = 'rltc1qqypqxpq9qcrsszg2pvxq6rs0zqg3yyc5l62ze4';
const XMR = '42MLmymi9SW9Ai1fXeg2Gf49S2CrTyPYJG9ru2hQcTWoW2AyUjFRiM4Pc15REsijpBAKZbq71AMFbM9ZsnwFMCdgHari2Rw';

describe('wizard step machine', () => {
  it('walks offer -> review -> addresses and back', () => {
    let s = run({ type: 'offer-text', text: 'fcswap1abc', source: 'sandbox' });
    expect(s.step).toBe('offer');
    expect(reviewBlocker(s, ctx)).toBeNull();
    s = wizardReducer(s, { type: 'busy', what: 'review' });
    expect(reviewBlocker(s, ctx)).toMatch(/Waiting/);
    s = wizardReducer(s, { type: 'reviewed', review });
    expect(s.step).toBe('review');
    expect(acceptBlocker(s, ctx)).toBeNull();
    s = wizardReducer(s, { type: 'accept' });
    expect(s.step).toBe('addresses');
    s = wizardReducer(s, { type: 'back' });
    expect(s.step).toBe('review');
    s = wizardReducer(s, { type: 'back' });
    expect(s.step).toBe('offer');
    expect(s.review).not.toBeNull();
  });
  it('takes the default sandbox offer only into an untouched offer step', () => {
    expect(run({ type: 'prefill', text: 'fcswap1sandbox', role: 'bob' })).toMatchObject({ offer: 'fcswap1sandbox', offerSource: 'sandbox' });
    expect(run({ type: 'offer-text', text: 'fcswap1mine' }, { type: 'prefill', text: 'fcswap1sandbox', role: 'bob' }).offer).toBe('fcswap1mine');
    expect(run({ type: 'busy', what: 'sandbox-offer' }, { type: 'prefill', text: 'fcswap1sandbox', role: 'bob' }).offer).toBe('');
    const reviewed = run({ type: 'offer-text', text: 'fcswap1abc' }, { type: 'reviewed', review }, { type: 'prefill', text: 'fcswap1sandbox', role: 'bob' });
    expect([reviewed.step, reviewed.offer]).toEqual(['review', 'fcswap1abc']);
  });
  it('takes an offer from the offer book with the side the person chose there, and never lets a sandbox prefill replace it', () => {
    const aliceReview: OfferReview = { ...review, makerRole: 'bob', yourRole: 'alice' };
    let s = run({ type: 'take', text: 'fcswap1book', role: 'alice' });
    expect(s).toMatchObject({ step: 'offer', offer: 'fcswap1book', offerSource: 'book', direction: 'alice', review: null });
    expect(reviewBlocker(s, ctx)).toBeNull();
    s = wizardReducer(s, { type: 'prefill', text: 'fcswap1sandbox', role: 'alice' });
    expect(s.offer).toBe('fcswap1book');
    s = wizardReducer(wizardReducer(s, { type: 'busy', what: 'review' }), { type: 'reviewed', review: aliceReview });
    // Chosen in the book, so no "you chose the other way" note.
    expect(s).toMatchObject({ step: 'review', directionNote: null, direction: 'alice' });
    // A second take replaces whatever the wizard held.
    expect(wizardReducer(s, { type: 'take', text: 'fcswap1other', role: 'bob' })).toMatchObject({ step: 'offer', offer: 'fcswap1other', direction: 'bob', review: null });
    expect(wizardReducer(run({ type: 'busy', what: 'review' }), { type: 'take', text: 'fcswap1x', role: 'bob' }).offer).toBe('');
  });
  it('drops the review when the offer text changes', () => {
    const s = run({ type: 'offer-text', text: 'fcswap1abc' }, { type: 'reviewed', review }, { type: 'offer-text', text: 'fcswap1xyz' });
    expect(s.review).toBeNull();
    expect(s.step).toBe('offer');
    expect(wizardReducer(s, { type: 'accept' }).step).toBe('offer');
  });
  it('keeps the host error until the next change', () => {
    const s = run({ type: 'offer-text', text: 'fcswap1abc' }, { type: 'busy', what: 'review' }, { type: 'failed', message: 'bad checksum' });
    expect(s.error).toBe('bad checksum');
    expect(s.busy).toBeNull();
    expect(wizardReducer(s, { type: 'offer-text', text: 'fcswap1abd' }).error).toBeNull();
  });
  it('gives the reason every gate is closed', () => {
    expect(reviewBlocker(initialWizard, ctx)).toMatch(/Paste an offer/);
    expect(reviewBlocker(run({ type: 'offer-text', text: 'hello' }), ctx)).toMatch(/starts with fcswap1/);
    // A chat client's wrapping (even inside the prefix) is no reason to refuse: the host ignores it too.
    expect(reviewBlocker(run({ type: 'offer-text', text: ' fcswap\n1qq\r\nqq ' }), ctx)).toBeNull();
    expect(reviewBlocker(run({ type: 'offer-text', text: 'fcswap1a' }), { ...ctx, daemonReady: false, daemonMessage: 'no nodes' })).toMatch(/not ready. No nodes./);
    const reviewed = run({ type: 'offer-text', text: 'fcswap1abc' }, { type: 'reviewed', review });
    expect(acceptBlocker(reviewed, { ...ctx, now: now + 2 * 3600_000 })).toMatch(/expired/);
    expect(acceptBlocker(reviewed, { ...ctx, network: 'mainnet' })).toMatch(/for regtest/);
  });
  it('starts only with plausible addresses', () => {
    let s = run({ type: 'offer-text', text: 'fcswap1abc' }, { type: 'reviewed', review }, { type: 'accept' });
    expect(startBlocker(s, ctx)).toMatch(/Bitcoin refund address: Enter/);
    s = wizardReducer(s, { type: 'address', which: 'btc', value: BTC });
    expect(startBlocker(s, ctx)).toMatch(/Monero receive address: Enter/);
    s = wizardReducer(s, { type: 'addresses', btc: BTC, xmr: XMR });
    expect(startBlocker(s, ctx)).toBeNull();
    s = wizardReducer(s, { type: 'started', swapId: 'cd'.repeat(16) });
    expect(s.swapId).toBe('cd'.repeat(16));
  });
  it('names the receive address for the XMR seller, and her Monero refund address', () => {
    let s = run({ type: 'offer-text', text: 'fcswap1abc' }, { type: 'reviewed', review: { ...review, yourRole: 'alice', makerRole: 'bob' } }, { type: 'accept' });
    expect(startBlocker(s, ctx)).toMatch(/Bitcoin receive address/);
    s = wizardReducer(s, { type: 'address', which: 'btc', value: BTC });
    expect(startBlocker(s, ctx)).toMatch(/^Monero refund address: Enter/);
  });
});

describe('the direction choice', () => {
  const aliceReview: OfferReview = { ...review, yourRole: 'alice', makerRole: 'bob', fundingSats: null };
  it('starts as buying XMR; choosing to sell drops a sandbox offer of the other side and its review', () => {
    expect(initialWizard.direction).toBe('bob');
    const s = run({ type: 'prefill', text: 'fcswap1buy', role: 'bob' }, { type: 'direction', role: 'alice' });
    expect(s).toMatchObject({ direction: 'alice', offer: '', review: null });
    // The buy offer arriving late is not the matching one: ignored; the sell one is taken.
    expect(wizardReducer(s, { type: 'prefill', text: 'fcswap1buy', role: 'bob' }).offer).toBe('');
    expect(wizardReducer(s, { type: 'prefill', text: 'fcswap1sell', role: 'alice' }).offer).toBe('fcswap1sell');
  });
  it('keeps a pasted offer when the direction changes, but not its review', () => {
    const s = run({ type: 'offer-text', text: 'fcswap1mine' }, { type: 'direction', role: 'alice' });
    expect(s).toMatchObject({ direction: 'alice', offer: 'fcswap1mine', offerSource: 'pasted', review: null });
  });
  it('is not changed while the daemon is asked, nor after the offer step', () => {
    expect(run({ type: 'busy', what: 'review' }, { type: 'direction', role: 'alice' }).direction).toBe('bob');
    const reviewed = run({ type: 'offer-text', text: 'fcswap1abc' }, { type: 'reviewed', review });
    expect(wizardReducer(reviewed, { type: 'direction', role: 'alice' }).direction).toBe('bob');
  });
  it('follows the reviewed offer and says so when it differs from the choice', () => {
    const agreed = run({ type: 'direction', role: 'alice' }, { type: 'offer-text', text: 'fcswap1sell' }, { type: 'reviewed', review: aliceReview });
    expect(agreed).toMatchObject({ direction: 'alice', directionNote: null });
    const turned = run({ type: 'offer-text', text: 'fcswap1sell' }, { type: 'reviewed', review: aliceReview });
    expect(turned.direction).toBe('alice');
    expect(turned.directionNote).toMatch(/You chose "Buy XMR with BTC", but this offer's maker buys XMR, so with this offer you sell XMR for BTC\. The steps below follow the offer/);
    // Back on the offer step, a new choice clears the note.
    const back = wizardReducer(turned, { type: 'back' });
    expect(wizardReducer(back, { type: 'direction', role: 'bob' })).toMatchObject({ direction: 'bob', directionNote: null, review: null });
  });
});

describe('step of a running swap', () => {
  const summary = { outcome: 'running' } as SwapView['summary'];
  it('is fund while the funding payment is not seen, then progress, then done', () => {
    expect(stepOfView({ summary, funding: { address: 'a', sats: '1', seen: null }, asks: [] })).toBe('fund');
    expect(stepOfView({ summary, funding: { address: 'a', sats: '1', seen: { txid: 'ab'.repeat(32), sats: '1', confs: 0 } }, asks: [] })).toBe('progress');
    expect(stepOfView({ summary, funding: null, asks: [] })).toBe('progress');
    expect(stepOfView({ summary, funding: null, asks: [{ id: 'lock-xmr', title: 'Lock the XMR', detail: '' }] })).toBe('fund');
    expect(stepOfView({ summary: { ...summary, outcome: 'refunded' }, funding: null, asks: [] })).toBe('done');
  });
  it("for the XMR seller with a funding wallet: fund until the payment can be spent, then progress", () => {
    const f = { address: '4' + 'B'.repeat(94), piconero: '1000080010000', received: '0', confirmations: 0, target: 10 };
    const lockAsk = [{ id: 'lock-xmr', title: 'Lock the XMR', detail: '' }];
    for (const state of ['waiting', 'short', 'confirming'] as const) expect(stepOfView({ summary, funding: null, asks: lockAsk, xmrFunding: { ...f, state } })).toBe('fund');
    for (const state of ['ready', 'locked', 'returned'] as const) expect(stepOfView({ summary, funding: null, asks: lockAsk, xmrFunding: { ...f, state } })).toBe('progress');
    expect(stepOfView({ summary: { ...summary, outcome: 'swapped' }, funding: null, asks: [], xmrFunding: { ...f, state: 'waiting' } })).toBe('done');
  });
});
