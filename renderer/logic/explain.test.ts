import { describe, expect, it } from 'vitest';
import type { OfferReview } from '../../shared/ipc/channels';
import { explainOffer } from './explain';

const r: OfferReview = {
  offer: 'fcswap1abc',
  offerId: 'ab'.repeat(16),
  network: 'testnet',
  makerRole: 'alice',
  yourRole: 'bob',
  btcSats: '1000000',
  xmrPiconero: '2000000000000',
  fundingSats: '1002000',
  feeSatPerKvB: 2000,
  feeEstimateSatPerKvB: null,
  fees: [{ tx: 'lock', sats: '2000', when: 'you pay it on top of the amount, when the BTC is locked' }],
  worstCaseRefundSats: '3200',
  cancelTimelock: 12,
  punishTimelock: 6,
  finalityBtc: 1,
  finalityXmr: 10,
  btcBlockSeconds: 600,
  expiresAt: 0,
  maker: 'm',
};

describe('offer explanation', () => {
  it('tells the BTC seller what they pay, get, and risk, with times', () => {
    const e = explainOffer(r);
    expect(e.youSend).toBe('0.01 BTC');
    expect(e.youReceive).toBe('2 XMR');
    const text = e.paragraphs.join(' ');
    expect(text).toContain('0.01002000 BTC');
    expect(text).toContain('12 blocks (about 2 h)');
    expect(text).toContain('6 blocks (about 1 h)');
    expect(text).toContain('10 Monero confirmations');
  });
  it('tells the XMR seller the other side', () => {
    const e = explainOffer({ ...r, yourRole: 'alice', makerRole: 'bob', fundingSats: null });
    expect(e.youSend).toBe('2 XMR');
    expect(e.youReceive).toBe('0.01 BTC');
    const text = e.paragraphs.join(' ');
    expect(text).toContain('penalty 6 blocks (about 1 h) after the cancel');
    // She pays the swap's own funding address, which Monero lets spend after 10 confirmations; it comes back if the swap stops first.
    expect(text).toContain("You pay 2 XMR (plus a small reserve for the lock's network fee) into the swap's own Monero funding address; Monero lets it be spent after 10 confirmations.");
    expect(text).toContain('If the swap stops before your Monero lock, what you paid in goes back to your Monero refund address.');
  });
});
