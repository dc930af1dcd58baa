// The big steps of a swap per role, with done/active/pending/skipped and confirmation progress,
// derived from the marking and the chain reports. Guards the monotone picture: a step's `done`
// rests only on places never consumed or on counts that only grow (maxConfs), so it never reverts.
import type { SwapStep } from '../ipc/channels';
import { btcText, plural, type ViewFacts } from './swap-view-facts';
import { XMR_SPENDABLE_CONFIRMATIONS } from './xmr-funding';

type Status = SwapStep['status'];
type Unit = 'confirmations' | 'blocks';

const status = (done: boolean, active: boolean): Status => (done ? 'done' : active ? 'active' : 'pending');
const bar = (current: number, target: number, unit: Unit = 'confirmations'): SwapStep['progress'] => {
  const t = Math.max(1, target);
  return { current: Math.min(Math.max(0, current), t), target: t, unit };
};
const mk = (id: string, title: string, st: Status, detail?: string, progress?: SwapStep['progress']): SwapStep => ({
  id,
  title,
  status: st,
  ...(detail ? { detail } : {}),
  ...(progress ? { progress } : {}),
});

/** Steps of the tail not taken become skipped; a done step stays done. */
const skipOpen = (steps: SwapStep[]): SwapStep[] => steps.map((x) => (x.status === 'done' ? x : { ...x, status: 'skipped' as const }));

function bobSteps(f: ViewFacts): SwapStep[] {
  const { has, s, confs: c } = f;
  const d = s.deal;
  const locked = has('lock_pub');
  const fundingBad = has('funding_seen') && !has('funded');
  const happy = [
    mk('keys', 'Agree on keys with Alice', status(has('revealed'), true)),
    mk(
      'fund',
      'Fund the swap',
      status(has('funded'), has('funding_watched')),
      s.funding ? `Payment seen: ${btcText(s.funding.amount)} (${plural(s.funding.confs, 'confirmation')})${fundingBad ? ', not the exact amount: the swap aborts' : ''}` : undefined,
    ),
    mk(
      'lock',
      'Lock the BTC',
      status(locked && c.lock >= d.finalityBtc, has('funded')),
      locked ? 'Broadcast: from here only buy or cancel/refund can spend it' : has('funded') ? 'Building and signing the lock transaction' : undefined,
      locked ? bar(c.lock, d.finalityBtc) : undefined,
    ),
    mk(
      'xmr',
      "Wait for Alice's XMR lock",
      status(has('xmr_final'), locked),
      has('xmr_bad') ? 'Less XMR than agreed arrived: no buy signature; the daemon cancels at the timelock' : undefined,
      c.xmr !== null ? bar(c.xmr, d.finalityXmr) : undefined,
    ),
    mk('buysig', 'Send the buy signature', status(has('buysig_sent'), has('xmr_final'))),
    mk('buy', 'Alice takes the BTC', status(f.buyPath, has('buysig_sent')), undefined, c.buy >= 0 ? bar(c.buy, d.finalityBtc) : undefined),
    mk('sweep', 'Sweep the XMR to your wallet', status(has('end_success'), f.buyPath), f.buyPath ? sweepDetail(f) : undefined, f.buyPath ? sweepBar(f) : undefined),
    mk('done', 'Swap complete', status(has('end_success'), false)),
  ];
  if (f.aborted) return [...skipOpen(happy), abortStep(f)];
  if (!f.cancelBranch) return happy;
  const cancelled = has('C') || has('end_refund') || has('end_punished');
  const tail = [
    mk('cancel', 'Cancel the BTC lock', status(cancelled, true), undefined, c.cancel >= 0 ? bar(c.cancel, d.finalityBtc) : undefined),
    mk(
      'refund',
      'Refund the BTC',
      status(has('end_refund'), cancelled),
      has('refund_unsafe') ? 'Past the safe refund window: Alice may punish now' : undefined,
      c.refund >= 0 ? bar(c.refund, d.finalityBtc) : undefined,
    ),
  ];
  if (has('end_punished') || s.punishSpend) tail.push(mk('punished', 'Alice punished: the locked BTC went to her', status(has('end_punished'), true)));
  return [...skipOpen(happy), ...tail];
}

function aliceSteps(f: ViewFacts): SwapStep[] {
  const { has, s, confs: c } = f;
  const d = s.deal;
  const xmrOk = has('xmr_seen') && !has('xmr_bad');
  const tooLate = has('withdrawn') || (has('lock_funding_closed') && !has('xmr_seen'));
  const happy = [
    mk('keys', 'Agree on keys with Bob', status(has('revealed'), true)),
    mk('sign', "Check Bob's transactions and sign cancel and refund", status(has('refund_sigs_sent'), has('revealed')), has('refund_sigs_sent') ? undefined : 'Nothing is locked before this'),
    mk("btc-lock", "Wait for Bob's BTC lock", status(has('lock_final'), has('refund_sigs_sent')), undefined, has('refund_sigs_sent') ? bar(c.lock, d.finalityBtc) : undefined),
    mk(
      'xmr-lock',
      'Lock the XMR',
      status(xmrOk, has('lock_final')),
      has('xmr_bad') ? 'The XMR amount differs from the deal: no buy; the swap goes to cancel' : tooLate ? 'Too close to cancel: do not send XMR any more' : undefined,
      c.xmr !== null ? bar(c.xmr, d.finalityXmr) : undefined,
    ),
    mk(
      'buy',
      'Take the BTC (buy)',
      status(has('end_success'), xmrOk),
      xmrOk && !has('buysig') ? "Waiting for Bob's buy signature" : has('buy_pub') ? 'Buy broadcast' : undefined,
      c.buy >= 0 ? bar(c.buy, d.finalityBtc) : undefined,
    ),
    mk('done', 'Swap complete', status(has('end_success'), false)),
  ];
  if (f.aborted) return [...skipOpen(happy), abortStep(f)];
  if (!f.cancelBranch) return happy;
  // Refund and punish consume the cancel output: their places prove cancel confirmed too.
  const refunded = ['refunded', 'kb_req', 'sweep_keys', 'sweeping', 'end_refund'].some(has);
  const cancelled = has('C') || refunded || has('end_punish');
  const tail = [
    mk('cancel', 'Cancel the BTC lock', status(cancelled, true), undefined, c.cancel >= 0 ? bar(c.cancel, d.finalityBtc) : undefined),
    mk('refund', 'Bob refunds his BTC', status(refunded, cancelled), undefined, c.refund >= 0 ? bar(c.refund, d.finalityBtc) : undefined),
  ];
  if (has('xmr_addr_shown'))
    tail.push(mk('sweep-back', 'Sweep the XMR back to your wallet', status(has('end_refund'), refunded), refunded ? sweepDetail(f) : undefined, refunded ? sweepBar(f) : undefined));
  tail.push(
    mk(
      'punish',
      'Punish a missing refund: take the BTC',
      status(has('end_punish'), has('cancel_punish_ok')),
      'Only if Bob does not refund before the punish timelock',
      c.punish >= 0 ? bar(c.punish, d.finalityBtc) : cancelled ? bar(c.cancel, d.punishTimelock, 'blocks') : undefined,
    ),
  );
  return [...skipOpen(happy), ...tail];
}

/** The sweep's wait: Monero spends an output only once it is 10 blocks deep. */
const sweepBar = (f: ViewFacts): SwapStep['progress'] => (f.confs.xmr === null ? undefined : bar(f.confs.xmr, XMR_SPENDABLE_CONFIRMATIONS));
const sweepDetail = (f: ViewFacts): string =>
  f.s.swept ? 'Sweep sent' : `The XMR can move once the lock is ${XMR_SPENDABLE_CONFIRMATIONS} blocks deep; the daemon sweeps it then`;

function abortStep(f: ViewFacts): SwapStep {
  const funded = f.has('funding_watched');
  return mk('abort', 'Abort the swap', status(f.has('end_abort'), true), f.role === 'bob' && funded ? 'Any payment to the funding address is swept back to your wallet' : 'Nothing was locked');
}

export function swapSteps(f: ViewFacts): SwapStep[] {
  const steps = f.role === 'bob' ? bobSteps(f) : aliceSteps(f);
  // An ended swap has nothing open: whatever did not happen was skipped.
  return f.outcome === null ? steps : skipOpen(steps);
}
