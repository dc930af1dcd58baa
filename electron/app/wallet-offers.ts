// The person as a maker: standing offers made in the app, answered by the wallet's own swap node on a
// peer listener, their takes becoming swaps like any other (resume screen, history). The offer book
// and the listener's port live under `<data>/offers/`; after a restart the listener comes back on the
// same port (the offers carry it) once recovery is done, and the resumed maker swaps are opened on it.
// Guards: bad choices are refused with the field to change before anything is signed, saved or
// listened on; a take is backed up on the client side (offer, deal, the person's addresses) before
// the daemon records its genesis, as startSwap does; revoking only refuses new takes.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { MadeOffer, MakeOfferRequest, OffersList } from '../../shared/ipc/offer-channels';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';
import { makerFeeRate } from '../../shared/offer/fee-band';
import { checkMakeOfferChoices, makeOfferTerms, termsError, type MakeOfferChoices } from '../../shared/offer/make-offer-terms';
import { checkPayoutAddresses } from '../../shared/offer/offer-review';
import type { OfferEntry } from '../../shared/offer/offer-registry';
import { HostSchema } from '../../shared/offer/offer-schema';
import type { Deal } from '../../shared/protocol/deal';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { OfferBook } from '../daemon/offer-book';
import { serveStandingOffers, type StandingMaker } from '../daemon/standing-offers';
import { TakerBindings } from '../peer/peer-files';
import { requestFeeEstimate } from '../syncer/fee-estimate-request';
import type { WalletContext } from './wallet-context';
import { WalletMakerFile, type OfferPayout } from './wallet-offers-file';
import { ensureListener, listenHost, reopenListener, type ListenerState } from './wallet-offers-listener';
import { announceOffers, type OffersAnnouncement } from './wallet-offers-nostr';
import { madeOfferView } from './wallet-offers-view';
import { seedReadyForSwap } from './swap-gate';

export interface WalletOffers {
  makeOffer(req: MakeOfferRequest): Promise<Result<MadeOffer, AppError>>;
  listOffers(): Promise<Result<OffersList, AppError>>;
  revokeOffer(offerId: string): Promise<Result<MadeOffer, AppError>>;
  /** A swap reached its outcome: if it was a take of one of the person's offers, its place is free. */
  swapEnded(swapId: string): void;
  stop(): Promise<void>;
}

/** The maker's parts, once recovery is done; `failed`: the book or its file is damaged (offers refused, swaps untouched). */
export interface OffersState extends ListenerState {
  book: OfferBook | null;
  file: WalletMakerFile | null;
  maker: StandingMaker | null;
  failed: AppError | null;
  /** The offers kept announced on the offer book's relays (null: no book or no Nostr signer). */
  nostr: OffersAnnouncement | null;
}

const nowSec = () => Math.floor(Date.now() / 1000);

export function walletOffers(ctx: WalletContext, recovery: Promise<void>): WalletOffers {
  const s: OffersState = { book: null, file: null, maker: null, listener: null, failed: null, nostr: null };
  const ready = recovery.then(() => startServing(ctx, s)).catch((e: unknown) => void (s.failed = appError('offers-unavailable', `offers could not start: ${(e as Error).message}`)));
  const withBook = async <T>(f: (book: OfferBook, file: WalletMakerFile) => Promise<Result<T, AppError>> | Result<T, AppError>): Promise<Result<T, AppError>> => {
    await ready;
    if (s.failed || !s.book || !s.file) return err(s.failed ?? appError('offers-unavailable', 'the offer book is not open'));
    return f(s.book, s.file);
  };
  return {
    makeOffer: (req) => withBook((book, file) => makeOffer(ctx, s, book, file, req)),
    listOffers: () => withBook((book) => listOffers(ctx, s, book)),
    revokeOffer: (offerId) =>
      withBook((book) => {
        if (!book.snapshot.offers[offerId]) return err(appError('offer-unknown', `You made no offer ${offerId}.`));
        book.revoke(offerId);
        ctx.log(`offer ${offerId.slice(0, 8)} revoked: no new takes; its running swaps go on`);
        return ok(viewOf(s, book.snapshot.offers[offerId]!, nowSec()));
      }),
    swapEnded: (swapId) => s.maker?.swapEnded(swapId),
    async stop() {
      await ready;
      s.nostr?.close();
      await s.listener?.close();
    },
  };
}

/** After recovery: the book (takes whose swap is not running are ended) and the listener on its saved port. */
async function startServing(ctx: WalletContext, s: OffersState): Promise<void> {
  const dir = path.join(ctx.o.dataDir, 'offers');
  const book = OfferBook.open(path.join(dir, 'offers.json'));
  const file = WalletMakerFile.open(path.join(dir, 'maker.json'));
  if (!book.ok) return void (s.failed = book.error);
  if (!file.ok) return void (s.failed = file.error);
  s.book = book.value;
  s.file = file.value;
  const running = ctx.node.daemon.swapIds.filter((id) => ctx.node.daemon.actor(id)?.status !== 'finished');
  s.book.reconcile(new Set(running));
  s.nostr = announced(ctx, s.book);
  const port = s.file.port;
  if (port === null) return;
  const l = await reopenListener(ctx, s, port, () => serve(ctx, s));
  if (!l.ok) ctx.log(`offers: ${l.error.message}`);
}

/** The registry kept announced on the offer book's relays, from its reconciled state on. */
function announced(ctx: WalletContext, registry: OfferBook): OffersAnnouncement | null {
  const { book, nostrSigner } = ctx.o;
  if (!book || !nostrSigner) return null;
  return announceOffers({
    registry,
    identitySeed: ctx.node.identitySeed,
    signer: nostrSigner,
    relays: book.relays().map((r) => r.url),
    pool: () => book.pool(),
    onRelaysChange: (cb) => book.onRelaysChange(cb),
    log: ctx.log,
  });
}

/** The offer as the screen shows it, with the relays it is announced on when it is announced. */
function viewOf(s: OffersState, e: OfferEntry, now: number): MadeOffer {
  const v = madeOfferView(e, now);
  return s.nostr ? { ...v, announcedOn: s.nostr.announcedOn(e.terms.offerId) } : v;
}

/** The node's maker swaps and the book's takes answered on the current listener. */
function serve(ctx: WalletContext, s: OffersState): void {
  const { listener, book } = s;
  if (!listener || !book) return;
  ctx.node.serve(listener);
  s.maker = serveStandingOffers({
    node: ctx.node,
    client: { register: (deal) => backUpTake(ctx, s, deal) },
    book,
    listener,
    bindings: new TakerBindings(path.join(ctx.o.dataDir, 'daemon', 'peer', 'takers')),
    log: (event, detail) => ctx.log(`offers ${event}: ${detail}`),
  });
}

/** A take the book accepted: the client backup first (the offer, the deal, the person's addresses), then its client. */
async function backUpTake(ctx: WalletContext, s: OffersState, deal: Deal): Promise<void> {
  const entry = Object.values(s.book?.snapshot.offers ?? {}).find((e) => e.takes.some((t) => t.swapId === deal.swapId));
  const payout = entry ? s.file?.payout(entry.terms.offerId) : undefined;
  if (!entry || !payout) throw new Error(`take ${deal.swapId}: its offer has no saved payout addresses`);
  // Alice (the person sells XMR): the amount to pay into the swap's own funding wallet is fixed first.
  if (deal.role === 'alice') {
    const funded = ctx.funding ? await ctx.funding.prepare(deal) : err(appError('offer-role-unsupported', 'this wallet has no XMR funding wallets'));
    if (!funded.ok) throw new Error(funded.error.message);
  }
  ctx.o.backup.saveSwap({ offer: entry.offer, deal, ...payout, createdAt: Date.now(), ...(ctx.currentChains ? { sandboxChains: ctx.currentChains } : {}) });
  const c = ctx.clients.clientFor(deal.swapId);
  if (!c) throw new Error('the client backup could not be read back');
  await c.register(deal);
  if (deal.role === 'alice') ctx.funding?.watch(deal.swapId);
  ctx.log(`offer ${entry.terms.offerId.slice(0, 8)} taken: swap ${deal.swapId.slice(0, 8)} for ${deal.btcAmount} sats`);
}

/**
 * Checks every choice, listens (on the port asked, else the one in use), saves the payout addresses,
 * then signs and publishes. A refused choice changes nothing.
 */
async function makeOffer(ctx: WalletContext, s: OffersState, book: OfferBook, file: WalletMakerFile, req: MakeOfferRequest): Promise<Result<MadeOffer, AppError>> {
  const network = ctx.o.endpoints.network;
  const seeded = await seedReadyForSwap(network, ctx.o.seedBackedUp);
  if (!seeded.ok) return seeded;
  if (req.makerRole === 'alice' && !ctx.funding) {
    return err({ ...termsError('makerRole', 'Offers that sell XMR need the per-swap XMR funding wallets, which this wallet runs without: make an offer that buys XMR.'), kind: 'offer-role-unsupported' });
  }
  const choices = await choicesOf(ctx, req);
  const checked = checkMakeOfferChoices(choices, network);
  if (!checked.ok) return checked;
  const payout = payoutOf(ctx, req);
  if (!payout.ok) return payout;
  const host = req.host?.trim() ?? (network === 'regtest' ? '127.0.0.1' : '');
  if (!HostSchema.safeParse(host).success) return err(termsError('host', 'Say the address takers reach this wallet at (a DNS name or IP address): it goes into the offer.'));
  const listening = await ensureListener(ctx, s, book, file, req.port, () => serve(ctx, s));
  if (!listening.ok) return listening;
  const offerId = randomBytes(16).toString('hex') as SwapId;
  const now = nowSec();
  const terms = makeOfferTerms(choices, { network, nowSec: now, offerId, makerKey: ctx.node.identity.publicKeyHex, makerAddress: { host, port: listening.value } });
  if (!terms.ok) return terms;
  if (!s.maker) return err(appError('offers-unavailable', 'the wallet is not listening for takers'));
  // The addresses first: a take can only arrive once the offer is published, and must find them.
  file.setPayout(offerId, payout.value);
  const published = s.maker.publish(terms.value, { nowSec: now });
  if (!published.ok) return err(published.error);
  ctx.log(`offer ${offerId.slice(0, 8)} made: ${req.makerRole === 'bob' ? 'buys' : 'sells'} XMR, ${choices.minBtcSats}..${choices.maxBtcSats} sats, capacity ${choices.capacity}, on port ${listening.value}`);
  return ok(viewOf(s, book.snapshot.offers[offerId]!, now));
}

/** The request with the network's default timelocks and the node's fee rate where the person left them out. */
async function choicesOf(ctx: WalletContext, req: MakeOfferRequest): Promise<MakeOfferChoices> {
  const net = SWAP_NETWORKS[ctx.o.endpoints.network];
  return {
    makerRole: req.makerRole,
    minBtcSats: req.minBtcSats,
    maxBtcSats: req.maxBtcSats,
    xmrPerBtcPiconero: req.xmrPerBtcPiconero,
    cancelTimelock: req.cancelTimelock ?? net.cancelTimelock,
    punishTimelock: req.punishTimelock ?? net.punishTimelock,
    feeSatPerKvB: req.feeSatPerKvB ?? (await nodeFeeRate(ctx)).satPerKvB,
    expiresInSec: req.expiresInSec,
    capacity: req.capacity,
  };
}

function payoutOf(ctx: WalletContext, req: MakeOfferRequest): Result<OfferPayout, AppError> {
  const e = ctx.o.endpoints;
  const r = checkPayoutAddresses(req, { btc: e.btcNetwork, network: e.network });
  if (r.ok) return r;
  return err(termsError(r.error.field, r.error.message));
}

const nodeFeeRate = async (ctx: WalletContext) => makerFeeRate(ctx.o.endpoints.network, await requestFeeEstimate(ctx.node.supervisors.btc));

async function listOffers(ctx: WalletContext, s: OffersState, book: OfferBook): Promise<Result<OffersList, AppError>> {
  const network = ctx.o.endpoints.network;
  const net = SWAP_NETWORKS[network];
  const fee = await nodeFeeRate(ctx);
  const now = nowSec();
  const offers = Object.values(book.snapshot.offers)
    .sort((a, b) => b.terms.expiresAt - a.terms.expiresAt)
    .map((e) => viewOf(s, e, now));
  return ok({
    defaults: {
      network,
      cancelTimelock: net.cancelTimelock,
      punishTimelock: net.punishTimelock,
      feeSatPerKvB: fee.satPerKvB,
      feeSource: fee.source,
      minFeeSatPerKvB: net.minFeeSatPerKvB,
      maxFeeSatPerKvB: net.maxFeeSatPerKvB,
      host: network === 'regtest' ? '127.0.0.1' : null,
    },
    listening: s.listener ? { host: listenHost(network), port: s.listener.port } : null,
    offers: offers.slice(0, 500),
  });
}
