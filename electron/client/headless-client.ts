// The headless client (demo, makers, tests): answers the daemon's datum requests for each swap with
// signatures made by the signer (keys derived there from the seed in the OS keychain), validating
// every transaction against the templates before it approves the sighash of exactly that transaction.
// Invariants: this process never holds a private key (only public keys, the revealed view share,
// signatures and, after the outcome is on chain, the joint sweep key; and for Alice paying from the
// swap's XMR funding wallet, that wallet's keys, passed on to its own wallet-rpc); the daemon only ever receives
// those; nothing is signed that does not match the deal; what must survive a restart (the memo) is
// written before the answer leaves. Signatures are deterministic (RFC6979 and a derived adaptor
// nonce), so an answer rebuilt after a restart carries the same bytes. The answers, one per datum
// request kind, are in datum-answers.ts; this class queues the requests of a swap and reports failures.
import type { SwapId } from '../../shared/ids';
import type { ClientDatum, DatumRequest } from '../../shared/protocol/datum';
import type { Deal } from '../../shared/protocol/deal';
import type { CoreArbitratingSetup } from '../../shared/protocol/peer-messages';
import type { Result } from '../../shared/result';
import type { BtcChainSettings } from '../../shared/protocol/swap-btc-params';
import type { MoneroChainName } from '../../shared/networks/monero-chains';
import type { ClientMemoStore } from './client-memo';
import { fail, failureOf, need, type ClientError } from './client-errors';
import type { ClientWallet } from './client-wallet';
import { answerDatum, type OwnKeys } from './datum-answers';
import type { SwapRef, SwapSigner } from './swap-signer';
import { XmrFundingJobs, type XmrFundingPort } from './xmr-funding-lock';

export type { ClientError, ClientErrorKind } from './client-errors';
export type { ClientWallet } from './client-wallet';

export interface HeadlessClientOptions {
  /** Makes every signature; the client never sees a private key (see swap-signer.ts). */
  readonly signer: SwapSigner;
  readonly chain: BtcChainSettings;
  /**
   * The Monero chain of this client's swaps (the lock address's prefix). Optional only for callers
   * older than it (then regtest, mainnet-format); every shipped caller sets it.
   */
  readonly moneroNetwork?: MoneroChainName;
  readonly wallet: ClientWallet;
  readonly memo: ClientMemoStore;
  /** How far below the current XMR height the joint wallet starts scanning. */
  readonly xmrRestoreMargin?: number;
  readonly log?: (event: string, detail?: string) => void;
  /**
   * Alice selling XMR from the swap's own funding wallet (the app's taker): the lock is paid from it
   * once the person's payment is spendable, and what is left goes back to `wallet.xmrDestination()`.
   * Without it (and without `wallet.payXmr`), the person pays the lock address by hand.
   */
  readonly xmrFunding?: XmrFundingPort;
  readonly xmrFundingPollMs?: number;
}

export class HeadlessClient {
  /** Public keys only (what the signer reveals), cached per swap. */
  private readonly keys = new Map<string, OwnKeys>();
  /** One request at a time per swap: each answer reads the memo the previous one wrote. */
  private readonly queues = new Map<string, Promise<unknown>>();

  /** Alice's background lock and sweep-back jobs, when she pays from a funding wallet. */
  private readonly fundingJobs?: XmrFundingJobs;

  constructor(private readonly o: HeadlessClientOptions) {
    if (o.xmrFunding) this.fundingJobs = new XmrFundingJobs(o.xmrFunding, { pollMs: o.xmrFundingPollMs, log: o.log });
  }

  /** Stop the background funding jobs (they resume from the wallet when asked again after a restart). */
  close(): void {
    this.fundingJobs?.stop();
  }

  /**
   * After a restart of the wallet: Alice's funding job carries on where its store left it (a lock
   * asked and not yet paid, or a sweep-back). Nothing happens without a funding port or a memo.
   */
  async resumeXmrFunding(swapId: SwapId): Promise<void> {
    const owner = this.fundingOwner(swapId);
    if (owner) await this.fundingJobs?.resume(owner);
  }

  /** The swap ended (any outcome): nothing more is locked; what is left in the funding wallet goes back to the person. */
  async endXmrFunding(swapId: SwapId): Promise<void> {
    const owner = this.fundingOwner(swapId);
    if (owner) await this.fundingJobs?.withdraw(owner);
  }

  private fundingOwner(swapId: SwapId) {
    const m = this.o.memo.get(swapId);
    if (!m || m.deal.role !== 'alice') return null;
    return { ref: { swapId, role: 'alice' as const }, fromHeight: m.xmrFromHeight ?? 0, refund: () => this.o.wallet.xmrDestination() };
  }

  /** Register a swap the person agreed to (its deal is the client's backup of the swap's parameters). */
  async register(deal: Deal): Promise<void> {
    if (!this.o.memo.get(deal.swapId)) await this.o.memo.put({ deal, peerReveal: null, ownReveal: null, setup: null, encSig: null, xmrFromHeight: null });
  }

  /** Answer one datum request; `null` when the request needs no datum back (a payment, a notice). */
  handle(swapId: SwapId, req: DatumRequest): Promise<Result<ClientDatum | null, ClientError>> {
    const prev = this.queues.get(swapId) ?? Promise.resolve();
    const next = prev.then(() => this.handleNow(swapId, req));
    this.queues.set(swapId, next.catch(() => undefined));
    return next;
  }

  private async handleNow(swapId: SwapId, req: DatumRequest): Promise<Result<ClientDatum | null, ClientError>> {
    const memo = this.o.memo.get(swapId);
    if (!memo) return fail('client-unknown-swap', `no registered swap ${swapId}`);
    const { signer, chain, wallet, xmrRestoreMargin, log } = this.o;
    try {
      // Keys are fetched only by answers that need them: a payment or a notice never waits for the signer.
      const context = { signer, chain, moneroNetwork: this.o.moneroNetwork ?? ('regtest' as const), wallet, xmrRestoreMargin, log, xmrFunding: this.fundingJobs, keys: () => this.keysOf(memo.deal), save: (m: typeof memo) => this.o.memo.put(m) };
      return await answerDatum(context, memo, req);
    } catch (e) {
      return failureOf(req.kind, e);
    }
  }

  private async keysOf(deal: Deal): Promise<OwnKeys> {
    const cached = this.keys.get(deal.swapId);
    if (cached) return cached;
    const ref: SwapRef = { swapId: deal.swapId, role: deal.role };
    const pub = await need('public-keys', this.o.signer.publicKeys(ref));
    const k: OwnKeys = {
      ref,
      pub,
      key(name) {
        const v = pub.btc[name];
        if (!v) throw new Error(`the signer revealed no ${name} key for ${deal.role}`);
        return v;
      },
    };
    this.keys.set(deal.swapId, k);
    return k;
  }
}

export type { CoreArbitratingSetup };
