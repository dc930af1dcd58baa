// SwapView.xmrFunding from the job's record and the last reading: no amount, no view; the payment's
// progress while the job has not locked; locked once the lock transfer is recorded and past its lock
// phase (also after the reserve's rest was swept back); returned when the job ended with no lock.
import { describe, expect, it } from 'vitest';
import type { StoredFunding } from '../client/xmr-funding-store';
import { xmrFundingView } from './xmr-funding-view';

const need = 1_000_040_000_000n;
const rec = (r: Partial<StoredFunding>): StoredFunding => ({ need: need.toString(), phase: { kind: 'idle' }, ...r });
const lockTx = { address: 'joint', txid: 'ab'.repeat(32), metadata: 'beef' };

describe('xmrFundingView', () => {
  it('nothing before the amount is fixed; waiting before any reading', () => {
    expect(xmrFundingView('addr', { phase: { kind: 'idle' } }, undefined)).toBeNull();
    expect(xmrFundingView('addr', rec({}), undefined)).toEqual({ address: 'addr', piconero: need.toString(), received: '0', confirmations: 0, target: 10, state: 'waiting' });
  });

  it('short, confirming x/10 and ready follow the wallet', () => {
    expect(xmrFundingView('a', rec({}), { progress: { kind: 'short', need, received: 5n } })).toMatchObject({ received: '5', confirmations: 0, state: 'short' });
    expect(xmrFundingView('a', rec({}), { progress: { kind: 'confirming', need, received: need, confirmations: 4 } })).toMatchObject({ received: need.toString(), confirmations: 4, state: 'confirming' });
    expect(xmrFundingView('a', rec({ phase: { kind: 'lock', address: 'joint', piconero: '1' } }), { progress: { kind: 'ready', need, received: need } })).toMatchObject({ confirmations: 10, state: 'ready' });
  });

  it('locked once the recorded lock left its lock phase, whatever the reading; a recorded lock still in its lock phase is not yet locked', () => {
    expect(xmrFundingView('a', rec({ phase: { kind: 'lock', address: 'joint', piconero: '1' }, lockTx }), { progress: { kind: 'ready', need, received: need } })?.state).toBe('ready');
    expect(xmrFundingView('a', rec({ phase: { kind: 'sweep' }, lockTx }), undefined)).toMatchObject({ received: need.toString(), confirmations: 10, state: 'locked' });
    expect(xmrFundingView('a', rec({ phase: { kind: 'done' }, lockTx, swept: ['cd'.repeat(32)] }), { progress: { kind: 'ready', need, received: need } })?.state).toBe('locked');
  });

  it('returned when the job ended with no lock (what had arrived stays shown)', () => {
    expect(xmrFundingView('a', rec({ phase: { kind: 'done' }, swept: ['cd'.repeat(32)] }), { progress: { kind: 'short', need, received: 7n } })).toMatchObject({ received: '7', state: 'returned' });
    expect(xmrFundingView('a', rec({ phase: { kind: 'sweep' } }), { progress: { kind: 'short', need, received: 7n } })?.state).toBe('short');
  });
});
