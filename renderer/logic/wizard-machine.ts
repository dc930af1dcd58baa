// The wizard's steps before a swap exists (offer -> review -> addresses), as a pure reducer, and the
// step a running swap is at (fund -> progress -> done) derived from the daemon's view. Each gate
// returns the reason it is closed, which the disabled button shows.
import type { Network, OfferReview, SwapView } from '../../shared/ipc/channels';
import { compactOfferText } from '../../shared/offer/offer-damage';
import { checkBtcAddress, checkXmrAddress } from './address-check';
import { directionNote, type Role } from './direction';
import { sentence } from './format';
import { addressWords } from './role-words';
import { awaitsXmrFunding } from './xmr-funding-panel';

export const WIZARD_STEPS = [
  { id: 'offer', title: 'Offer', text: 'Buy or sell XMR, then paste an offer from a maker, or take the local sandbox maker on regtest.' },
  { id: 'review', title: 'Review', text: 'Amounts, fees and timelocks, explained before you commit.' },
  { id: 'addresses', title: 'Addresses', text: 'Where you receive, and where a refund goes if the swap is cancelled.' },
  { id: 'fund', title: 'Fund', text: 'The exact amount of BTC or XMR to send, with an address and QR code.' },
  { id: 'progress', title: 'Progress', text: 'Each step with confirmations, timelock bars and what happens next.' },
  { id: 'done', title: 'Done', text: 'The outcome and every transaction id.' },
] as const;
export type WizardStepId = (typeof WIZARD_STEPS)[number]['id'];

export interface WizardState {
  readonly step: 'offer' | 'review' | 'addresses';
  /** The person's side: bob buys XMR with BTC, alice sells XMR for BTC. The reviewed offer sets it. */
  readonly direction: Role;
  /** Said when the reviewed offer turned the chosen direction around. */
  readonly directionNote: string | null;
  readonly offer: string;
  /** Where the offer came from: the sandbox button fills it in, the offer book's Take hands it over, a paste replaces it. */
  readonly offerSource: 'pasted' | 'sandbox' | 'book';
  readonly review: OfferReview | null;
  readonly btcAddress: string;
  readonly xmrAddress: string;
  readonly busy: null | 'sandbox-offer' | 'review' | 'sandbox-addresses' | 'start';
  /** The host's last refusal, shown as it comes (it validates for real). */
  readonly error: string | null;
  /** Set once swap:start answered: the wizard hands over to the swap's progress view. */
  readonly swapId: string | null;
}

export const initialWizard: WizardState = {
  step: 'offer',
  direction: 'bob',
  directionNote: null,
  offer: '',
  offerSource: 'pasted',
  review: null,
  btcAddress: '',
  xmrAddress: '',
  busy: null,
  error: null,
  swapId: null,
};

export type WizardEvent =
  /** The person picks a direction: a sandbox offer of the other side is dropped (the matching one is fetched). */
  | { type: 'direction'; role: Role }
  | { type: 'offer-text'; text: string; source?: 'pasted' | 'sandbox' }
  /** An offer taken from the offer book: the person chose its side there, so the direction follows it. */
  | { type: 'take'; text: string; role: Role }
  /** The default sandbox offer for `role`, arriving: ignored when the person already typed, pasted, moved on or turned around. */
  | { type: 'prefill'; text: string; role: Role }
  | { type: 'busy'; what: NonNullable<WizardState['busy']> }
  | { type: 'failed'; message: string }
  | { type: 'reviewed'; review: OfferReview }
  | { type: 'accept' }
  | { type: 'back' }
  | { type: 'address'; which: 'btc' | 'xmr'; value: string }
  | { type: 'addresses'; btc: string; xmr: string }
  | { type: 'started'; swapId: string };

export function wizardReducer(s: WizardState, e: WizardEvent): WizardState {
  switch (e.type) {
    case 'direction':
      if (s.busy || s.step !== 'offer' || e.role === s.direction) return s;
      return { ...s, direction: e.role, directionNote: null, review: null, error: null, ...(s.offerSource === 'sandbox' ? { offer: '' } : {}) };
    case 'offer-text':
      // A new offer invalidates the review of the old one.
      return { ...s, offer: e.text, offerSource: e.source ?? 'pasted', review: null, error: null, busy: null, step: 'offer' };
    case 'take':
      if (s.busy) return s;
      return { ...initialWizard, direction: e.role, offer: e.text, offerSource: 'book' };
    case 'prefill':
      return s.offer === '' && s.step === 'offer' && !s.busy && !s.review && e.role === s.direction ? { ...s, offer: e.text, offerSource: 'sandbox' } : s;
    case 'busy':
      return { ...s, busy: e.what, error: null };
    case 'failed':
      return { ...s, busy: null, error: e.message };
    case 'reviewed':
      // The offer decides the side (its maker signed the other one); the person hears when it differs.
      return { ...s, busy: null, error: null, review: e.review, step: 'review', direction: e.review.yourRole, directionNote: directionNote(s.direction, e.review.yourRole) };
    case 'accept':
      return s.step === 'review' && s.review ? { ...s, step: 'addresses', error: null } : s;
    case 'back':
      if (s.busy) return s;
      return { ...s, error: null, step: s.step === 'addresses' ? 'review' : 'offer' };
    case 'address':
      return { ...s, error: null, ...(e.which === 'btc' ? { btcAddress: e.value } : { xmrAddress: e.value }) };
    case 'addresses':
      return { ...s, busy: null, error: null, btcAddress: e.btc, xmrAddress: e.xmr };
    case 'started':
      return { ...s, busy: null, error: null, swapId: e.swapId };
  }
}

export interface WizardContext {
  readonly daemonReady: boolean;
  readonly daemonMessage: string;
  readonly network: Network | null;
  readonly now: number;
}

const busyReason = (s: WizardState): string | null => (s.busy ? 'Waiting for the daemon to answer.' : null);

/** Why "Review offer" cannot run now, or null. */
export function reviewBlocker(s: WizardState, ctx: WizardContext): string | null {
  if (!ctx.daemonReady) return `The swap daemon is not ready. ${sentence(ctx.daemonMessage || 'it is starting')}`;
  if (!s.offer.trim()) return 'Paste an offer first (it starts with fcswap1).';
  // Wrapping a chat client added (spaces, line breaks) is ignored, as the host's decoder ignores it.
  if (!compactOfferText(s.offer).toLowerCase().startsWith('fcswap1')) return 'An offer starts with fcswap1; check that the whole offer was pasted.';
  return busyReason(s);
}

/** Why "Accept these terms" cannot run now, or null. */
export function acceptBlocker(s: WizardState, ctx: WizardContext): string | null {
  if (!s.review) return 'Review the offer first.';
  if (s.review.expiresAt * 1000 <= ctx.now) return 'This offer has expired; ask the maker for a new one.';
  if (ctx.network && s.review.network !== ctx.network) return `This offer is for ${s.review.network}, but the wallet is set to ${ctx.network} (see Settings).`;
  return busyReason(s);
}

/** Which address the person gives for Bitcoin: the refund address when selling BTC, else where BTC arrives. */
export const btcAddressRole = (yourRole: Role): 'refund' | 'receive' => addressWords(yourRole).btc.kind;

export function addressProblems(s: WizardState): { btc: string | null; xmr: string | null } {
  const network = s.review?.network ?? 'regtest';
  return { btc: checkBtcAddress(s.btcAddress, network), xmr: checkXmrAddress(s.xmrAddress, network) };
}

/** Why "Start the swap" cannot run now, or null. */
export function startBlocker(s: WizardState, ctx: WizardContext): string | null {
  const a = acceptBlocker(s, ctx);
  if (a) return a;
  if (!ctx.daemonReady) return `The swap daemon is not ready. ${sentence(ctx.daemonMessage || 'it is starting')}`;
  const p = addressProblems(s);
  const words = addressWords(s.review?.yourRole ?? s.direction);
  if (p.btc) return `${words.btc.label}: ${p.btc}`;
  if (p.xmr) return `${words.xmr.label}: ${p.xmr}`;
  return null;
}

/** The wizard step a running swap is at, from the daemon's view of it. */
export function stepOfView(v: Pick<SwapView, 'summary' | 'funding' | 'asks' | 'xmrFunding'>): WizardStepId {
  if (v.summary.outcome !== 'running') return 'done';
  // Bob funds the BTC side. Alice pays her funding wallet and waits for its confirmations; the swap
  // then locks from it by itself. Without a funding wallet, she is asked to pay the XMR lock herself.
  if (v.xmrFunding) return awaitsXmrFunding(v.xmrFunding) ? 'fund' : 'progress';
  if ((v.funding && v.funding.seen === null) || v.asks.some((a) => a.id === 'lock-xmr')) return 'fund';
  return 'progress';
}
