// A whole swap on real regtest nodes: litecoind + monerod, a maker and a taker (by default the maker
// is Alice, who sells XMR; `maker: 'bob'` reverses the roles) each with its own daemon, syncer
// workers, transcript store and headless client, talking over the real TLS peer link from a signed
// offer: the maker's node serves the listener under the identity the offer pins, the taker's node
// dials it (the swap node's own link plan, SwapLinks). Paths: happy, refund (Alice never locks),
// punish (Bob vanishes after his lock). Invariant checked at the end: the winner's coins arrived on
// chain (Alice's BTC payout, Bob's swept XMR, Bob's refund) and everything started is torn down.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import type { SwapId } from '../../shared/ids';
import { checkOfferFeeRate, feeTargetBlocks, makerFeeRate } from '../../shared/offer/fee-band';
import { dealFromOffer } from '../../shared/offer/offer-deal';
import { createOffer, identityKeyOf, parseOffer } from '../../shared/offer/offer';
import type { Deal } from '../../shared/protocol/deal';
import { appError, err } from '../../shared/result';
import { FileMemoStore } from '../../electron/client/client-memo';
import { HeadlessClient, type ClientWallet } from '../../electron/client/headless-client';
import { inProcessSigner } from '../../electron/client/swap-signer';
import { createMemoryKeychain } from '../../electron/keychain/memory-keychain';
import { identityFromSeed } from '../../electron/peer/peer-identity';
import { PeerListener } from '../../electron/peer/peer-listener';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type BtcRegtestOptions, type XmrRegtest } from '../../electron/regtest';
import type { Outcome, SyncerPort } from '../../electron/daemon/daemon-ports';
import { startSteadyMiner } from '../../electron/regtest/steady-miner';
import { startSwapNode, type SwapNode } from '../../electron/daemon/swap-node';
import { btcWalletPayer } from '../../electron/daemon/btc-wallet-payer';
import { payXmrOnce } from '../../electron/daemon/xmr-wallet-payer';
import { minedSwapTxFees, watchedSwapTxs, type PaidFee } from './swap-tx-fees';
import { demoAccounting, type DemoAccounting } from './demo-accounting';
import { aliceXmrFunding, type AliceFundingMode, type AliceFundingPaid } from './alice-xmr-funding';
import type { FundedWallet } from '../../electron/regtest';
import { refundByHand, type RefundedByHand } from './refund-by-hand';
import { minerGate, refundByCli, type RefundedByCli } from './refund-by-cli';
import { restoreMidway } from './restore-midway';

export type DemoPath = 'happy' | 'refund' | 'punish';

export type DemoRole = 'alice' | 'bob';

export interface DemoResult {
  readonly outcome: 'swapped' | 'refunded' | 'punished';
  /** Which role made the offer (and served the listener); the taker took the other. */
  readonly makerRole: DemoRole;
  readonly btcSats: number;
  readonly xmrPiconero: string;
  readonly wallSec: number;
  readonly alice: Outcome | string;
  readonly bob: Outcome | string;
  /** The rate the offer signed and every swap transaction paid (sat/vB). */
  readonly feeRateSatVb: number;
  /** What each mined swap transaction paid, read back from the node. */
  readonly paidFees: readonly PaidFee[];
  /** Alice's XMR wallet: what left it (the lock amount plus the lock fee, or 0) and the lock's fee, from her wallet. */
  readonly aliceXmrSpent: { readonly piconero: string; readonly lockFeePiconero: string };
  /** Each party's coins on each chain against its outcome minus the fees it paid (demo-accounting.ts). */
  readonly accounting: DemoAccounting;
  /** With `restoreMidway`: Bob was restored from his words and the backup file and still reached the outcome. */
  readonly restored?: boolean;
  /** With `refundByHand`: the exported cancel and refund, and their statuses in the file. */
  readonly byHand?: RefundedByHand;
  /** With `refundByCli`: the swap command's runs and what Bob's transcript recorded. */
  readonly byCli?: RefundedByCli;
}

export interface DemoOptions {
  readonly path: DemoPath;
  /** Who makes the offer (default Alice, as the sandbox maker); the other role takes it and dials. */
  readonly maker?: DemoRole;
  /** Nodes already running (a test runs several swaps on one pair): used as they are and left running. */
  readonly nodes?: { readonly btc: BtcRegtest; readonly xmr: XmrRegtest };
  readonly progress: (line: string) => void;
  readonly verbose?: boolean;
  readonly timeoutMs?: number;
  readonly blockMs?: number;
  /** The Bitcoin node as a person runs it, e.g. `{ txindex: false, cookieAuth: true }`; the syncers then log in with its cookie. */
  readonly btcNode?: BtcRegtestOptions;
  /** Called with the Bitcoin node once the swap is over, before anything stops (a test inspects the node). */
  readonly onBtcNode?: (btc: BtcRegtest) => Promise<void>;
  /** After both outcomes, while both nodes still run and blocks still come: e.g. read Bob's exports. */
  readonly onSwapEnd?: (x: { readonly btc: BtcRegtest; readonly xmr: XmrRegtest; readonly bob: SwapNode; readonly swapId: SwapId; readonly bobXmrDest: string }) => Promise<void>;
  /** Both parties' monerod trust (wallet-rpc `--trusted-daemon`, the default, or `--untrusted-daemon` as for a remote node). */
  readonly xmrTrustedDaemon?: boolean;
  /** Where the run's temporary folder goes (default the OS temp dir): a test finds its own wallet-rpc processes by it. */
  readonly workParent?: string;
  /** The offer's fee rate in sat/kvB; unset: the node's estimate, the regtest floor without one. */
  readonly feeRateSatPerKvB?: number;
  /**
   * Alice pays the XMR lock from the swap's funding wallet (the app's person selling XMR): the harness
   * pays its address from her wallet ('full' the funding amount, 'short' half), and `onAliceFunding`
   * runs once the swap is over, blocks still coming, before anything stops (a test waits for the sweep-back).
   */
  readonly aliceXmrFunding?: AliceFundingMode;
  readonly onAliceFunding?: (f: AliceFundingPaid & { readonly xmr: XmrRegtest; readonly aliceXmr: FundedWallet }) => Promise<void>;
  /**
   * Happy path, Alice the maker: Bob writes the encrypted backup after each checkpoint; once his BTC lock
   * is on the node his data dir and keychain entry are deleted and he is restored from his words and the
   * latest backup file, then resumes (rigs/demo/restore-midway.ts).
   */
  readonly restoreMidway?: boolean;
  /**
   * Refund path, Alice the maker: Bob's daemon stops once his lock is on the node and never comes back;
   * the harness takes his recovery file from his data dir and broadcasts its cancel and refund through
   * the node's RPC (rigs/demo/refund-by-hand.ts).
   */
  readonly refundByHand?: boolean;
  /** As refundByHand, but Bob runs `swap cancel` then `swap refund` on his data dir (rigs/demo/refund-by-cli.ts). */
  readonly refundByCli?: boolean;
  /** Both deals' finality and safety (default: the network table's, regtest 1/3/1): a reorg test wants finality deeper than its reorg. */
  readonly temporal?: { readonly btcFinality: number; readonly btcSafety: number; readonly xmrFinality: number };
  /** The offer's cancel and punish timelocks instead of the path's (a test wants the buy window open on the refund path). */
  readonly timelocks?: { readonly cancel: number; readonly punish: number };
  /** A role's syncer port as the test wraps it (e.g. a rogue Alice who keeps her buy instead of broadcasting it); kept across restarts. */
  readonly wrapSyncers?: Partial<Record<DemoRole, (p: SyncerPort) => SyncerPort>>;
  /** A role whose swap may never end (a double-spent lock leaves Bob nothing to do): the run ends on the other role's outcome. */
  readonly unendedRole?: DemoRole;
  /**
   * Runs beside the swap from its start, with both nodes (e.g. a test reorgs a chain once a party saw a tx);
   * a rejection ends the run with its reason, and the run waits for it to settle before it returns.
   */
  /** Alice's XMR lock payment as the test makes it (short, with an unlock time) instead of `payXmrOnce`; on the refund path too. */
  readonly aliceXmrPay?: (x: { readonly wallet: FundedWallet['wallet']; readonly address: string; readonly piconero: bigint }) => ReturnType<typeof payXmrOnce>;
  readonly during?: (x: {
    readonly btc: BtcRegtest;
    readonly xmr: XmrRegtest;
    readonly alice: SwapNode;
    readonly bob: SwapNode;
    readonly swapId: SwapId;
    /** A new node for the role (same data dir, wallet and keychain) that recovers its swaps from its transcript; stop the old one first. */
    readonly restart: (role: DemoRole) => Promise<SwapNode>;
  }) => Promise<void>;
}

const BTC_SATS = 1_000_000n;
const XMR_PICO = 1_000_000_000_000n; // 1 XMR
const ALICE_XMR_FUNDS = 5n * XMR_PICO;
const chain = { network: BTC_NETWORKS['litecoin-regtest'] };

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const cleanup: Array<() => Promise<void> | void> = [];
  const say = o.progress;
  try {
    const makerRole: DemoRole = o.maker ?? 'alice';
    if (o.restoreMidway && (o.path !== 'happy' || makerRole !== 'alice')) throw new Error('restore-midway runs the happy path with Alice as the maker');
    if ((o.refundByHand || o.refundByCli) && (o.path !== 'refund' || makerRole !== 'alice')) throw new Error('refund-by-hand runs the refund path with Alice as the maker');
    const takerRole: DemoRole = makerRole === 'alice' ? 'bob' : 'alice';
    say(o.nodes ? 'using the running litecoind and monerod regtest nodes' : 'starting litecoind and monerod regtest nodes');
    const [btc, xmr] = o.nodes ? [o.nodes.btc, o.nodes.xmr] : await Promise.all([startBtcRegtest(o.btcNode), startXmrRegtest()]);
    if (!o.nodes) cleanup.push(() => btc.stop(), () => xmr.stop());
    say(`nodes up (btc ${btc.startMs.toFixed(0)} ms, xmr ${xmr.startMs.toFixed(0)} ms); funding the XMR seller in the background; maker ${makerRole}, taker ${takerRole}`);
    // Alice needs her XMR only when the lock address is shown: fund her wallet while the swap negotiates.
    const aliceXmrP = xmr.fundedWallet(ALICE_XMR_FUNDS);
    cleanup.push(async () => (await aliceXmrP.catch(() => null))?.wallet.stop());
    const bobXmrP = (async () => {
      const w = await xmr.startWalletRpc();
      await w.rpc('create_wallet', { filename: 'bob-dest', language: 'English' });
      return { w, address: (await w.rpc<{ address: string }>('get_address', { account_index: 0 })).address };
    })();
    cleanup.push(async () => (await bobXmrP.catch(() => null))?.w.stop());
    // A harness wallet that never started (a wallet-rpc too slow on a loaded machine) ends the run
    // with its reason at once, not with a timeout minutes later.
    let setupError: Error | null = null;
    for (const p of [aliceXmrP, bobXmrP]) p.catch((e: unknown) => (setupError ??= e instanceof Error ? e : new Error(String(e))));

    const work = mkdtempSync(path.join(o.workParent ?? os.tmpdir(), 'fc-demo-'));
    cleanup.push(() => rmSync(work, { recursive: true, force: true }));
    const alicePayout = await btc.newAddress('bech32');
    const bobRefund = await btc.newAddress('bech32');

    // Deal parameters: regtest defaults from the offer table, timelocks per path (blocks come every blockMs).
    // Happy: a wide window so a loaded machine never races the cancel; the other paths want it soon.
    // Restore midway: Bob's node is down, restored and restarted between his lock and the buy; a wider window.
    // Refund by hand: the person broadcasts after the cancel confirms; Alice's punish waits 40 blocks after it.
    const timelocks = o.timelocks ? o.timelocks : o.restoreMidway ? { cancel: 150, punish: 170 } : o.refundByHand || o.refundByCli ? { cancel: 10, punish: 40 } : o.path === 'happy' ? { cancel: 60, punish: 80 } : { cancel: 10, punish: 16 };
    // The maker's node runs under the identity its offer pins (its peer identity file holds the seed),
    // so its own link plan knows it is the maker: it binds the taker's key and answers on the listener.
    const makerSeed = new Uint8Array(randomBytes(32));
    const makerId = identityFromSeed(makerSeed);
    mkdirSync(path.join(work, makerRole, 'daemon', 'peer'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(work, makerRole, 'daemon', 'peer', 'identity.key'), makerSeed, { mode: 0o600 });
    const listener = await PeerListener.listen({ identity: makerId });
    if (!listener.ok) throw new Error(listener.error.message);
    cleanup.push(() => listener.value.close());
    const swapId = randomBytes(16).toString('hex') as SwapId;
    const nowSec = Math.floor(Date.now() / 1000);
    const offer = createOffer(
      {
        offerId: swapId,
        network: 'regtest',
        makerRole,
        btcSats: BTC_SATS.toString(),
        xmrPiconero: XMR_PICO.toString(),
        cancelTimelock: timelocks.cancel,
        punishTimelock: timelocks.punish,
        fee: { kind: 'fixed', satPerKvB: await offerFeeRate(btc, o.feeRateSatPerKvB, say) },
        expiresAt: nowSec + 3600,
        makerKey: identityKeyOf(makerSeed),
        makerAddress: { host: '127.0.0.1', port: listener.value.port },
      },
      makerSeed,
      { nowSec },
    );
    if (!offer.ok) throw new Error(offer.error.message);
    say(`maker offer: ${offer.value.slice(0, 40)}...`);
    const taken = parseOffer(offer.value, { nowSec });
    if (!taken.ok) throw new Error(taken.error.message);
    // The taker checks the signed rate against its own node's estimate before anything is signed.
    const band = checkOfferFeeRate(taken.value.network, taken.value.fee.satPerKvB, await nodeFeeEstimate(btc));
    if (!band.ok) throw new Error(`taker refused the offer: ${band.error.message}`);
    // Both deals carry the signed rate: every transaction is built and checked at it.
    const deals = { [makerRole]: dealFromOffer(taken.value, 'maker', o.temporal), [takerRole]: dealFromOffer(taken.value, 'taker', o.temporal) } as Record<DemoRole, ReturnType<typeof dealFromOffer>>;
    const dealFor = (role: DemoRole): Deal => {
      const d = deals[role];
      if (!d.ok) throw new Error(d.error.message);
      return d.value;
    };

    const xmrHeight = async () => xmr.height();
    const aliceWallet: ClientWallet = {
      btcAddress: async () => alicePayout,
      xmrDestination: async () => (await aliceXmrP).address,
      xmrHeight,
      fundingVout: async () => err(appError('no-funding', 'Alice never funds BTC')),
      ...(o.aliceXmrPay
        ? { payXmr: async (address: string, piconero: bigint) => o.aliceXmrPay!({ wallet: (await aliceXmrP).wallet, address, piconero }) }
        : o.path === 'refund' || o.aliceXmrFunding
        ? {}
        : {
            // Idempotent per address: a restarted client asked again never pays twice.
            payXmr: async (address: string, piconero: bigint) => payXmrOnce((await aliceXmrP).wallet, address, piconero),
          }),
    };
    const bobWallet: ClientWallet = {
      btcAddress: async () => bobRefund,
      xmrDestination: async () => (await bobXmrP).address,
      xmrHeight,
      // Idempotent per address: asked again after a restart, it never pays twice. Also brings
      // fundingUtxos + broadcast: after an abort before the lock the client sweeps the funding back.
      ...btcWalletPayer({ url: btc.rpcUrl, user: btc.rpcUser, password: btc.rpcPassword, wallet: btc.walletName }),
    };

    const outcomes = new Map<string, string>();
    // The seed lives in a keychain (in-memory here; the OS keychain in the app) and never in the daemon.
    const keychains = { alice: createMemoryKeychain(), bob: createMemoryKeychain() };
    const funding = o.aliceXmrFunding ? aliceXmrFunding(xmr, keychains.alice, o.aliceXmrFunding) : null;
    const midway = o.restoreMidway ? restoreMidway({ work, keychain: keychains.bob, say }) : null;
    if (funding) cleanup.push(() => funding.stop());
    const node = async (name: 'alice' | 'bob', wallet: ClientWallet, restoredDeal?: Deal) => {
      const fundingOpts = name === 'alice' && funding ? { xmrFunding: funding.port, xmrFundingPollMs: 500 } : {};
      const client = new HeadlessClient({ signer: inProcessSigner(keychains[name]), chain, wallet, memo: new FileMemoStore(path.join(work, name, 'client')), log: (e, d) => say(`[${name}] client: ${e} ${d ?? ''}`), ...fundingOpts });
      cleanup.push(() => client.close());
      await client.register(restoredDeal ?? dealFor(name));
      const n = await startSwapNode({
        name,
        dataDir: path.join(work, name, 'daemon'),
        chain,
        client,
        btc: { chain: 'btc', rpcUrl: btc.rpcUrl, ...(btc.rpcCookieFile ? { rpcCookieFile: btc.rpcCookieFile } : { rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword }), feeTargetBlocks: 2, pollMs: 100, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 1_000 },
        xmr: { chain: 'xmr', daemonUrl: xmr.daemonUrl, walletRpcBin: 'monero-wallet-rpc', walletDir: path.join(work, name, 'xmr-wallets'), walletRpcStartTimeoutMs: 60_000, moneroNetwork: 'regtest', trustedDaemon: o.xmrTrustedDaemon ?? true, pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 1_000 },
        ...(o.wrapSyncers?.[name] ? { wrapSyncers: o.wrapSyncers[name] } : {}),
        log: (l) => {
          if (o.verbose || l.level === 'error' || l.event === 'outcome' || l.event === 'halted') say(`[${name}] ${l.component} ${l.event}${l.detail ? `: ${l.detail}` : ''}`);
        },
        onNote: (_id, note) => {
          if (name === 'bob') midway?.note(_id, note);
          if (note.kind === 'outcome') outcomes.set(name, note.outcome);
          if (note.kind === 'halted') outcomes.set(name, `halted: ${note.error.message}`);
          if (note.kind === 'progress' && note.entry.kind === 'peer-verdict') say(`[${name}] peer message refused: ${note.entry.verdict.reason}`);
          if (note.kind === 'progress' && note.entry.dir === 'out' && note.entry.kind !== 'checkpoint') {
            const e = note.entry;
            const what = e.kind === 'peer-out' ? `-> peer ${e.msg.type}` : e.kind === 'client-request' ? `-> client ${e.request.kind}` : e.kind === 'btc-task' || e.kind === 'xmr-task' ? `${e.kind} ${e.task.kind} ${e.task.id.split(':').slice(3).join(':')}` : e.kind;
            say(`[${name}] ${what}`);
          }
        },
      });
      if (!n.ok) throw new Error(n.error.message);
      cleanup.push(() => n.value.stop());
      return n.value;
    };
    const [alice, bob] = await Promise.all([node('alice', aliceWallet), node('bob', bobWallet)]);
    const parties = { alice, bob };
    if (parties[makerRole].identity.publicKeyHex !== makerId.publicKeyHex) throw new Error(`the ${makerRole} node does not run under the offer's maker key`);
    let bobNow = bob;

    // Blocks arrive on both chains at a steady pace; the harness mines first while it funds Alice's wallet.
    const gate = o.refundByCli ? minerGate(btc) : null;
    const miner = startSteadyMiner(gate ? gate.btc : btc, xmr, o.blockMs ?? 500, { after: aliceXmrP });
    cleanup.push(() => miner.stop());

    if (midway) midway.saveSwap({ offer: offer.value, deal: dealFor('bob'), btcAddress: bobRefund, xmrAddress: (await bobXmrP).address, createdAt: Date.now() });
    const [a, b] = await Promise.all([alice.daemon.createSwap(dealFor('alice'), offer.value), bob.daemon.createSwap(dealFor('bob'), offer.value)]);
    if (!a.ok) throw new Error(a.error.message);
    if (!b.ok) throw new Error(b.error.message);
    // Links are attached once both swaps exist: a message for a swap not yet created is never acked.
    // The maker serves the listener (it opens the link of every maker swap it holds); the taker dials
    // the offer's address with its own identity. Each node's stop() closes its links.
    parties[makerRole].serve(listener.value);
    if (!parties[makerRole].link(swapId)) throw new Error(`the maker (${makerRole}) opened no link for ${swapId}`);
    parties[takerRole].dialMaker(swapId, { host: taken.value.makerAddress.host, port: taken.value.makerAddress.port, key: taken.value.makerKey });

    say(`swap ${swapId} started (${o.path})`);
    const paid = funding ? await funding.pay(swapId, XMR_PICO, await aliceXmrP) : null;
    if (paid) say(`[alice] the person pays ${paid.paid} of ${paid.need} piconero to the funding wallet ${paid.address.slice(0, 12)}...`);

    let duringError: Error | null = null;
    const restart = async (role: DemoRole): Promise<SwapNode> => {
      outcomes.delete(role); // what the stopped node said (a halt) is not the outcome
      const n = await node(role, role === 'alice' ? aliceWallet : bobWallet);
      if (role === 'bob') bobNow = n;
      const rep = await n.daemon.recoverAll();
      if (!rep.ok) throw new Error(rep.error.message);
      say(`[${role}] restarted: ${rep.value.resumed.length} resumed, ${rep.value.damaged.length} damaged`);
      return n;
    };
    const during = o.during?.({ btc, xmr, alice, bob, swapId, restart }).catch((e: unknown) => void (duringError = e instanceof Error ? e : new Error(String(e))));
    const vanished = o.path === 'punish' ? vanishAfterLock(bob, swapId, say) : null;
    // Bob's app is broken after his lock: only his recovery file refunds him.
    let byHand: RefundedByHand | null = null;
    let byHandError: Error | null = null;
    if (o.refundByHand)
      void vanishAfterLock(bob, swapId, say)
        .then(() => refundByHand({ btc, work, swapId, say }))
        .then((r) => {
          byHand = r;
          outcomes.set('bob', 'refunded');
        })
        .catch((e: unknown) => (byHandError = e instanceof Error ? e : new Error(String(e))));
    let byCli: RefundedByCli | null = null;
    if (o.refundByCli && gate)
      void vanishAfterLock(bob, swapId, say)
        .then(() => refundByCli({ btc, xmr, gate, work, swapId, cancelTimelock: timelocks.cancel, say }))
        .then((r) => {
          byCli = r;
          outcomes.set('bob', 'refunded');
        })
        .catch((e: unknown) => (byHandError = e instanceof Error ? e : new Error(String(e))));
    // Bob restored on an empty data dir resumes from the transcript the backup held and re-dials Alice.
    let restoredRunning = false;
    const restored = midway?.run(bob, swapId, async (deal) => {
      outcomes.delete('bob'); // anything the stopped node said before it died is not the outcome
      restoredRunning = true;
      const bob2 = (bobNow = await node('bob', bobWallet, deal));
      const rep = await bob2.recover();
      if (!rep.ok) throw new Error(rep.error.message);
      say(`[bob] restored: ${rep.value.resumed.length} resumed, ${rep.value.damaged.length} damaged`);
    });
    let restoreError: Error | null = null;
    restored?.catch((e: unknown) => (restoreError = e instanceof Error ? e : new Error(String(e))));

    const deadline = performance.now() + (o.timeoutMs ?? 240_000);
    const done = () => (o.path === 'punish' || o.unendedRole === 'bob' ? outcomes.has('alice') : o.unendedRole === 'alice' ? outcomes.has('bob') : outcomes.has('alice') && outcomes.has('bob'));
    while (!done() || (restored && !restoredRunning)) {
      if (setupError) throw new Error(`harness wallet failed: ${(setupError as Error).message}`);
      if (restoreError) throw new Error(`restore midway failed: ${(restoreError as Error).message}`);
      if (byHandError) throw new Error(`refund by hand failed: ${(byHandError as Error).message}`);
      if (duringError) throw new Error(`during the swap: ${(duringError as Error).message}`);
      if (performance.now() > deadline) throw new Error(`timeout: alice=${outcomes.get('alice') ?? 'running'} bob=${outcomes.get('bob') ?? 'running'}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    if (restored) await restored;
    await during;
    if (duringError) throw new Error(`during the swap: ${(duringError as Error).message}`);
    if (paid && o.onAliceFunding) await o.onAliceFunding({ ...paid, xmr, aliceXmr: await aliceXmrP });
    if (vanished) {
      // Bob comes back: his daemon recovers from its transcript, re-watches, waits for the tip, then
      // learns from the chain alone that he was punished.
      await vanished;
      say('[bob] restarts and recovers from his transcript');
      const bob2 = await node('bob', bobWallet);
      bobNow = bob2;
      const rep = await bob2.daemon.recoverAll();
      if (!rep.ok) throw new Error(rep.error.message);
      say(`[bob] recovery: ${rep.value.resumed.length} resumed, ${rep.value.damaged.length} damaged`);
      while (!outcomes.has('bob')) {
        if (performance.now() > deadline) throw new Error(`timeout: bob after restart ${bob2.daemon.actor(swapId)?.status ?? 'no actor'}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await o.onSwapEnd?.({ btc, xmr, bob: bobNow, swapId, bobXmrDest: (await bobXmrP).address });
    await miner.stop();
    await o.onBtcNode?.(btc);
    const paidFees = await minedSwapTxFees(btc, watchedSwapTxs([alice.daemon.actor(swapId)?.record.core, bobNow.daemon.actor(swapId)?.record.core]));
    for (const f of paidFees) say(`${f.name} ${f.txid.slice(0, 8)}: fee ${f.feeSats} sats for ${f.vsize} vB = ${f.satPerVb.toFixed(3)} sat/vB`);
    const result = await measure(o.path, btc, xmr, (await bobXmrP).w, alicePayout, bobRefund, outcomes);
    const aliceXmrSpent = await xmrSpent((await aliceXmrP).wallet, ALICE_XMR_FUNDS);
    const accounting = await demoAccounting({
      btc,
      xmr,
      outcomes: { alice: result.alice, bob: result.bob },
      states: { alice: alice.daemon.actor(swapId)?.record.core, bob: bobNow.daemon.actor(swapId)?.record.core },
      alicePayout,
      bobRefund,
      aliceXmr: (await aliceXmrP).wallet,
      aliceXmrFunded: ALICE_XMR_FUNDS,
      bobXmr: (await bobXmrP).w,
      btcSats: BTC_SATS,
      xmrPiconero: XMR_PICO,
    });
    for (const l of accounting.lines) say(l.text);
    return { ...result, accounting, ...(midway ? { restored: true } : {}), ...(byHand ? { byHand } : {}), ...(byCli ? { byCli } : {}), makerRole, aliceXmrSpent, feeRateSatVb: taken.value.fee.satPerKvB / 1000, paidFees, wallSec: Math.round((performance.now() - t0) / 100) / 10 };
  } finally {
    for (const c of cleanup.reverse()) {
      try {
        let timer: NodeJS.Timeout | undefined;
        const slow = await Promise.race([Promise.resolve(c()).then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 15_000)))]);
        clearTimeout(timer);
        if (slow) o.progress(`teardown step ${cleanup.indexOf(c)} took over 15 s; moving on`);
      } catch {
        /* best effort: each stop() is idempotent and the harness also kills on exit */
      }
    }
  }
}

/** The node's `estimatesmartfee` (sat/kvB) at the syncer's target, or null: regtest usually has no data. */
async function nodeFeeEstimate(btc: BtcRegtest): Promise<number | null> {
  const r = await btc.rpc<{ feerate?: number }>('estimatesmartfee', [feeTargetBlocks('regtest')]).catch(() => null);
  return r?.feerate !== undefined && r.feerate > 0 ? Math.round(r.feerate * 1e8) : null;
}

/** The maker's rate: the one asked for, else the node's estimate, else the regtest floor (said in the log). */
async function offerFeeRate(btc: BtcRegtest, asked: number | undefined, say: (l: string) => void): Promise<number> {
  if (asked !== undefined) return asked;
  const r = makerFeeRate('regtest', await nodeFeeEstimate(btc));
  say(r.source === 'floor' ? `fee rate: the node has no estimate (regtest), so the offer signs the floor, ${r.satPerKvB} sat/kvB` : `fee rate: the node's estimate, ${r.satPerKvB} sat/kvB`);
  return r.satPerKvB;
}

/**
 * Bob's daemon goes away once his lock reached the node (his syncer saw it): Alice must cancel and
 * punish on her own. Not as soon as the broadcast is recorded: a stop right then can leave the lock
 * unsent, and Alice would wait for it (nothing of hers is at stake) while the demo waits for her.
 */
async function vanishAfterLock(bob: SwapNode, swapId: SwapId, say: (s: string) => void): Promise<void> {
  for (;;) {
    const a = bob.daemon.actor(swapId);
    const st = a?.record.core;
    if (st && st.broadcasts['lock'] && (st.txs['lock']?.confs ?? null) !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  say('[bob] vanishes once his lock is on the node');
  await bob.stop();
}

async function measure(
  p: DemoPath,
  btc: BtcRegtest,
  _xmr: XmrRegtest,
  bobXmr: { rpc<T>(m: string, params?: Record<string, unknown>): Promise<T> },
  alicePayout: string,
  bobRefund: string,
  outcomes: Map<string, string>,
): Promise<Omit<DemoResult, 'wallSec' | 'feeRateSatVb' | 'paidFees' | 'makerRole' | 'aliceXmrSpent' | 'accounting'>> {
  const received = async (addr: string) => Math.round(Number(await btc.rpc<number>('getreceivedbyaddress', [addr, 0])) * 1e8);
  const alice = outcomes.get('alice') ?? 'unknown';
  const bob = outcomes.get('bob') ?? 'unknown';
  if (p === 'happy') {
    await bobXmr.rpc('refresh', {});
    const bal = await bobXmr.rpc<{ balance: number }>('get_balance', { account_index: 0 });
    return { outcome: 'swapped', btcSats: await received(alicePayout), xmrPiconero: BigInt(bal.balance).toString(), alice, bob };
  }
  if (p === 'refund') return { outcome: 'refunded', btcSats: await received(bobRefund), xmrPiconero: '0', alice, bob };
  return { outcome: 'punished', btcSats: await received(alicePayout), xmrPiconero: '0', alice, bob };
}

/** What left a wallet funded with `funded` (its balance now, spent or pending, below it) and the fees of its outgoing transfers. */
async function xmrSpent(w: { rpc<T>(m: string, params?: Record<string, unknown>): Promise<T> }, funded: bigint): Promise<DemoResult['aliceXmrSpent']> {
  await w.rpc('refresh', {});
  const bal = await w.rpc<{ balance: number | string }>('get_balance', { account_index: 0 });
  const t = await w.rpc<{ out?: Array<{ fee: number | string }>; pending?: Array<{ fee: number | string }> }>('get_transfers', { out: true, pending: true, account_index: 0 });
  const fees = [...(t.out ?? []), ...(t.pending ?? [])].reduce((a, x) => a + BigInt(x.fee), 0n);
  return { piconero: (funded - BigInt(bal.balance)).toString(), lockFeePiconero: fees.toString() };
}
