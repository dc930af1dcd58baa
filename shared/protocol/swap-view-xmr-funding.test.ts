import { describe, expect, it } from 'vitest';
import type { SwapView } from '../ipc/channels';
import { withXmrFunding } from './swap-view-xmr-funding';

const id = 'b'.repeat(64);
const view = (marking: string[], outcome: SwapView['summary']['outcome'] = 'running'): SwapView =>
  ({
    summary: { swapId: id, role: 'alice', stage: 's', outcome, btcSats: '1', xmrPiconero: '1', updatedAt: 1, next: 'Send exactly 1 XMR to 4…', blocksToDeadline: null, needsAction: true },
    marking,
    next: 'Send exactly 1 XMR to 4…',
    warnings: [],
    asks: [{ id: 'lock-xmr', title: 'Lock the XMR', detail: 'Send exactly 1 XMR to 4…' }],
  }) as unknown as SwapView;
const funding = (state: NonNullable<SwapView['xmrFunding']>['state']): NonNullable<SwapView['xmrFunding']> => ({ address: '5x', piconero: '2', received: '0', confirmations: 0, target: 10, state });

describe('the view with the XMR funding wallet applied (host side)', () => {
  it('drops the hand-paid lock ask and says the same next in the view and its summary', () => {
    const v = withXmrFunding(view(['xmr_addr_shown']), funding('confirming'));
    expect(v.asks).toEqual([]);
    expect(v.next).toMatch(/^The swap locks the XMR from its funding wallet once your payment has 10 confirmations/);
    expect(v.summary.next).toBe(v.next);
    // Confirming: nothing for the person to do, so the Resume card shows no "Needs you".
    expect(v.summary.needsAction).toBe(false);
  });
  it('a payment still owed needs the person; an ended swap needs nothing and keeps its next', () => {
    expect(withXmrFunding(view(['xmr_addr_shown']), funding('waiting')).summary.needsAction).toBe(true);
    const ended = withXmrFunding(view(['end_abort'], 'aborted'), funding('waiting'));
    expect([ended.summary.needsAction, ended.next]).toEqual([false, 'Send exactly 1 XMR to 4…']);
  });
});
