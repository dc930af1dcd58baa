// What the page shows of Alice's XMR funding wallet (SwapView.xmrFunding), from the job's stored record
// and the wallet's last progress reading. Pure.
// Order of truth: a lock recorded and past its lock phase is `locked` (whatever came back after it was
// the fee reserve's rest); a job done with no lock is `returned`; otherwise the payment's progress.
import type { SwapView } from '../../shared/ipc/channels';
import { XMR_SPENDABLE_CONFIRMATIONS, type XmrFundingProgress } from '../../shared/protocol/xmr-funding';
import type { StoredFunding } from '../client/xmr-funding-store';

export type XmrFundingView = NonNullable<SwapView['xmrFunding']>;

/** The last progress reading, as kept between polls. */
export interface FundingReading {
  readonly progress: XmrFundingProgress;
}

export function xmrFundingView(address: string, rec: StoredFunding, last: FundingReading | undefined): XmrFundingView | null {
  if (rec.need === undefined) return null;
  const p = last?.progress;
  const received = p && p.kind !== 'waiting' ? p.received : 0n;
  const confirmations = p?.kind === 'confirming' ? p.confirmations : p?.kind === 'ready' ? XMR_SPENDABLE_CONFIRMATIONS : 0;
  const base = { address, piconero: rec.need, target: XMR_SPENDABLE_CONFIRMATIONS };
  if (rec.lockTx && rec.phase.kind !== 'lock') {
    // Read before the lock left (the wallet is no longer polled after it): at least the amount locked.
    return { ...base, received: (received > 0n ? received : BigInt(rec.need)).toString(), confirmations: XMR_SPENDABLE_CONFIRMATIONS, state: 'locked' };
  }
  if (rec.phase.kind === 'done') return { ...base, received: received.toString(), confirmations, state: 'returned' };
  return { ...base, received: received.toString(), confirmations, state: p?.kind ?? 'waiting' };
}
