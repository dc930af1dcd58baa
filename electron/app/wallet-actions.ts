// What the person asks of the wallet: an offer (the sandbox's, or one pasted and reviewed, its fee rate
// checked against the person's node's estimate), a new swap from a verified offer and checked payout
// addresses (backed up before the daemon records its genesis), a swap's view, and the actions on a
// running swap: abort, fund from the sandbox, archive.
import type { SwapId } from '../../shared/ids';
import type { OfferReview, SwapAction, SwapView } from '../../shared/ipc/channels';
import type { ExportApi, ManualApi, RestoreApi, SeedApi, WalletApi } from '../../shared/ipc/wallet-api';
import { parseOffer } from '../../shared/offer/offer';
import { checkPayoutAddresses, reviewOffer } from '../../shared/offer/offer-review';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { askTake } from '../daemon/standing-offers';
import { requestFeeEstimate } from '../syncer/fee-estimate-request';
import { archivedSummary } from './sandbox-chains';
import { chainsReadyForSwap, seedReadyForSwap } from './swap-gate';
import type { SandboxControl } from '../sandbox/sandbox-info';
import type { WalletContext } from './wallet-context';

export type WalletActions = Omit<WalletApi, 'status' | 'listSwaps' | 'makeOffer' | 'listOffers' | 'revokeOffer' | 'browseOffers' | keyof SeedApi | keyof ExportApi | keyof RestoreApi | keyof ManualApi>;

/** `recovery` settles once every unfinished swap is resumed: a new swap waits for it. */
export function walletActions(ctx: WalletContext, recovery: Promise<void>): WalletActions {
  const { o, views } = ctx;
  const e = o.endpoints;
  return {
    async sandboxOffer(req) {
      if (!o.sandbox) return err(appError('sandbox-off', 'The sandbox is off: turn it on in Settings (regtest only) or paste an offer.'));
      const r = await o.sandbox.control.offer(true, req?.makerRole ?? 'alice');
      return r.ok ? ok({ offer: r.value }) : r;
    },
    async sandboxAddresses() {
      if (!o.sandbox) return err(appError('sandbox-off', 'The sandbox is off: paste addresses from your own wallets.'));
      return ok({ btc: o.sandbox.info.addresses.btc, xmr: o.sandbox.info.addresses.xmr });
    },
    async reviewOffer(text): Promise<Result<OfferReview, AppError>> {
      const feeEstimateSatPerKvB = await feeEstimate(ctx);
      const r = reviewOffer(text, { nowSec: Math.floor(Date.now() / 1000), btc: e.btcNetwork, feeEstimateSatPerKvB, regtestBlockSeconds: (o.sandbox?.info.blockMs ?? 1000) / 1000 });
      if (!r.ok) return r;
      if (r.value.offer.network !== e.network) return err(appError('offer-wrong-network', `This offer is for ${r.value.offer.network}; the wallet runs on ${e.network}. Change the network in Settings or ask for another offer.`));
      return ok(r.value.review);
    },
    async startSwap(req) {
      await recovery;
      const seeded = await seedReadyForSwap(o.endpoints.network, o.seedBackedUp);
      if (!seeded.ok) return seeded;
      const ready = await chainsReadyForSwap(ctx.health, o.endpoints);
      if (!ready.ok) return ready;
      return startSwap(ctx, req);
    },
    async getSwap(swapId) {
      const v = views.viewOf(swapId);
      if (v) return ok(v);
      const s = ctx.index.get(swapId);
      if (s) return err(appError('swap-not-running', `This swap is not running in the daemon (${s.outcome}); its summary is in History.`));
      return err(appError('swap-unknown', `No swap ${swapId} in this wallet.`));
    },
    act: (swapId, action) => act(ctx, swapId, action),
  };
}

async function startSwap(ctx: WalletContext, req: Parameters<WalletApi['startSwap']>[0]): Promise<Result<{ swapId: string }, AppError>> {
  const { o, node } = ctx;
  const e = o.endpoints;
  // The fee band is checked again with a fresh estimate: nothing is saved, created or signed before it passed.
  const r = reviewOffer(req.offer, { nowSec: Math.floor(Date.now() / 1000), btc: e.btcNetwork, feeEstimateSatPerKvB: await feeEstimate(ctx) });
  if (!r.ok) {
    if (r.error.kind === 'offer-fee-out-of-band') ctx.log(`offer refused before anything was signed: ${r.error.message}`);
    return r;
  }
  if (r.value.offer.network !== e.network) return err(appError('offer-wrong-network', `This offer is for ${r.value.offer.network}; the wallet runs on ${e.network}.`));
  const addrs = checkPayoutAddresses(req, { btc: e.btcNetwork, network: e.network });
  if (!addrs.ok) return addrs;
  // A standing offer: the maker is asked for this take (its own swap id, the amount the person chose in
  // its range, else its maximum) before anything is saved, created or signed; a refusal is its typed reason.
  const taken = await askTake(node, r.value.offer, r.value.deal, req.btcSats === undefined ? undefined : BigInt(req.btcSats));
  if (!taken.ok) return taken;
  const deal = taken.value;
  if (node.daemon.actor(deal.swapId) || o.backup.swap(deal.swapId)) return err(appError('offer-taken', 'You already took this offer: open it from the Resume screen. Ask the maker for a new offer to swap again.'));
  // Alice: the amount she pays into the swap's own XMR funding wallet is fixed before anything is saved.
  const funded = ctx.funding ? await ctx.funding.prepare(deal) : ok(undefined);
  if (!funded.ok) return funded;
  // The backup comes first: a swap the daemon knows always has its parameters on the client side.
  o.backup.saveSwap({ offer: r.value.review.offer, deal, ...addrs.value, createdAt: Date.now(), ...(ctx.currentChains ? { sandboxChains: ctx.currentChains } : {}) });
  const c = ctx.clients.clientFor(deal.swapId);
  if (!c) return err(appError('client-backup', 'the client backup could not be read back'));
  await c.register(deal);
  const created = await node.daemon.createSwap(deal, r.value.review.offer);
  if (!created.ok) return created;
  const d = dial(ctx, deal.swapId, r.value.review.offer);
  if (!d.ok) return d;
  if (deal.role === 'alice') ctx.funding?.watch(deal.swapId);
  ctx.views.refreshSummary(deal.swapId);
  return ok({ swapId: deal.swapId });
}

/** The person's Bitcoin node's fee estimate (sat/kvB) the offer's rate is checked against; null: it has none. */
async function feeEstimate(ctx: WalletContext): Promise<number | null> {
  const est = await requestFeeEstimate(ctx.node.supervisors.btc);
  if (est === null) ctx.log('btc fee estimate: the node has none (regtest, or just started); offers are checked against the network floor and cap');
  return est;
}

/** Dial the maker of a swap's offer (with this node's persistent identity). */
function dial(ctx: WalletContext, swapId: SwapId, offerText: string): Result<void, AppError> {
  // Expired offers still dial: the swap exists already, only a new take is refused (startSwap checks expiry).
  const offer = parseOffer(offerText, { nowSec: 0 });
  if (!offer.ok) return err(appError(offer.error.kind, offer.error.message));
  ctx.node.dialMaker(swapId, { host: offer.value.makerAddress.host, port: offer.value.makerAddress.port, key: offer.value.makerKey });
  return ok(undefined);
}

async function act(ctx: WalletContext, swapId: string, action: SwapAction): Promise<Result<SwapView, AppError>> {
  const a = ctx.node.daemon.actor(swapId as SwapId);
  if (!a) return err(appError('swap-unknown', `No running swap ${swapId}.`));
  const v = ctx.views.viewOf(swapId);
  const done = action === 'archive' ? archive(ctx, swapId, v) : action === 'abort' ? await abort(ctx, swapId, v) : await fundFromSandbox(ctx, swapId, v);
  if (!done.ok) return done;
  const after = ctx.views.viewOf(swapId);
  return after ? ok(after) : err(appError('swap-unknown', `No running swap ${swapId}.`));
}

function archive(ctx: WalletContext, swapId: string, v: SwapView | null): Result<void, AppError> {
  if (!v?.archive?.allowed) return err(appError('archive-refused', 'Only a swap whose sandbox chains are gone can be archived; this one can still finish.'));
  ctx.o.backup.archive(swapId);
  ctx.views.forget(swapId);
  ctx.index.put(archivedSummary(v.summary, Date.now()));
  ctx.log(`swap ${swapId.slice(0, 8)} archived: its sandbox chains are gone`);
  return ok(undefined);
}

async function abort(ctx: WalletContext, swapId: string, v: SwapView | null): Promise<Result<void, AppError>> {
  if (!v?.abort.allowed) return err(appError('abort-refused', v?.abort.reason ?? 'abort is not possible now'));
  const r = await ctx.node.daemon.onClientDatum(swapId as SwapId, { kind: 'abort' });
  return r.status === 'applied' ? ok(undefined) : err(r.error);
}

/** Regtest only: the sandbox's own wallet pays the swap's funding address (BTC for Bob, XMR for Alice), exactly once. */
async function fundFromSandbox(ctx: WalletContext, swapId: string, v: SwapView | null): Promise<Result<void, AppError>> {
  const sandbox = ctx.o.sandbox;
  if (!sandbox) return err(appError('sandbox-off', 'The sandbox is off: pay the funding address from your own wallet.'));
  if (v?.xmrFunding) return fundXmrFromSandbox(ctx, sandbox.control, swapId, v.xmrFunding);
  if (!v?.funding) return err(appError('no-funding', 'This swap has no funding address yet.'));
  if (v.funding.seen) return err(appError('already-funded', 'The funding payment was already seen; paying twice would only be swept back after an abort.'));
  const p = await sandbox.control.payBtc(v.funding.address, BigInt(v.funding.sats));
  if (!p.ok) return p;
  ctx.log(`sandbox paid ${v.funding.sats} sats to ${v.funding.address}: ${p.value.txid}`);
  return ok(undefined);
}

/** Swaps whose XMR funding the sandbox paid in this run (a payment not yet seen by the next poll still counts). */
const xmrPaidBySandbox = new Set<string>();

async function fundXmrFromSandbox(ctx: WalletContext, control: SandboxControl, swapId: string, f: NonNullable<SwapView['xmrFunding']>): Promise<Result<void, AppError>> {
  if (f.state !== 'waiting' || f.received !== '0' || xmrPaidBySandbox.has(swapId)) {
    return err(appError('already-funded', `A payment to the XMR funding address was already seen (${f.received} of ${f.piconero} piconero, ${f.state}); paying again would only be swept back.`));
  }
  xmrPaidBySandbox.add(swapId);
  const p = await control.payXmr(f.address, BigInt(f.piconero));
  if (!p.ok) {
    xmrPaidBySandbox.delete(swapId);
    return p;
  }
  ctx.log(`sandbox paid ${f.piconero} piconero to the XMR funding address ${f.address}: ${p.value.txid}`);
  return ok(undefined);
}
