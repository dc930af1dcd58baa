import { describe, expect, it } from 'vitest';
import { addressWords, outcomeLine, refundCost, sendReceive, tradeLine, xmrFundingReviewText } from './role-words';

const amounts = { btcSats: '100000', xmrPiconero: '1000000000000' };
const funding = { address: '4' + 'B'.repeat(94), piconero: '1000080010000', received: '1000080010000', confirmations: 12, target: 10 };

describe('words per side', () => {
  it('Bob sends BTC and receives XMR; Alice the other way round', () => {
    expect(sendReceive({ role: 'bob', ...amounts })).toEqual({ send: '0.001 BTC', receive: '1 XMR' });
    expect(sendReceive({ role: 'alice', ...amounts })).toEqual({ send: '1 XMR', receive: '0.001 BTC' });
    expect(tradeLine({ role: 'alice', ...amounts })).toBe('1 XMR for 0.001 BTC');
    expect(tradeLine({ role: 'bob', ...amounts })).toBe('0.001 BTC for 1 XMR');
  });
  it('names the addresses by what they are for', () => {
    const bob = addressWords('bob');
    expect([bob.btc.label, bob.btc.kind, bob.xmr.label, bob.xmr.kind]).toEqual(['Bitcoin refund address', 'refund', 'Monero receive address', 'receive']);
    const alice = addressWords('alice');
    expect([alice.btc.label, alice.btc.kind, alice.xmr.label, alice.xmr.kind]).toEqual(['Bitcoin receive address', 'receive', 'Monero refund address', 'refund']);
    expect(alice.xmr.hint).toMatch(/aborted or refunded, your Monero comes back here/);
  });
  it("tells Alice she pays the XMR plus a fee reserve, exact once the swap starts", () => {
    expect(xmrFundingReviewText(amounts)).toMatch(/^1 XMR plus a small reserve for the Monero lock's network fee/);
    expect(xmrFundingReviewText(amounts)).toMatch(/exact amount is shown when the swap starts/);
  });
  it('puts the refund fees on the BTC seller: out of Bob\'s BTC, none of them Alice\'s', () => {
    expect(refundCost({ yourRole: 'bob', worstCaseRefundSats: '1092' })).toEqual({
      label: 'Worst-case refund cost',
      text: '1,092 sats (lock + cancel + refund fees, out of your BTC, if the swap is cancelled)',
    });
    const a = refundCost({ yourRole: 'alice', worstCaseRefundSats: '1092' });
    expect(a.label).toBe('If the swap is cancelled');
    expect(a.text).toMatch(/^You pay no Bitcoin fee: the BTC seller pays the lock, cancel and refund fees \(1,092 sats\)\. Your Monero comes back/);
  });
  it('says what each end means for the money of each side', () => {
    expect(outcomeLine({ role: 'alice', outcome: 'swapped', ...amounts })).toBe(
      'You sold 1 XMR and received 0.001 BTC (less the fee of the transaction that paid it) at your Bitcoin receive address.',
    );
    expect(outcomeLine({ role: 'bob', outcome: 'swapped', ...amounts })).toBe('You bought 1 XMR for 0.001 BTC; the Monero is in your Monero receive address.');
    expect(outcomeLine({ role: 'alice', outcome: 'refunded', ...amounts })).toMatch(/Your Monero went back to your Monero refund address/);
    expect(outcomeLine({ role: 'bob', outcome: 'refunded', ...amounts })).toMatch(/your Bitcoin came back to your refund address/);
    expect(outcomeLine({ role: 'alice', outcome: 'punished', ...amounts })).toMatch(/you took the Bitcoin as a penalty \(0.001 BTC less the cancel and punish fees\)/);
    expect(outcomeLine({ role: 'bob', outcome: 'punished', ...amounts })).toMatch(/Alice took the Bitcoin as a penalty/);
    expect(outcomeLine({ role: 'alice', outcome: 'running', ...amounts })).toBeNull();
  });
  it("after an abort, says where Alice's funding went, only when she paid some", () => {
    const aborted = { role: 'alice', outcome: 'aborted', ...amounts } as const;
    expect(outcomeLine(aborted)).toBe('The swap stopped before anything was locked: nothing was swapped.');
    expect(outcomeLine(aborted, { ...funding, received: '0', state: 'waiting' })).toBe('The swap stopped before anything was locked: nothing was swapped.');
    expect(outcomeLine(aborted, { ...funding, state: 'returned' })).toMatch(/went back to your Monero refund address\.$/);
    expect(outcomeLine(aborted, { ...funding, confirmations: 3, state: 'confirming' })).toMatch(/goes back to your Monero refund address once Monero lets it be spent \(10 confirmations\)/);
  });
});
