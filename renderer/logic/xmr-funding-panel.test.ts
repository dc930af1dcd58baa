import { describe, expect, it } from 'vitest';
import type { SwapView } from '../../shared/ipc/channels';
import { awaitsXmrFunding, nextWithFunding, xmrFundingPanel } from './xmr-funding-panel';

const address = '4' + 'B'.repeat(94);
const f = (over: Partial<NonNullable<SwapView['xmrFunding']>>): NonNullable<SwapView['xmrFunding']> => ({
  address,
  piconero: '1000080010000',
  received: '0',
  confirmations: 0,
  target: 10,
  state: 'waiting',
  ...over,
});

describe('the XMR funding panel', () => {
  it('is hidden for Bob (no funding wallet)', () => {
    expect(xmrFundingPanel(null, 'running')).toEqual({ kind: 'hidden' });
    expect(xmrFundingPanel(undefined, 'running')).toEqual({ kind: 'hidden' });
  });
  it('asks for the exact amount, all twelve decimals, with a monero: URI for the QR code', () => {
    const p = xmrFundingPanel(f({}), 'running');
    expect(p).toMatchObject({ kind: 'pay', state: 'waiting', title: '4. Fund the swap', address, payXmr: '1.000080010000', received: null });
    expect(p.kind === 'pay' && p.uri).toBe(`monero:${address}?tx_amount=1.000080010000`);
    expect(p.kind === 'pay' && p.text).toMatch(/^Pay exactly this amount to this address, from any Monero wallet/);
  });
  it('asks for what is missing when the payment was short', () => {
    const p = xmrFundingPanel(f({ state: 'short', received: '400000000000', confirmations: 2 }), 'running');
    expect(p).toMatchObject({ kind: 'pay', payXmr: '0.600080010000', received: '0.400000000000 XMR' });
    expect(p.kind === 'pay' && p.text).toMatch(/^0.400000000000 XMR of 1.000080010000 XMR arrived: pay the remaining amount/);
  });
  it('shows the confirmations out of the target while Monero cannot spend it yet', () => {
    const p = xmrFundingPanel(f({ state: 'confirming', received: '1000080010000', confirmations: 4 }), 'running');
    expect(p).toMatchObject({ kind: 'confirming', current: 4, target: 10, received: '1.000080010000 XMR', title: 'Monero payment received' });
    // A node may report more than the target before the state says ready: the bar never overflows.
    expect(xmrFundingPanel(f({ state: 'confirming', received: '1', confirmations: 14 }), 'running')).toMatchObject({ current: 10 });
  });
  it('then says it is ready, locked from, or returned', () => {
    expect(xmrFundingPanel(f({ state: 'ready', received: '1000080010000', confirmations: 10 }), 'running')).toMatchObject({ kind: 'note', title: 'Monero funding ready' });
    expect(xmrFundingPanel(f({ state: 'locked', received: '1000080010000' }), 'swapped')).toMatchObject({ kind: 'note', title: 'Monero locked' });
    expect(xmrFundingPanel(f({ state: 'returned', received: '1000080010000' }), 'aborted')).toMatchObject({ kind: 'note', title: 'Monero returned' });
  });
  it('never asks for a payment once the swap ended: what arrived is said to go back', () => {
    expect(xmrFundingPanel(f({}), 'aborted')).toEqual({ kind: 'hidden' });
    const short = xmrFundingPanel(f({ state: 'short', received: '5' }), 'aborted');
    expect(short).toMatchObject({ kind: 'note', text: expect.stringMatching(/goes back to your Monero refund address/) });
    const confirming = xmrFundingPanel(f({ state: 'confirming', received: '1000080010000', confirmations: 3 }), 'aborted');
    expect(confirming.kind === 'confirming' && confirming.text).toMatch(/goes back to your Monero refund address once it has 10 confirmations/);
  });
  it('keeps the wizard on "Fund" until the payment can be spent', () => {
    expect(['waiting', 'short', 'confirming', 'ready', 'locked', 'returned'].map((state) => awaitsXmrFunding(f({ state: state as 'waiting' })))).toEqual([true, true, true, false, false, false]);
    expect(awaitsXmrFunding(null)).toBe(false);
  });
});

describe("the page's next step with a funding wallet", () => {
  const lockAsk = ['xmr_addr_shown'];
  const summary = { outcome: 'running' } as SwapView['summary'];
  const handPaid = 'Send exactly 1 XMR (1000000000000 piconero) to 4joint';
  it('replaces the hand-paid lock ask by what the funding wallet does', () => {
    expect(nextWithFunding({ next: handPaid, marking: lockAsk, summary, xmrFunding: f({}) })).toMatch(/^Pay the swap's Monero funding address/);
    expect(nextWithFunding({ next: handPaid, marking: lockAsk, summary, xmrFunding: f({ state: 'confirming', received: '1000080010000', confirmations: 3 }) })).toBe(
      'The swap locks the XMR from its funding wallet once your payment has 10 confirmations (3 so far).',
    );
    expect(nextWithFunding({ next: handPaid, marking: lockAsk, summary, xmrFunding: f({ state: 'ready' }) })).toMatch(/^The swap is locking the XMR/);
  });
  it("keeps the protocol's words otherwise: no funding wallet, the lock not asked, or the swap ended", () => {
    expect(nextWithFunding({ next: handPaid, marking: lockAsk, summary, xmrFunding: null })).toBe(handPaid);
    expect(nextWithFunding({ next: 'Waiting for the buy', marking: [...lockAsk, 'xmr_seen'], summary, xmrFunding: f({ state: 'locked' }) })).toBe('Waiting for the buy');
    expect(nextWithFunding({ next: 'Keys', marking: [], summary, xmrFunding: f({}) })).toBe('Keys');
    expect(nextWithFunding({ next: 'x', marking: lockAsk, summary: { outcome: 'aborted' } as SwapView['summary'], xmrFunding: f({}) })).toBe('x');
  });
});
