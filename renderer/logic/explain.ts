// Plain-language explanations of an offer's terms, for the review step: who pays what first, and what
// each timelock means for the person's money. The counterparty is named as the swap's page names it
// (Alice or Bob, role-words and the view alike), once introduced as the maker. Pure so the words are
// tested with the numbers.
import type { OfferReview } from '../../shared/ipc/channels';
import { XMR_SPENDABLE_CONFIRMATIONS } from '../../shared/protocol/xmr-funding';
import { blocksToTime, formatBtc, formatXmr } from './format';

export interface Explanation {
  readonly youSend: string;
  readonly youReceive: string;
  readonly paragraphs: readonly string[];
}

export function explainOffer(r: OfferReview): Explanation {
  const btc = formatBtc(r.btcSats);
  const xmr = formatXmr(r.xmrPiconero);
  const cancel = blocksToTime(r.cancelTimelock, r.btcBlockSeconds);
  const punish = blocksToTime(r.punishTimelock, r.btcBlockSeconds);
  const fin = `${r.finalityBtc} Bitcoin confirmation${r.finalityBtc === 1 ? '' : 's'} and ${r.finalityXmr} Monero confirmation${r.finalityXmr === 1 ? '' : 's'}`;
  if (r.yourRole === 'bob') {
    return {
      youSend: btc,
      youReceive: xmr,
      paragraphs: [
        `You pay ${r.fundingSats ? formatBtc(r.fundingSats, { exact: true }) : btc} into a funding address your wallet controls; the swap locks ${btc} from it on the Bitcoin chain. Before that, the maker (Alice, as the swap's page calls her) signs the transactions that give it back to you if the swap stops.`,
        `Alice then locks ${xmr} on the Monero chain. Once that is final (${fin}), your wallet releases the Bitcoin to Alice, and doing so lets your wallet open the Monero.`,
        `If Alice never locks the Monero, your Bitcoin comes back: after ${cancel} from the lock, the swap is cancelled and your wallet refunds you to your refund address.`,
        `Keep the app running until the swap is done. If it stays closed past the cancel point and then another ${punish}, Alice may take the Bitcoin as a penalty, and you would not get the Monero: being offline too long is the one way to lose money.`,
      ],
    };
  }
  return {
    youSend: xmr,
    youReceive: btc,
    paragraphs: [
      `You pay ${xmr} (plus a small reserve for the lock's network fee) into the swap's own Monero funding address; Monero lets it be spent after ${XMR_SPENDABLE_CONFIRMATIONS} confirmations. Meanwhile the maker (Bob, as the swap's page calls him) locks ${btc} on the Bitcoin chain, and your wallet checks it is final (${fin}).`,
      `Only then does your wallet lock ${xmr} on the Monero chain, from the funding address. When Bob releases the Bitcoin to you, your wallet takes it to your receive address, and Bob can open the Monero.`,
      `If the swap stops before your Monero lock, what you paid in goes back to your Monero refund address. If Bob stops after it, after ${cancel} the swap is cancelled; when Bob then refunds the Bitcoin, your wallet recovers your Monero from that refund and sends it to the same address.`,
      `If Bob neither buys nor refunds, your wallet takes the Bitcoin as a penalty ${punish} after the cancel. Keep the app running until the swap is done.`,
    ],
  };
}
