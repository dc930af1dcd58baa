// The swap view's sentences: where a swap stands (stage), what happens next and when, and the
// deadline warnings with what to do. Guards plain words: every sentence names the chain event or
// block height it waits for, from the state, so the person can check it.
import type { SwapView } from '../ipc/channels';
import type { NextActions } from './next-actions';
import { atBlock, inBlocks, xmrText, type Deadline, type ViewFacts } from './swap-view-facts';

type Warning = SwapView['warnings'][number];

const confText = (c: number, target: number) => `${Math.max(0, c)}/${target} confirmation${target === 1 ? '' : 's'}`;

const ENDED = {
  bob: {
    swapped: 'Swapped: the XMR is in your wallet',
    refunded: 'Refunded: the BTC is back in your wallet',
    punished: 'Punished: the refund came too late and Alice took the BTC',
    aborted: 'Aborted before any BTC was locked',
  },
  alice: {
    swapped: 'Swapped: the BTC is yours',
    refunded: 'Refunded: Bob took his BTC back and no XMR was lost',
    punished: 'Punished: Bob did not refund in time and the BTC is yours',
    aborted: 'Aborted before any XMR was locked',
  },
} as const;

export function stageOf(f: ViewFacts, damaged: string | null): string {
  const { has, s, confs: c, role } = f;
  const d = s.deal;
  if (damaged) return 'Damaged: the swap record could not be read';
  if (f.outcome) return ENDED[role][f.outcome];
  if (f.aborted) return 'Aborting';
  if (role === 'bob') {
    if (has('C')) return has('refund_pub') ? `Cancelled; refund broadcast (${confText(c.refund, d.finalityBtc)})` : 'Cancelled; refunding the BTC';
    if (f.cancelBranch) return `Cancel broadcast (${confText(c.cancel, d.finalityBtc)})`;
    if (f.buyPath) return 'Alice took the BTC; sweeping the XMR';
    if (has('lock_cancel_ok')) return 'Cancel timelock reached; cancelling';
    if (has('buysig_sent')) return 'Buy signature sent; waiting for Alice to take the BTC';
    if (has('xmr_bad')) return 'Alice locked less XMR than agreed; waiting for the cancel timelock';
    if (has('xmr_final')) return 'Monero lock final; sending the buy signature';
    if (has('xmr_seen')) return `Monero lock seen (${confText(c.xmr ?? 0, d.finalityXmr)})`;
    // The same condition as next's: until the lock confirms, the wait is for the lock, not the Monero.
    if (has('lock_pub') && c.lock < 1) return `Bitcoin lock broadcast; waiting for it to confirm (${confText(c.lock, 1)})`;
    if (has('lock_pub')) return `Bitcoin locked; waiting for the Monero lock (${c.lock}/${d.cancelTimelock} blocks of the cancel timelock)`;
    if (has('funded')) return 'Funded; preparing the BTC lock';
    if (s.funding) return `Payment seen (${confText(s.funding.confs, 1)}); checking the amount`;
    if (has('funding_watched')) return 'Waiting for your BTC payment';
    if (has('revealed')) return 'Keys exchanged; preparing the funding address';
    return 'Agreeing on keys with Alice';
  }
  if (has('refunded') || has('kb_req') || has('sweep_keys') || has('sweeping')) return 'Bob refunded; sweeping the XMR back';
  if (has('punish_pub')) return `Punish broadcast (${confText(c.punish, d.finalityBtc)})`;
  if (has('C')) return `Cancelled; waiting for Bob's refund (punish after ${confText(c.cancel, d.punishTimelock)})`;
  if (has('cancel_pub')) return `Cancel broadcast (${confText(c.cancel, d.finalityBtc)})`;
  if (has('buy_pub')) return `Buy broadcast (${confText(c.buy, d.finalityBtc)})`;
  if (has('xmr_bad')) return 'The XMR amount differs from the deal; no buy, waiting for cancel';
  if (has('buy_req')) return 'Signing the buy';
  if (has('xmr_seen')) return has('buysig') ? 'XMR locked; taking the BTC' : "XMR locked; waiting for Bob's buy signature";
  if (has('withdrawn') || has('lock_funding_closed')) return 'Too close to cancel: do not lock XMR; waiting for cancel';
  if (has('xmr_addr_shown')) return 'Waiting for your XMR payment';
  if (has('refund_sigs_sent')) return `Waiting for Bob's BTC lock (${confText(c.lock, d.finalityBtc)})`;
  if (has('setup')) return "Checking Bob's transactions";
  if (has('revealed')) return "Keys exchanged; waiting for Bob's transactions";
  return 'Agreeing on keys with Bob';
}

/** What happens next and when. `lead` is an ask of the person, which comes before anything else. */
export function nextOf(f: ViewFacts, na: NextActions, live: boolean, damaged: string | null, lead: string | null): string {
  const { has, s, confs: c, role } = f;
  const d = s.deal;
  const cancelAt = atBlock(f.cancel.blocksLeft ?? d.cancelTimelock);
  const punishAt = atBlock(f.punish.blocksLeft ?? d.punishTimelock);
  if (damaged) return `Nothing runs on this swap: its record could not be read (${damaged}). Keep the data folder unchanged and restart the wallet.`;
  if (f.outcome) return 'Nothing: the swap is over.';
  if (!live) return 'Nothing runs until both chains have caught up after the restart; then the swap continues where it stopped.';
  if (lead) return lead;
  if (f.aborted) return role === 'bob' && has('funding_watched') ? 'The daemon aborts the swap and your wallet sweeps any funding payment back.' : 'The daemon aborts the swap.';
  if (role === 'bob') {
    if (has('C')) {
      const k = f.punish.blocksLeft ?? d.punishTimelock;
      const what = has('refund_pub') ? 'Refund broadcast' : 'The daemon broadcasts the refund';
      return k <= 0
        ? `${what}; Alice may punish now. Keep the wallet online until the refund confirms.`
        : `${what}: it must confirm before Alice may punish ${punishAt}. Keep the wallet online.`;
    }
    if (f.cancelBranch) return `Cancel broadcast: once it confirms (${confText(c.cancel, d.finalityBtc)}) the daemon broadcasts the refund.`;
    if (f.buyPath) return 'Alice took the BTC: the daemon recovers the XMR key from her buy and sweeps the XMR to your wallet.';
    if (has('lock_cancel_ok')) return 'Cancel is valid: the daemon broadcasts cancel, then refunds the BTC.';
    if (has('buysig_sent')) return `Waiting for Alice to take the BTC; then the daemon sweeps the XMR. If she does not, the swap daemon will cancel ${cancelAt}.`;
    if (has('xmr_final')) return 'The daemon sends Alice the buy signature.';
    if (has('xmr_bad')) return `No buy signature: Alice locked less XMR than agreed. The swap daemon will cancel ${cancelAt} and refund your BTC.`;
    if (has('xmr_seen'))
      return `Waiting for Alice's XMR lock to confirm (${confText(c.xmr ?? 0, d.finalityXmr)}); then the daemon sends the buy signature. If it does not, the swap daemon will cancel ${cancelAt}.`;
    if (has('lock_pub'))
      return c.lock < 1 ? 'Waiting for the BTC lock to confirm.' : `Waiting for Alice's XMR lock. The swap daemon will cancel ${cancelAt} if Alice does not lock.`;
    if (has('refund_sigs')) return 'Your wallet signs the BTC lock; then the daemon broadcasts it (no abort after that).';
    if (has('funded')) return "Your wallet builds the lock, cancel and refund; then Alice's refund signatures are needed before the lock.";
    if (!has('revealed')) return 'Exchanging keys with Alice; then the funding address is shown.';
  } else {
    if (['refunded', 'kb_req', 'sweep_keys', 'sweeping'].some(has)) return 'Bob refunded: the daemon recovers the XMR key from his refund and sweeps the XMR back to your wallet.';
    if (has('punish_pub')) return `Punish broadcast: waiting for it to confirm (${confText(c.punish, d.finalityBtc)}).`;
    if (has('C')) return has('cancel_punish_ok') ? 'Punish is valid: the daemon broadcasts punish unless Bob refunds first.' : `Waiting for Bob's refund; if it does not come, the daemon punishes ${punishAt}.`;
    if (has('cancel_pub')) return `Cancel broadcast: waiting for it to confirm (${confText(c.cancel, d.finalityBtc)}).`;
    if (has('buy_pub')) return `Buy broadcast: waiting for it to confirm (${confText(c.buy, d.finalityBtc)}).`;
    if (has('xmr_bad')) return `No buy: the XMR amount differs from the deal. The daemon cancels ${cancelAt}, then sweeps the XMR back after Bob's refund.`;
    if (has('xmr_seen'))
      return has('buysig') ? 'Your wallet signs buy; then the daemon broadcasts it.' : `Waiting for Bob's buy signature; if it does not come, the daemon cancels ${cancelAt}.`;
    if (has('withdrawn') || has('lock_funding_closed')) return `Too close to cancel: do not send XMR. The daemon cancels ${cancelAt}.`;
    if (has('refund_sigs_sent')) return `Waiting for Bob's BTC lock to reach ${d.finalityBtc} confirmation${d.finalityBtc === 1 ? '' : 's'} (now ${Math.max(0, c.lock)}); then your XMR lock address is shown.`;
    if (!has('refund_sigs_sent')) return "Exchanging keys and checking Bob's transactions; nothing is locked yet.";
  }
  const action = na.held[0] ?? null;
  if (action) return `The daemon will: ${action.title}.`;
  const wait = na.waitingFor[0];
  return wait ? `${wait.title}.` : 'Waiting for the next block.';
}

const level = (f: ViewFacts, left: number): Warning['level'] => (left <= f.s.deal.safety ? 'danger' : 'warning');

function cancelWarning(f: ViewFacts, k: number): string {
  const { has } = f;
  const when = `Cancel becomes valid ${inBlocks(k)}`;
  if (f.role === 'bob')
    return has('buysig_sent')
      ? `Alice must take the BTC before cancel (${inBlocks(k)}). Keep the wallet online: the daemon sweeps the XMR once she does, or cancels and refunds your BTC if she does not.`
      : `${when} and Alice has not completed her XMR lock. Keep the wallet online: the daemon then cancels and refunds your BTC.`;
  if (has('buy_pub')) return `Buy is broadcast but not confirmed; ${when.toLowerCase()}. Keep the wallet online: the daemon re-broadcasts buy until it confirms.`;
  if (has('xmr_seen')) return `${when}. Keep the wallet online: the daemon buys the BTC while it is safe, or cancels and sweeps your XMR back after Bob's refund.`;
  // While the address is still shown the person may fund; past that, funding would only add risk.
  if (has('xmr_addr_shown') && !has('withdrawn') && !has('lock_funding_closed')) return `${when}. Send the XMR now or not at all, and keep the wallet online until the swap ends.`;
  return `${when}. Do not send XMR for this swap any more; keep the wallet online until it ends.`;
}

/** A warning per deadline within twice the safety margin, saying what the person should do. */
export function deadlineWarnings(f: ViewFacts): Warning[] {
  const out: Warning[] = [];
  const { role } = f;
  const near = (dl: Deadline) => dl.blocksLeft !== null && dl.blocksLeft <= f.s.deal.safety * 2;
  // The cancel deadline is behind us once cancel is broadcast or confirmed.
  if (near(f.cancel) && !f.cancelBranch && !f.aborted) {
    const k = f.cancel.blocksLeft ?? 0;
    const message = cancelWarning(f, k);
    out.push({ code: 'cancel-deadline', level: level(f, k), message });
  }
  if (near(f.punish)) {
    const k = f.punish.blocksLeft ?? 0;
    const message =
      role === 'bob'
        ? k <= 0
          ? 'Alice may punish now: keep the wallet online until your refund confirms.'
          : `Alice may punish ${inBlocks(k)} if your refund is not confirmed by then. Keep the wallet online until the refund confirms.`
        : k <= 0
          ? "Punish is valid now: keep the wallet online; the daemon punishes unless Bob's refund confirms first."
          : `Punish becomes valid ${inBlocks(k)} if Bob does not refund. Keep the wallet online: the daemon punishes then, or sweeps your XMR back after his refund.`;
    out.push({ code: 'punish-deadline', level: level(f, k), message });
  }
  return out;
}

export const xmrAskDetail = (address: string, piconero: string) => `Send exactly ${xmrText(piconero)} (${piconero} piconero) to ${address}`;
