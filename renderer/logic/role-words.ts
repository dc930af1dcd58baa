// What each screen says, per side of the swap: Bob sends BTC and receives XMR, Alice sends XMR and
// receives BTC. Pure, so every sentence is tested with both roles; the screens only place them.
import type { OfferReview, SwapSummary, SwapView } from '../../shared/ipc/channels';
import { formatBtc, formatXmr } from './format';
import { formatSats } from './sats-text';
import type { Role } from './direction';

type Amounts = Pick<SwapSummary, 'role' | 'btcSats' | 'xmrPiconero'>;

/** The coin the person pays into the swap and the one they get out of it. */
export function sendReceive(a: Amounts): { send: string; receive: string } {
  const btc = formatBtc(a.btcSats);
  const xmr = formatXmr(a.xmrPiconero);
  return a.role === 'bob' ? { send: btc, receive: xmr } : { send: xmr, receive: btc };
}

/** "1 XMR for 0.001 BTC": what the person gives first, for one line of a card or a table. */
export function tradeLine(a: Amounts): string {
  const { send, receive } = sendReceive(a);
  return `${send} for ${receive}`;
}

export interface AddressWords {
  readonly label: string;
  readonly hint: string;
  /** What the address is for, in the start button's reason. */
  readonly kind: 'refund' | 'receive';
}

/** The address step's two fields: where the bought coin arrives, and where the sold coin returns. */
export function addressWords(role: Role): { btc: AddressWords; xmr: AddressWords } {
  if (role === 'bob')
    return {
      btc: { label: 'Bitcoin refund address', kind: 'refund', hint: 'If the swap is cancelled, your Bitcoin comes back here. Use an address of a wallet you control.' },
      xmr: { label: 'Monero receive address', kind: 'receive', hint: 'The Monero you buy arrives here.' },
    };
  return {
    btc: { label: 'Bitcoin receive address', kind: 'receive', hint: 'The Bitcoin you are paid arrives here (less the fee of the transaction that pays it).' },
    xmr: {
      label: 'Monero refund address',
      kind: 'refund',
      hint: "If the swap is aborted or refunded, your Monero comes back here: what is in the swap's funding wallet, or the Monero recovered after a refund. What the lock's fee reserve leaves over also comes back here. Use an address of a wallet you control.",
    },
  };
}

/** Alice's review line about the XMR she pays in: its exact amount is only known once the swap starts. */
export const xmrFundingReviewText = (r: Pick<OfferReview, 'xmrPiconero'>): string =>
  `${formatXmr(r.xmrPiconero)} plus a small reserve for the Monero lock's network fee, into the swap's own Monero funding address. The exact amount is shown when the swap starts; what the fee does not use comes back to your Monero refund address.`;

/**
 * What a cancelled swap costs the person. Bob pays the lock, cancel and refund fees out of his BTC;
 * Alice pays no Bitcoin fee at all (the BTC seller does), only Monero network fees to get her XMR back.
 */
export function refundCost(r: Pick<OfferReview, 'yourRole' | 'worstCaseRefundSats'>): { label: string; text: string } {
  const sats = formatSats(r.worstCaseRefundSats);
  if (r.yourRole === 'bob') return { label: 'Worst-case refund cost', text: `${sats} (lock + cancel + refund fees, out of your BTC, if the swap is cancelled)` };
  return {
    label: 'If the swap is cancelled',
    text: `You pay no Bitcoin fee: the BTC seller pays the lock, cancel and refund fees (${sats}). Your Monero comes back to your Monero refund address, less Monero network fees (the lock's, if it was sent, and the sweep back).`,
  };
}

/** One sentence on the finished swap's money, per side and outcome; null while it runs. */
export function outcomeLine(s: Amounts & Pick<SwapSummary, 'outcome'>, xmrFunding?: SwapView['xmrFunding']): string | null {
  const { send, receive } = sendReceive(s);
  const alice = s.role === 'alice';
  switch (s.outcome) {
    case 'swapped':
      return alice
        ? `You sold ${send} and received ${receive} (less the fee of the transaction that paid it) at your Bitcoin receive address.`
        : `You bought ${receive} for ${send}; the Monero is in your Monero receive address.`;
    case 'refunded':
      return alice
        ? 'The swap was cancelled and the BTC seller took their Bitcoin back. Your Monero went back to your Monero refund address, less Monero network fees.'
        : `The swap was cancelled and your Bitcoin came back to your refund address, less the lock, cancel and refund fees.`;
    case 'punished':
      return alice
        ? `The BTC seller did not refund in time after the cancel, so you took the Bitcoin as a penalty (${receive} less the cancel and punish fees).`
        : 'You were away past the punish timelock: Alice took the Bitcoin as a penalty and no Monero came to you.';
    case 'aborted':
      if (!alice || !xmrFunding || xmrFunding.received === '0') return 'The swap stopped before anything was locked: nothing was swapped.';
      return xmrFunding.state === 'returned'
        ? "The swap stopped before anything was locked. What you paid into the swap's funding wallet went back to your Monero refund address."
        : `The swap stopped before anything was locked. What you paid into the swap's funding wallet goes back to your Monero refund address once Monero lets it be spent (${xmrFunding.target} confirmations).`;
    default:
      return null;
  }
}
