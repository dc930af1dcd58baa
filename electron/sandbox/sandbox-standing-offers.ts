// The sandbox maker's standing offers, on the sandbox's Nostr relay: one version-2 offer per side (it
// sells XMR as Alice, buys it as Bob), each for 0.001..0.01 BTC at 100 XMR per BTC (the single offers'
// price), capacity 4, living an hour. The plan (shared/offer/standing-offer-plan.ts) is looked at every
// few seconds and after each change of the maker's offer book: a side taken to capacity or near its
// expiry gets a fresh offer and the old one is revoked (its swaps go on). The offer book is announced
// on the relay with startOfferPublisher (NIP-69 events signed by the maker's Nostr key, derived from
// its wallet seed in an in-process signer core), so a wallet's Offers screen lists both sides, and a
// take is served by the maker's listener like any standing offer.
// Guards: the relay hears of an offer only after it is durable in the maker's book (the book's
// onChange); one look at a time; stop() stops the looks before it closes the publisher.
import type { OfferTerms as SignedTerms } from '../../shared/offer/offer-schema';
import { planOffers, roleOf, type SideQuote } from '../../shared/offer/standing-offer-plan';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';
import { randomBytes } from 'node:crypto';
import type { SwapId } from '../../shared/ids';
import type { OfferBook } from '../daemon/offer-book';
import type { StandingMaker } from '../daemon/standing-offers';
import type { NostrEventSigner } from '../nostr/nostr-signer';
import { startOfferPublisher, type OfferPublisher } from '../nostr/offer-publisher';
import type { OfferTerms } from './sandbox-maker';

/** Each side's range tops at the single offers' 0.01 BTC for 1 XMR; a take may be a tenth of it. */
const MAX_BTC_SATS = 1_000_000n;
const CAPACITY = 4;
const EXPIRY_SEC = 3600;
/** Refreshed ten minutes before it expires: a taker reading the book never gets a nearly dead offer. */
const REFRESH_SEC = 50 * 60;

export interface SandboxStandingOptions {
  readonly book: OfferBook;
  readonly standing: StandingMaker;
  /** The maker's peer identity: its seed signs the offers and binds the Nostr key; its key and port go in each offer. */
  readonly identitySeed: Uint8Array;
  readonly makerKey: string;
  readonly port: number;
  readonly relayUrl: string;
  readonly signer: NostrEventSigner;
  /** The fee rate each new offer signs (sat/kvB). */
  readonly feeRate: () => Promise<number>;
  /** The sandbox's terms (timelocks, amounts): the same as its single offers'. */
  readonly terms: OfferTerms;
  readonly say: (line: string) => void;
  /** How often the plan is looked at besides the book's changes (default 5 s). */
  readonly tickMs?: number;
}

export interface SandboxStanding {
  /** Looks at the plan now (publish, refresh, revoke); resolves when done. */
  tick(): Promise<void>;
  readonly publisher: OfferPublisher;
  stop(): void;
}

/** The quote of each side from the sandbox's terms (defaults: the single offers' amounts, the network's timelocks). */
export function sandboxQuotes(t: OfferTerms): SideQuote[] {
  const max = BigInt(t.btcSats ?? MAX_BTC_SATS.toString());
  const xmr = t.xmrPiconero ?? '1000000000000';
  return (['sell_xmr', 'buy_xmr'] as const).map((side) => ({
    side,
    btcSats: max.toString(),
    minBtcSats: (max / 10n).toString(),
    xmrPiconero: xmr,
    capacity: CAPACITY,
    cancelTimelock: t.cancelTimelock ?? SWAP_NETWORKS.regtest.cancelTimelock,
    punishTimelock: t.punishTimelock ?? SWAP_NETWORKS.regtest.punishTimelock,
  }));
}

export async function startSandboxStanding(o: SandboxStandingOptions): Promise<SandboxStanding> {
  const published = await startOfferPublisher({
    relays: [o.relayUrl],
    signer: o.signer,
    identitySeed: o.identitySeed,
    registry: o.book,
    log: (event, detail) => {
      if (event !== 'offer-published' && event !== 'offer-deleted') o.say(`maker nostr ${event}: ${detail}`);
    },
  });
  if (!published.ok) throw new Error(`the sandbox maker's offer publisher: ${published.error.message}`);
  const publisher = published.value;
  if (!publisher) throw new Error("the sandbox maker's offer publisher has no relay");
  const quotes = sandboxQuotes(o.terms);
  const listen = { host: '127.0.0.1', port: o.port };
  let looking: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const look = async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const plan = planOffers(o.book.snapshot, quotes, { nowSec, refreshSec: REFRESH_SEC, expirySec: EXPIRY_SEC, listen, refreshWhenFull: true });
    if (plan.publish.length === 0 && plan.revoke.length === 0) return;
    const satPerKvB = o.terms.feeRateSatPerKvB ?? (await o.feeRate());
    // Fresh offers first: a side is never without an offer between the revoke and the publish.
    for (const q of plan.publish) {
      const terms = standingTerms(q, { makerKey: o.makerKey, listen, nowSec, satPerKvB });
      const offer = o.standing.publish(terms, { nowSec });
      if (!offer.ok) o.say(`maker standing offer (${q.side}) refused: ${offer.error.message}`);
      else o.say(`maker standing offer ${terms.offerId.slice(0, 8)}: ${q.side === 'sell_xmr' ? 'sells' : 'buys'} XMR, ${q.minBtcSats}..${q.btcSats} sats, capacity ${q.capacity}, on ${o.relayUrl}`);
    }
    for (const id of plan.revoke) o.standing.revoke(id);
  };
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (looking) {
      again = true;
      return looking;
    }
    looking = (async () => {
      do {
        again = false;
        await look().catch((e: unknown) => o.say(`maker standing offers: ${e instanceof Error ? e.message : String(e)}`));
      } while (again && !stopped);
    })().finally(() => (looking = null));
    return looking;
  };
  // A take that fills an offer, or an ended swap, is a change of the book: look again at once.
  const unsubscribe = o.book.onChange(() => void tick());
  const timer = setInterval(() => void tick(), o.tickMs ?? 5_000);
  timer.unref?.();
  await tick();
  return {
    tick,
    publisher,
    stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      publisher.close();
    },
  };
}

function standingTerms(q: SideQuote, o: { makerKey: string; listen: { host: string; port: number }; nowSec: number; satPerKvB: number }): SignedTerms {
  return {
    offerId: randomBytes(16).toString('hex') as SwapId,
    network: 'regtest',
    makerRole: roleOf(q.side),
    btcSats: q.btcSats,
    xmrPiconero: q.xmrPiconero,
    cancelTimelock: q.cancelTimelock,
    punishTimelock: q.punishTimelock,
    fee: { kind: 'fixed', satPerKvB: o.satPerKvB },
    expiresAt: o.nowSec + EXPIRY_SEC,
    makerKey: o.makerKey,
    makerAddress: o.listen,
    standing: { minBtcSats: q.minBtcSats, capacity: q.capacity },
  };
}
