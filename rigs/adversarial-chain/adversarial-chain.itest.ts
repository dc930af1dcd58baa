// Issue #24 on real nodes: one litecoind + monerod pair serves every swap of this file (rigs/demo/
// regtest-demo.ts runDemo, Alice the maker): the happy reorg swap alone first (another swap's wallet
// funding mines blocks that would bury its XMR lock past the reorg's depth), then the others at once, every block of all of them through one
// lock per chain (chain-control.ts), so a reorg holds both chains still while it rewrites one.
// Reorgs at swap level:
//  - happy swap: Bob's BTC lock, seen by Alice at 2 confirmations, is reorged out (2 blocks replaced
//    by 3 without it; back in the mempool, Alice sees 0); then Alice's XMR lock, seen by Bob at 2
//    confirmations, is reorged out (2 blocks popped, the tx flushed, 3 new blocks; sent again once Bob
//    saw the new chain). Both still swap, each tx mined once.
//  - refund swap (Alice never locks XMR): Bob's cancel, seen at 2 confirmations, reorged out the same
//    way; Bob still refunds, nobody punishes.
//  Depth: these deals run with finality 3 on both chains (safety 4, which must exceed it), and every
//  reorg is 2 blocks deep: shallower than finality, so the honest daemon must not have acted on the tx
//  yet and must wait for its confirmations again on the surviving chain. A reorg at or past finality is
//  a chain failure the protocol does not claim to survive. No conflicting tx in these reorgs: Bob's BTC
//  lock can only be double-spent by Bob himself, the cancel only by Alice's buy (both cases below, as
//  conflicts mined by generateblock), and the XMR lock only by Alice's own wallet.
// Adversarial peers (electron/daemon/adversarial-peer.test.ts on the scripted chain) on real nodes, the
// refund path (cancel 10 / punish 16, or WIDE 24 / 30 where Bob's buy signature must be possible):
//  - XMR lock with an unlock time: never counted as paid (no deposit in Bob's record), Bob never sends
//    his buy signature, cancels and refunds; Alice's XMR stays locked until its unlock height: her loss.
//  - silent Alice: her daemon stops once her XMR lock is paid; Bob, his buy signature sent into the
//    silence, cancels and refunds; back after his refund, Alice reads his key from it and sweeps her XMR.
//  - short (-1 piconero) and over-funded XMR locks: Bob counts only >= the deal (no buy signature for
//    the short one); Alice never buys on any mismatch (protocol.md 8, pitfall 11.2 #8); both refund.
//  - late XMR lock (paid once the BTC lock reached the cancel timelock): no buy signature; both refund.
//  - Bob's lock never mined (a negative fee delta keeps it out of every block): Alice never shows the
//    XMR address and aborts; mined after all, the lock is Bob's alone to cancel and refund.
//  - Bob gone once his cancel is on the node, back at cancel confs 15 (chain held: no punish can be
//    mined in the next block) -> he refunds; back once Alice's punish is on the node at confs 17 -> punished.
//  Alice's XMR: exactly her lock fee and her sweep fee (read from monerod) left her wallet.
//  - rogue Alice holds Bob's buy signature past the safe buy window (happy path, cancel 60): her syncer
//    port drops every broadcast of her buy (holdBroadcast; the test keeps the hex). 'race': under a hold
//    the lock reaches the cancel timelock, Bob broadcasts his cancel, and the next block is built with the
//    buy and without the cancel (litecoind generateblock; the cancel is evicted as a conflict). 'early':
//    the buy mined one block before the cancel is valid. Bob reads the buy, extracts Alice's key and
//    sweeps: both swapped, no cancel mined; Bob's XMR is the lock less exactly his sweep fee.
//  - Bob's lock double-spent before its first block (the chain held from Bob's funding request, so no
//    block takes it first): seen by Alice at 0 confs, then a block holds Bob's own tx spending the
//    inputs of the lock's parent, his unmined funding payment, back to his wallet (the lock spends the
//    funding output, a swap key: his wallet can sign only its parent's inputs; both are evicted,
//    signrawtransactionwithwallet). Alice never
//    locks XMR and the person aborts her swap; Bob is down exactly that tx's fee (his wallet's view).
//    Bob's swap has no way to end (no abort past his lock, his manual cancel refused): the run ends on
//    Alice's outcome (runDemo unendedRole) and the case asserts Bob is still open. Variant 'reorg': the
//    lock and its funding mined (Alice sees 1 conf, below finality), that block reorged out by a chain
//    whose first block holds the conflict (reorgBtcTx conflictHex); the same ends.
// Each case asserts both outcomes, what each party broadcast, and each party's own coins: Alice's BTC
// payout or Bob's refund against the fees read from the node, Alice's XMR wallet against her lock fee,
// Bob's swept XMR.
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type XmrRegtest } from '../../electron/regtest';
import type { SwapNode } from '../../electron/daemon/swap-node';
import type { SwapId } from '../../shared/ids';
import type { SwapState } from '../../shared/protocol/state';
import { runDemo, type DemoOptions, type DemoResult } from '../demo/regtest-demo';
import { missingNodeBinaries } from '../regtest/node-binaries';
import { ok } from '../../shared/result';
import { payXmrOnce } from '../../electron/daemon/xmr-wallet-payer';
import type { SyncerPort } from '../../electron/daemon/daemon-ports';
import { parseTaskId } from '../../shared/protocol/task-ids';
import { xmrTxFees } from '../crash-matrix/party-accounting';
import { btcBlockOf, chainControl, reorgBtcTx, reorgXmrTx, resendXmrTx, until, xmrConfs, type ChainControl } from './chain-control';

const missing = missingNodeBinaries('adversarial-chain.itest');

const BTC_SATS = 1_000_000;
const XMR_PICO = 1_000_000_000_000n;
const TEMPORAL = { btcFinality: 3, btcSafety: 4, xmrFinality: 3 } as const;
const DEPTH = 2;
const WAIT_MS = 120_000;
// The refund path with the buy window open: Bob may send his buy signature up to lock confs 20 (cancel - safety),
// so a case where he must not send it is not passed by the window alone.
const WIDE = { cancel: 24, punish: 30 } as const;
/**
 * The adversarial cases `npm test` runs beside the three above (what fits its budget: silent Alice and Bob back
 * one block before the punish timelock); FCSWAP_ADVERSARIAL_SAMPLE=all runs every case. Measured at load 14-21
 * (session 10): this sample 5/5 in 260 s; all 10 passed in 721 s (another run of all 10 at load 21: 1015 s, three
 * swaps lost to a wallet-rpc's 30 s start timeout or the 300 s run bound: CPU, not the protocol).
 * Session 11 added held-buy-race, held-buy-early (a happy swap to the cancel timelock: runDemo 159-237 s each
 * at load 14-38), lock-double-spent (47-67 s) and lock-double-spent-reorg (54 s): all over the 40 s a case may
 * cost to join this sample, so only in `all`. These four alone (-t "rogue Alice|double-spent"): 3 in 218 s,
 * then the reorg variant 1 in 80 s.
 */
const ALL_CASES = process.env['FCSWAP_ADVERSARIAL_SAMPLE'] === 'all';
const SAMPLE: ReadonlySet<string> = new Set(['silent', 'back-before-punish']);
const inSample = (name: string) => ALL_CASES || SAMPLE.has(name);

type During = NonNullable<DemoOptions['during']>;
type Ctx = Parameters<During>[0];

/** What the run saw of each party once both ended: its outcome, its broadcasts (name: attempts). */
interface Seen {
  alice: Record<string, number>;
  bob: Record<string, number>;
  reorgs: string[];
  /** The XMR lock deposits Bob's record counted, by txid. */
  bobDeposits: Record<string, { amount: string; confs: number }>;
  /** Alice's sweeps of the joint XMR address back to her wallet (refund path), by txid. */
  aliceSweeps: string[];
}

const core = (n: SwapNode, id: SwapId): SwapState | undefined => n.daemon.actor(id)?.record.core as SwapState | undefined;

async function btcConfs(btc: BtcRegtest, txid: string): Promise<number | null> {
  const t = await btc.rpc<{ confirmations?: number }>('getrawtransaction', [txid, true]).catch(() => null);
  return t ? (t.confirmations ?? 0) : null;
}

/**
 * In the mempool or in a block of the active chain. Not `btcConfs`: -txindex keeps a tx of a block reorged
 * out, and getrawtransaction still returns it (without confirmations).
 */
async function btcLive(btc: BtcRegtest, txid: string): Promise<boolean> {
  if (await btc.rpc('getmempoolentry', [txid]).then(() => true, () => false)) return true;
  return (await btcBlockOf(btc, txid, 400)) !== null;
}

/**
 * Holds mining once `who` broadcast `name`, mines it `DEPTH` deep, waits until `watcher` saw those
 * confirmations, reorgs it out, and lets mining go once `watcher` saw it back at 0.
 */
async function reorgOwnBtcTx(ctl: ChainControl, raw: BtcRegtest, x: Ctx, name: string, who: SwapNode, watcher: SwapNode, log: string[]): Promise<void> {
  // The broadcast waits on the timelocks and on the other swaps' holds: a generous bound, not a timing claim.
  const txid = await until(`${name} broadcast`, 4 * WAIT_MS, () => (core(who, x.swapId)?.broadcasts[name] ? core(who, x.swapId)?.txs[name]?.txid : undefined));
  const release = await ctl.hold();
  try {
    await until(`${name} on the node`, WAIT_MS, async () => (await btcConfs(raw, txid)) !== null);
    for (let i = 0; ((await btcConfs(raw, txid)) ?? 0) < DEPTH; i++) if (i > DEPTH) throw new Error(`${name} not mined`); else await raw.mine(1);
    await until(`${name} seen at ${DEPTH} confs`, WAIT_MS, () => core(watcher, x.swapId)?.txs[name]?.confs === DEPTH);
    const r = await reorgBtcTx(raw, txid, { maxDepth: DEPTH });
    await until(`${name} seen back in the mempool`, WAIT_MS, () => core(watcher, x.swapId)?.txs[name]?.confs === 0);
    log.push(`btc ${name} reorged out at depth ${r.depth} (fork at ${r.forkHeight})`);
  } finally {
    release();
  }
}

/**
 * Mining is held from the moment Alice's lock payment returns (`holdAfterXmrPay`), so the lock cannot be
 * buried deeper than the reorg claims while Bob's watch first reports it (in the pool, or in its block).
 */
function holdAfterXmrPay(ctl: ChainControl): { pay: NonNullable<DemoOptions['aliceXmrPay']>; held: Promise<() => void> } {
  let give!: (release: () => void) => void;
  const held = new Promise<() => void>((r) => (give = r));
  return {
    held,
    pay: async ({ wallet, address, piconero }) => {
      const r = await payXmrOnce(wallet, address, piconero);
      if (r.ok) give(await ctl.hold());
      return r;
    },
  };
}

async function reorgXmrLock(raw: XmrRegtest, x: Ctx, log: string[], held: Promise<() => void>): Promise<void> {
  const deposit = () => Object.entries(core(x.bob, x.swapId)?.xmrDeposits ?? {})[0];
  const release = await until('the XMR lock paid by Alice', WAIT_MS, () => Promise.race([held, new Promise<null>((r) => setTimeout(() => r(null), 200))]));
  try {
    const [txid] = await until('the XMR lock seen by Bob', WAIT_MS, deposit);
    await until('the XMR lock on the node', WAIT_MS, async () => (await xmrConfs(raw, txid)) !== null);
    for (let i = 0; ((await xmrConfs(raw, txid)) ?? 0) < DEPTH; i++) if (i > DEPTH) throw new Error('the XMR lock not mined'); else await raw.mine(1);
    // Bob saw it confirmed (his syncer's count may lag the node's by a report); the node holds it DEPTH deep.
    await until('the XMR lock seen confirmed by Bob', WAIT_MS, () => (deposit()?.[1].confs ?? 0) >= 1);
    const r = await reorgXmrTx(raw, txid, { maxDepth: DEPTH });
    // Bob saw the new chain (its tip) without the lock before the lock comes back.
    await until('Bob on the new XMR chain', WAIT_MS, () => (core(x.bob, x.swapId)?.xmrHeight ?? 0) >= r.top);
    await resendXmrTx(raw, r.hex);
    log.push(`xmr lock reorged out at depth ${r.depth}, sent again at height ${r.top}`);
  } finally {
    release();
  }
}

/** Both outcomes reached (of the nodes given: a restarted one): what each broadcast (with attempts), what Bob counted as locked. */
async function seenAtEnd(x: Ctx, log: string[], nodes: { alice: SwapNode; bob: SwapNode } = x): Promise<Seen> {
  await until('both outcomes', 4 * WAIT_MS, () => nodes.alice.daemon.actor(x.swapId)?.outcome && nodes.bob.daemon.actor(x.swapId)?.outcome);
  const b = (n: SwapNode) => Object.fromEntries(Object.entries(core(n, x.swapId)?.broadcasts ?? {}).map(([k, v]) => [k, v.attempt]));
  return { alice: b(nodes.alice), bob: b(nodes.bob), reorgs: log, bobDeposits: { ...(core(nodes.bob, x.swapId)?.xmrDeposits ?? {}) }, aliceSweeps: [...(core(nodes.alice, x.swapId)?.sweepTxids ?? [])] };
}

/**
 * Waits for Alice's sweep and until it is mined (blocks still come in `during`): her wallet's balance then
 * holds it. Her outcome can come first: keys recovered before her XMR watch reported the lock (just
 * restarted, catching up) leave a blind sweep standing after the end (net-alice sweep_xmr_blind), which runs on.
 */
async function sweepsMined(raw: XmrRegtest, seen: Seen, alice: SwapNode, id: SwapId): Promise<Seen> {
  if (seen.aliceSweeps.length === 0) seen.reorgs.push("Alice's outcome before her sweep (a blind sweep left standing)");
  seen.aliceSweeps = [...(await until("Alice's sweep", 2 * WAIT_MS, () => ((core(alice, id)?.sweepTxids?.length ?? 0) > 0 ? core(alice, id)?.sweepTxids : undefined)))];
  for (const txid of seen.aliceSweeps) await until(`Alice's sweep ${txid.slice(0, 8)} mined`, WAIT_MS, async () => ((await xmrConfs(raw, txid)) ?? 0) >= 1);
  return seen;
}

/** Resolves with `p`, or throws after `ms`: a wait bounded like `until`. */
async function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, no) => (timer = setTimeout(() => no(new Error(`timed out waiting for ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A rogue party's syncer port: every broadcast of `name` is kept (the hex of the first) and dropped, never
 * reaching the node; every other task passes. The daemon records its broadcast as it always does.
 */
function holdBroadcast(name: string): { wrap: (p: SyncerPort) => SyncerPort; hex: Promise<string>; dropped: () => number } {
  let give!: (hex: string) => void;
  const hex = new Promise<string>((r) => (give = r));
  let dropped = 0;
  return {
    hex,
    dropped: () => dropped,
    wrap: (p) => ({
      send: (t) => {
        if (t.chain === 'btc' && t.task.kind === 'broadcast' && parseTaskId(t.task.id)?.name === name) {
          dropped++;
          give(t.task.txHex);
          return;
        }
        p.send(t);
      },
    }),
  };
}

function semaphore(n: number): { enter(): Promise<() => void> } {
  let free = n;
  const waiting: Array<() => void> = [];
  return {
    async enter() {
      if (free > 0) free--;
      else await new Promise<void>((r) => waiting.push(r));
      return () => {
        const next = waiting.shift();
        if (next) next();
        else free++;
      };
    },
  };
}

describe.skipIf(missing.length > 0)('adversarial chains and peers on real nodes, one node pair, all swaps at once', () => {
  let raw: { btc: BtcRegtest; xmr: XmrRegtest } | null = null;
  let ctl: ChainControl | null = null;
  beforeAll(async () => {
    const [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
    raw = { btc, xmr };
    ctl = chainControl(btc, xmr);
    await xmr.minerWallet();
  }, 180_000);
  afterAll(async () => {
    // A wallet-rpc still flushing can leave a file behind the data dir's removal: not this test's finding.
    await Promise.all([raw?.btc.stop(), raw?.xmr.stop()].map((p) => p?.catch((e: unknown) => console.log(`teardown: ${String(e)}`))));
  }, 60_000);

  let startQueue: Promise<void> = Promise.resolve();
  // At most three swaps at once (six daemons, their syncer workers and wallet-rpcs): more starve two cores.
  const slots = semaphore(3);
  const run = async (name: string, path: 'happy' | 'refund', during: (x: Ctx, log: string[]) => Promise<Seen>, more: Partial<DemoOptions> = { temporal: TEMPORAL }): Promise<{ r: DemoResult; seen: Seen; lines: string[] }> => {
    if (!raw || !ctl) throw new Error('nodes did not start');
    const lines: string[] = [];
    const log: string[] = [];
    let seen: Seen | null = null;
    // One swap starts at a time (its wallet-rpcs and daemons up, its BTC lock mined), then the next:
    // a dozen wallet-rpcs spawned at once on two cores miss their 30 s start timeout.
    let started!: () => void;
    const turn = startQueue;
    startQueue = new Promise<void>((r) => (started = r));
    await turn;
    const leave = await slots.enter();
    try {
      const r = await runDemo({
        ...more,
        path,
        nodes: ctl.nodes,
        progress: (l) => lines.push(l),
        timeoutMs: 300_000,
        during: async (x) => {
          // The next swap starts once this one's harness wallets are surely up: Bob's lock mined (the
          // miner waits for Alice's funded wallet) and seen by Alice (Bob's XMR wallet answered the setup).
          // (A lock double-spent before its block is never seen mined: Alice's outcome, once the miner ran, also lets the next one go.)
          void until('the BTC lock seen by Alice', 2 * WAIT_MS, () => (core(x.alice, x.swapId)?.txs['lock']?.maxConfs ?? -1) >= 1 || x.alice.daemon.actor(x.swapId)?.outcome)
            .catch(() => undefined)
            .finally(started);
          seen = await during(x, log);
        },
      });
      if (!seen) throw new Error('the run ended before the test saw both outcomes');
      const s: Seen = seen;
      console.log(`${name}: ${r.wallSec} s, alice ${r.alice}, bob ${r.bob}; ${s.reorgs.join('; ')}; alice sent ${JSON.stringify(s.alice)}, bob sent ${JSON.stringify(s.bob)}; BTC ${r.btcSats} sats, XMR ${r.xmrPiconero}, Alice's XMR spent ${r.aliceXmrSpent.piconero} (lock fee ${r.aliceXmrSpent.lockFeePiconero}); fees ${r.paidFees.map((f) => `${f.name} ${f.feeSats}`).join(', ')}`);
      return { r, seen: s, lines };
    } catch (e) {
      started();
      console.log(`${name} failed (${String(e)}); its last lines:\n${lines.slice(-50).join('\n')}`);
      throw e;
    } finally {
      leave();
    }
  };
  // Bob's buy signature leaves his daemon as this peer message (the progress line runDemo writes for it).
  const sentBuySig = (lines: readonly string[]) => lines.some((l) => l.startsWith('[bob] -> peer buy-procedure-signature'));
  const fee = (r: DemoResult, name: string): number => {
    const f = r.paidFees.find((x) => x.name === name);
    if (!f) throw new Error(`no mined ${name} among ${r.paidFees.map((x) => x.name).join(', ')}`);
    return f.feeSats;
  };

  it('happy swap: the BTC lock and then the XMR lock reorged out after being seen; both still swap, each lock mined once', async ({ expect }) => {
    const xmrPay = holdAfterXmrPay(ctl!);
    const { r, seen } = await run(
      'reorged locks',
      'happy',
      async (x, log) => {
        await reorgOwnBtcTx(ctl!, raw!.btc, x, 'lock', x.bob, x.alice, log);
        await reorgXmrLock(raw!.xmr, x, log, xmrPay.held);
        return seenAtEnd(x, log);
      },
      { temporal: TEMPORAL, aliceXmrPay: xmrPay.pay },
    );
    expect(seen.reorgs).toHaveLength(2);
    expect([r.alice, r.bob]).toEqual(['swapped', 'swapped']);
    // What each broadcast: Bob his lock, Alice her buy (a rebroadcast of the same tx is allowed; another tx is not).
    expect(Object.keys(seen.bob)).toEqual(['lock']);
    expect(Object.keys(seen.alice)).toEqual(['buy']);
    expect(r.paidFees.map((f) => f.name).sort()).toEqual(['buy', 'lock']);
    // Alice, BTC: the lock amount less the buy fee; XMR: exactly one lock and its fee left her wallet (never paid twice).
    expect(r.btcSats).toBe(BTC_SATS - fee(r, 'buy'));
    expect(BigInt(r.aliceXmrSpent.piconero)).toBe(XMR_PICO + BigInt(r.aliceXmrSpent.lockFeePiconero));
    // Bob, XMR: the lock swept, less a sweep fee; BTC: his lock paid the lock amount (its fee in paidFees).
    expect(BigInt(r.xmrPiconero)).toBeLessThan(XMR_PICO);
    expect(BigInt(r.xmrPiconero)).toBeGreaterThan(XMR_PICO - 10_000_000_000n);
  }, 420_000);

  it.concurrent("refund swap: Bob's cancel reorged out after being seen; Bob still refunds, Alice never punishes", async ({ expect }) => {
    const { r, seen } = await run('reorged cancel', 'refund', async (x, log) => {
      await reorgOwnBtcTx(ctl!, raw!.btc, x, 'cancel', x.bob, x.bob, log);
      return seenAtEnd(x, log);
    });
    expect(seen.reorgs).toHaveLength(1);
    expect([r.alice, r.bob]).toEqual(['refunded', 'refunded']);
    expect(Object.keys(seen.bob).sort()).toEqual(['cancel', 'lock', 'refund']);
    expect(Object.keys(seen.alice).filter((k) => k !== 'cancel')).toEqual([]);
    expect(r.paidFees.map((f) => f.name).sort()).toEqual(['cancel', 'lock', 'refund']);
    // Bob, BTC: the lock amount back less the cancel and refund fees; Alice: no XMR left her wallet.
    expect(r.btcSats).toBe(BTC_SATS - fee(r, 'cancel') - fee(r, 'refund'));
    expect(r.aliceXmrSpent.piconero).toBe('0');
  }, 420_000);
  it.concurrent('XMR lock with an unlock time: never counted as paid; Bob never sends his buy signature, cancels and refunds', async ({ expect }) => {
    const { r, seen, lines } = await run('xmr lock with an unlock time', 'refund', async (x, log) => seenAtEnd(x, log), {
      aliceXmrPay: async ({ wallet, address, piconero }) => {
        // The full amount, spendable only 500 blocks from now: worthless to Bob within the swap.
        const h = await raw!.xmr.height();
        const t = await wallet.rpc<{ tx_hash: string }>('transfer', { destinations: [{ amount: Number(piconero), address }], unlock_time: h + 500 });
        return ok(t.tx_hash);
      },
    });
    expect([r.alice, r.bob]).toEqual(['refunded', 'refunded']);
    expect(seen.bobDeposits).toEqual({});
    expect(sentBuySig(lines)).toBe(false);
    expect(Object.keys(seen.bob).sort()).toEqual(['cancel', 'lock', 'refund']);
    expect(Object.keys(seen.alice).filter((k) => k !== 'cancel')).toEqual([]);
    expect(r.paidFees.map((f) => f.name).sort()).toEqual(['cancel', 'lock', 'refund']);
    expect(r.btcSats).toBe(BTC_SATS - fee(r, 'cancel') - fee(r, 'refund'));
    // Alice, XMR: the whole amount and its fee left her wallet (locked until its unlock height: the price of her own bad lock).
    expect(BigInt(r.aliceXmrSpent.piconero)).toBe(XMR_PICO + BigInt(r.aliceXmrSpent.lockFeePiconero));
  }, 420_000);
  // Alice's own XMR on the refund path: what left her wallet is exactly her lock's fee and her sweep's fee
  // (she sweeps the joint address back to her wallet once Bob's refund showed her his key).
  const expectAliceSweptBack = async (expect: ExpectStatic, r: DemoResult, seen: Seen) => {
    expect(seen.aliceSweeps.length).toBeGreaterThan(0);
    const sweepFee = await xmrTxFees(raw!.xmr, seen.aliceSweeps);
    expect(sweepFee).toBeGreaterThan(0n);
    expect(BigInt(r.aliceXmrSpent.piconero)).toBe(BigInt(r.aliceXmrSpent.lockFeePiconero) + sweepFee);
    return sweepFee;
  };
  const refundedBoth = (expect: ExpectStatic, r: DemoResult, seen: Seen) => {
    expect([r.alice, r.bob]).toEqual(['refunded', 'refunded']);
    expect(Object.keys(seen.bob).sort()).toEqual(['cancel', 'lock', 'refund']);
    // Alice may broadcast the cancel too (the same tx); never a buy or a punish.
    expect(Object.keys(seen.alice).filter((k) => k !== 'cancel')).toEqual([]);
    expect(r.paidFees.map((f) => f.name).sort()).toEqual(['cancel', 'lock', 'refund']);
    // Bob, BTC: the lock amount back less the cancel and refund fees.
    expect(r.btcSats).toBe(BTC_SATS - fee(r, 'cancel') - fee(r, 'refund'));
  };

  if (inSample('silent')) it.concurrent('silent Alice after both locks: her daemon stops once her XMR lock is paid; Bob cancels and refunds; back after his refund, Alice sweeps her XMR back', async ({ expect }) => {
    let paid!: () => void;
    const aliceLocked = new Promise<void>((r) => (paid = r));
    const { r, seen, lines } = await run(
      'silent alice',
      'refund',
      async (x, log) => {
        await within('the XMR lock paid by Alice', 4 * WAIT_MS, aliceLocked);
        await x.alice.stop();
        log.push('alice stopped once her XMR lock was paid');
        await until("Bob's outcome while Alice is away", 4 * WAIT_MS, () => x.bob.daemon.actor(x.swapId)?.outcome);
        const alice = await x.restart('alice');
        log.push(`alice back after bob ${x.bob.daemon.actor(x.swapId)?.outcome}`);
        return sweepsMined(raw!.xmr, await seenAtEnd(x, log, { alice, bob: x.bob }), alice, x.swapId);
      },
      {
        temporal: TEMPORAL,
        timelocks: WIDE,
        aliceXmrPay: async ({ wallet, address, piconero }) => {
          const p = await payXmrOnce(wallet, address, piconero);
          if (p.ok) paid();
          return p;
        },
      },
    );
    refundedBoth(expect, r, seen);
    // Bob counted the full lock; whether his buy signature left before the buy window closed depends on
    // how fast the loaded machine got the lock final (printed): either way nobody could use it.
    expect(Object.values(seen.bobDeposits).map((d) => d.amount)).toEqual([XMR_PICO.toString()]);
    const sweepFee = await expectAliceSweptBack(expect, r, seen);
    console.log(`silent alice: Bob's buy signature sent: ${sentBuySig(lines)}; sweep fee ${sweepFee}, Alice's XMR spent ${r.aliceXmrSpent.piconero} = lock fee ${r.aliceXmrSpent.lockFeePiconero} + sweep fee`);
  }, 600_000);

  for (const c of [
    { name: 'short', delta: -1n },
    { name: 'over-funded', delta: 1_000_000_000n },
  ] as const)
    if (inSample(c.name)) it.concurrent(`${c.name} XMR lock (${c.delta > 0n ? '+' : ''}${c.delta} piconero): ${c.delta < 0n ? 'never counted as paid, Bob never sends his buy signature' : 'Bob counts it, Alice never buys (pitfall 11.2 #8: any mismatch is no buy)'}; both cancel, Bob refunds, Alice sweeps all of it back`, async ({ expect }) => {
      const { r, seen, lines } = await run(`${c.name} xmr lock`, 'refund', async (x, log) => sweepsMined(raw!.xmr, await seenAtEnd(x, log), x.alice, x.swapId), {
        temporal: TEMPORAL,
        timelocks: WIDE,
        aliceXmrPay: async ({ wallet, address, piconero }) => payXmrOnce(wallet, address, piconero + c.delta),
      });
      refundedBoth(expect, r, seen);
      expect(Object.values(seen.bobDeposits).map((d) => d.amount)).toEqual([(XMR_PICO + c.delta).toString()]);
      // Short: never sent. Over-funded: sent if the lock was final inside the buy window (load-dependent, printed).
      if (c.delta < 0n) expect(sentBuySig(lines)).toBe(false);
      expect(BigInt(r.aliceXmrSpent.lockFeePiconero)).toBeGreaterThan(0n);
      const sweepFee = await expectAliceSweptBack(expect, r, seen);
      console.log(`${c.name} xmr lock: Bob's buy signature sent: ${sentBuySig(lines)}; sweep fee ${sweepFee}, Alice's XMR spent ${r.aliceXmrSpent.piconero} = lock fee ${r.aliceXmrSpent.lockFeePiconero} + sweep fee`);
    }, 600_000);

  if (inSample('late'))
  it.concurrent('late XMR lock (paid once the BTC lock is past the funding window, cancel - safety + 1): Bob never sends his buy signature, cancels and refunds; Alice sweeps it back', async ({ expect }) => {
    let ctx: Ctx | null = null;
    // WIDE: Alice's daemon asks for the lock early in a wide window (a loaded machine still gets there), the client pays late.
    const lateAt = WIDE.cancel - TEMPORAL.btcSafety + 2;
    const { r, seen, lines } = await run('late xmr lock', 'refund', async (x, log) => ((ctx = x), sweepsMined(raw!.xmr, await seenAtEnd(x, log), x.alice, x.swapId)), {
      temporal: TEMPORAL,
      timelocks: WIDE,
      aliceXmrPay: async ({ wallet, address, piconero }) => {
        await until('the BTC lock past the funding window', 4 * WAIT_MS, async () => ctx && ((await btcConfs(raw!.btc, core(ctx.bob, ctx.swapId)?.txs['lock']?.txid ?? '')) ?? 0) >= lateAt);
        return payXmrOnce(wallet, address, piconero);
      },
    });
    refundedBoth(expect, r, seen);
    expect(sentBuySig(lines)).toBe(false);
    const sweepFee = await expectAliceSweptBack(expect, r, seen);
    console.log(`late xmr lock: Bob counted ${JSON.stringify(seen.bobDeposits)}; sweep fee ${sweepFee}, Alice's XMR spent ${r.aliceXmrSpent.piconero}`);
  }, 600_000);

  if (inSample('never-mined')) it.concurrent("Bob's BTC lock never mined (held out of every block): Alice never shows the XMR address and aborts; once the lock is mined after all, Bob alone cancels and refunds", async ({ expect }) => {
    const { r, seen, lines } = await run('lock never mined', 'refund', async (x, log) => {
      const txid = await until("Bob's lock broadcast", 4 * WAIT_MS, () => (core(x.bob, x.swapId)?.broadcasts['lock'] ? core(x.bob, x.swapId)?.txs['lock']?.txid : undefined));
      const release = await ctl!.hold();
      try {
        await until('the lock on the node', WAIT_MS, async () => (await btcConfs(raw!.btc, txid)) !== null);
        if ((await btcConfs(raw!.btc, txid)) !== 0) throw new Error('the lock was mined before the hold');
        // A fee delta of -1 LTC: the node keeps it in its mempool but no block template takes it (below the min fee rate).
        await raw!.btc.rpc('prioritisetransaction', [txid, 0, -100_000_000]);
      } finally {
        release();
      }
      const from = await raw!.btc.rpc<number>('getblockcount');
      // More blocks than the cancel timelock: a mined lock would have opened cancel by now.
      await until('12 blocks without the lock', 4 * WAIT_MS, async () => (await raw!.btc.rpc<number>('getblockcount')) >= from + 12);
      const held = await btcConfs(raw!.btc, txid);
      const aliceSaw = core(x.alice, x.swapId)?.txs['lock']?.confs ?? null;
      const abort = await x.alice.daemon.onClientDatum(x.swapId, { kind: 'abort' });
      log.push(`lock unmined 12 blocks (node confs ${held}, Alice saw ${aliceSaw}); Alice's abort ${abort.status}`);
      await until("Alice's abort", WAIT_MS, () => x.alice.daemon.actor(x.swapId)?.outcome);
      // The lock gets its fee back: mined now, it is Bob's alone to cancel and refund (he holds Alice's refund signature).
      await raw!.btc.rpc('prioritisetransaction', [txid, 0, 100_000_000]);
      return seenAtEnd(x, log);
    });
    expect(seen.reorgs[0]).toMatch(/node confs 0, Alice saw (0|null)\); Alice's abort applied/);
    expect([r.alice, r.bob]).toEqual(['aborted', 'refunded']);
    expect(lines.some((l) => l.startsWith('[alice] -> client lock-xmr'))).toBe(false);
    expect(sentBuySig(lines)).toBe(false);
    expect(Object.keys(seen.bob).sort()).toEqual(['cancel', 'lock', 'refund']);
    expect(seen.alice).toEqual({});
    expect(r.paidFees.map((f) => f.name).sort()).toEqual(['cancel', 'lock', 'refund']);
    expect(r.btcSats).toBe(BTC_SATS - fee(r, 'cancel') - fee(r, 'refund'));
    expect(r.aliceXmrSpent.piconero).toBe('0');
  }, 600_000);

  // Refund path: cancel 10, punish 16 (safety 4: a refund past cancel confs 12 is unsafe, made with a warning).
  for (const back of [{ at: 'one block before', outcome: 'refunded', name: 'back-before-punish' }, { at: 'one block after', outcome: 'punished', name: 'back-after-punish' }] as const)
    if (inSample(back.name)) it.concurrent(`Bob vanishes once his cancel is on the node and comes back ${back.at} the punish timelock: both end ${back.outcome}`, async ({ expect }) => {
      const PUNISH = 16;
      let punishTxid: string | undefined;
      const { r, seen } = await run(`bob back ${back.at} punish`, 'refund', async (x, log) => {
        const txid = await until("Bob's cancel broadcast", 4 * WAIT_MS, () => (core(x.bob, x.swapId)?.broadcasts['cancel'] ? core(x.bob, x.swapId)?.txs['cancel']?.txid : undefined));
        await until('the cancel on the node', WAIT_MS, async () => (await btcConfs(raw!.btc, txid)) !== null);
        // Bob refunds at cancel confs 3 (finality): gone before that.
        await x.bob.stop();
        const gone = await btcConfs(raw!.btc, txid);
        // The case claims Bob was away for his refund: a stop slower than the cancel's finality would void it.
        if (core(x.bob, x.swapId)?.broadcasts['refund']) throw new Error(`Bob broadcast his refund before he was gone (cancel confs ${gone})`);
        if (back.outcome === 'refunded') {
          // The chain held at cancel confs 15: the next block cannot hold a punish (BIP68), so Bob's refund, sent while held, wins.
          await until('the cancel 13 deep', 4 * WAIT_MS, async () => ((await btcConfs(raw!.btc, txid)) ?? 0) >= PUNISH - 3);
          const release = await ctl!.hold();
          try {
            for (let i = 0; ((await btcConfs(raw!.btc, txid)) ?? 0) < PUNISH - 1; i++) if (i > 3) throw new Error('cancel not deepening'); else await raw!.btc.mine(1);
            const at = await btcConfs(raw!.btc, txid);
            if (at !== PUNISH - 1) throw new Error(`the cancel is ${at} deep, not ${PUNISH - 1}`);
            const bob = await x.restart('bob');
            const refund = await until("Bob's refund", 4 * WAIT_MS, () => (core(bob, x.swapId)?.broadcasts['refund'] ? core(bob, x.swapId)?.txs['refund']?.txid : undefined));
            await until('the refund on the node', WAIT_MS, async () => (await btcConfs(raw!.btc, refund)) === 0);
            log.push(`bob gone at cancel confs ${gone}, back at ${at} (chain held), his refund in the mempool`);
            return seenAtEnd(x, log, { alice: x.alice, bob });
          } finally {
            release();
          }
        }
        // Alice punishes at cancel confs 16; Bob comes back once her punish is on the node and the chain is one block past it.
        punishTxid = await until("Alice's punish", 4 * WAIT_MS, () => (core(x.alice, x.swapId)?.broadcasts['punish'] ? core(x.alice, x.swapId)?.txs['punish']?.txid : undefined));
        await until('the punish on the node, the cancel 17 deep', 4 * WAIT_MS, async () => (await btcConfs(raw!.btc, punishTxid!)) !== null && ((await btcConfs(raw!.btc, txid)) ?? 0) >= PUNISH + 1);
        const at = await btcConfs(raw!.btc, txid);
        const bob = await x.restart('bob');
        log.push(`bob gone at cancel confs ${gone}, back at ${at}`);
        return seenAtEnd(x, log, { alice: x.alice, bob });
      });
      expect([r.alice, r.bob]).toEqual([back.outcome, back.outcome]);
      expect(seen.aliceSweeps).toEqual([]);
      expect(r.aliceXmrSpent.piconero).toBe('0');
      if (back.outcome === 'refunded') {
        expect(Object.keys(seen.bob).sort()).toEqual(['cancel', 'lock', 'refund']);
        // Alice tries her punish once the cancel is 16 deep (the refund mined in that very block or not yet
        // seen by her): the node refuses it, it is never mined (paidFees). The race's loser only loses its try.
        expect(Object.keys(seen.alice).filter((k) => k !== 'cancel' && k !== 'punish')).toEqual([]);
        console.log(`bob back before punish: Alice's punish attempts ${seen.alice['punish'] ?? 0}, refused`);
        expect(r.paidFees.map((f) => f.name).sort()).toEqual(['cancel', 'lock', 'refund']);
        expect(r.btcSats).toBe(BTC_SATS - fee(r, 'cancel') - fee(r, 'refund'));
        return;
      }
      // Punished: only the punish spent the cancel output (a refund Bob tried after it lost: never mined).
      expect(Object.keys(seen.alice).filter((k) => k !== 'cancel')).toEqual(['punish']);
      expect(r.paidFees.map((f) => f.name).sort()).toEqual(['cancel', 'lock', 'punish']);
      expect(r.btcSats).toBe(0);
      // Alice, BTC: the lock amount less the cancel and punish fees, paid to her address by the punish.
      const block = await btcBlockOf(raw!.btc, punishTxid!, 200);
      const tx = await raw!.btc.rpc<{ vout: Array<{ value: number }> }>('getrawtransaction', [punishTxid!, true, block!.hash]);
      expect(tx.vout.map((o) => Math.round(o.value * 1e8))).toEqual([BTC_SATS - fee(r, 'cancel') - fee(r, 'punish')]);
    }, 600_000);
  // Rogue Alice (happy path, cancel 60 / punish 80 as runDemo sets it): her syncer port keeps her buy and drops
  // every broadcast of it (holdBroadcast), so she holds Bob's buy signature, signed, past the safe buy window.
  // 'race': under a hold, the lock is brought to the cancel timelock, Bob broadcasts his cancel, and the next
  // block is built with the held buy and without the cancel (generateblock; the cancel is evicted as a conflict).
  // 'early': the buy is mined one block before the cancel is valid. Bob must read the buy, extract Alice's key
  // from it and sweep the XMR.
  const HAPPY_CANCEL = 60;
  for (const v of [
    { name: 'held-buy-race', at: 'race', title: 'mined in the block where Bob\'s cancel becomes valid, instead of his cancel (already on the node)' },
    { name: 'held-buy-early', at: 'early', title: 'mined one block before Bob\'s cancel is valid' },
  ] as const)
    if (inSample(v.name)) it.concurrent(`rogue Alice holds Bob's buy signature past the safe window, her buy ${v.title}: Bob extracts her key from the buy and sweeps the XMR; both swapped, no cancel ever mined`, async ({ expect }) => {
      const rogue = holdBroadcast('buy');
      let built: { buyTxid: string; block: string; lockConfs: number; cancelTxid: string | null } | null = null;
      let bobSweeps: string[] = [];
      const { r, seen } = await run(
        v.name,
        'happy',
        async (x, log) => {
          const buyHex = await within("Alice's buy (kept by her syncer port)", 4 * WAIT_MS, rogue.hex);
          const buyTxid = (await raw!.btc.rpc<{ txid: string }>('decoderawtransaction', [buyHex])).txid;
          const lockTxid = core(x.bob, x.swapId)?.txs['lock']?.txid;
          if (!lockTxid) throw new Error('no lock txid in Bob\'s record');
          const confs = async () => (await btcConfs(raw!.btc, lockTxid)) ?? 0;
          // Held 8 blocks early: on a loaded machine the hold can come a few blocks after the poll saw the depth.
          await until('the lock 8 blocks before the cancel timelock', 4 * WAIT_MS, async () => (await confs()) >= HAPPY_CANCEL - 8);
          const release = await ctl!.hold();
          try {
            if ((await confs()) >= HAPPY_CANCEL - 1) throw new Error(`the lock is already ${await confs()} deep: too close to the cancel timelock before the hold`);
            // Lock at cancel - 1 confs: the next block cannot hold the cancel (BIP68), so the buy alone is valid in it.
            for (let i = 0; (await confs()) < HAPPY_CANCEL - 1; i++) if (i > 8) throw new Error('the lock not deepening'); else await raw!.btc.mine(1);
            const to = await raw!.btc.newAddress('bech32');
            let cancelTxid: string | null = null;
            if (v.at === 'race') {
              await raw!.btc.mine(1);
              // The lock at the cancel timelock: Bob's cancel is valid for the next block; he broadcasts it.
              cancelTxid = await until("Bob's cancel in the mempool", WAIT_MS, async () => {
                const t = core(x.bob, x.swapId)?.broadcasts['cancel'] ? core(x.bob, x.swapId)?.txs['cancel']?.txid : undefined;
                return t && (await btcConfs(raw!.btc, t)) === 0 ? t : undefined;
              });
            }
            const lockConfs = await confs();
            const block = (await raw!.btc.rpc<{ hash: string }>('generateblock', [to, [buyHex]])).hash;
            if (cancelTxid && (await btcConfs(raw!.btc, cancelTxid)) !== null) throw new Error('the cancel is still known to the node after the buy was mined');
            built = { buyTxid, block, lockConfs, cancelTxid };
            log.push(`alice's buy held (${rogue.dropped()} broadcast(s) dropped), mined at lock confs ${lockConfs}${cancelTxid ? `, Bob's cancel ${cancelTxid.slice(0, 8)} evicted from the mempool` : ', before any cancel was valid'}`);
          } finally {
            release();
          }
          const s = await seenAtEnd(x, log);
          bobSweeps = [...(core(x.bob, x.swapId)?.sweepTxids ?? [])];
          return s;
        },
        { temporal: TEMPORAL, wrapSyncers: { alice: rogue.wrap } },
      );
      if (!built) throw new Error('the case never built its block');
      const b: { buyTxid: string; block: string; lockConfs: number; cancelTxid: string | null } = built;
      expect([r.alice, r.bob]).toEqual(['swapped', 'swapped']);
      // Alice recorded her buy (her daemon knows no better); her port dropped it: the test mined it.
      expect(rogue.dropped()).toBeGreaterThanOrEqual(1);
      expect(Object.keys(seen.alice)).toEqual(['buy']);
      expect(b.lockConfs).toBe(v.at === 'race' ? HAPPY_CANCEL : HAPPY_CANCEL - 1);
      expect((await btcBlockOf(raw!.btc, b.buyTxid, 400))?.hash).toBe(b.block);
      if (v.at === 'race') {
        // Bob broadcast his cancel (and may have tried it again once evicted: each refused); it never confirmed.
        expect(Object.keys(seen.bob).sort()).toEqual(['cancel', 'lock']);
        expect(await btcConfs(raw!.btc, b.cancelTxid!)).toBeNull();
        expect(await btcBlockOf(raw!.btc, b.cancelTxid!, 400)).toBeNull();
      } else expect(Object.keys(seen.bob).filter((k) => k !== 'cancel')).toEqual(['lock']);
      expect(r.paidFees.map((f) => f.name).sort()).toEqual(['buy', 'lock']);
      // Alice, BTC: the lock amount less the buy fee; XMR: exactly one lock and its fee left her wallet.
      expect(r.btcSats).toBe(BTC_SATS - fee(r, 'buy'));
      expect(BigInt(r.aliceXmrSpent.piconero)).toBe(XMR_PICO + BigInt(r.aliceXmrSpent.lockFeePiconero));
      // Bob, XMR: the lock swept to his wallet less exactly his sweep's fee (read from monerod).
      expect(bobSweeps.length).toBeGreaterThan(0);
      const sweepFee = await xmrTxFees(raw!.xmr, bobSweeps);
      expect(BigInt(r.xmrPiconero)).toBe(XMR_PICO - sweepFee);
      console.log(`${v.name}: Bob's cancel attempts ${seen.bob['cancel'] ?? 0}, Alice's buy broadcasts dropped ${rogue.dropped()}, Bob's sweep fee ${sweepFee}`);
    }, 600_000);

  // Bob double-spends his own lock while Alice sees it at 0 confirmations: a block (generateblock) holds a tx
  // spending the lock's inputs back to Bob's wallet (signrawtransactionwithwallet), and the lock is evicted.
  // Nothing is locked: Alice never shows the XMR address and the person aborts her swap; Bob's net has no
  // abort after his lock and no cancel of a lock that does not exist, so his swap stays open (printed).
  // 'reorg': the lock and its funding mined first (one block, seen by Alice at 1 conf, below finality 3), then that
  // block reorged out by a longer chain whose first block holds the conflict (reorgBtcTx's conflictHex).
  for (const v of [
    { name: 'lock-double-spent', at: 'mempool', title: 'before its first block (seen by Alice at 0 confs)' },
    { name: 'lock-double-spent-reorg', at: 'reorg', title: 'after its first block, reorged out (seen by Alice at 1 conf)' },
  ] as const)
  if (inSample(v.name)) it.concurrent(`Bob's BTC lock double-spent ${v.title}: Alice never locks XMR and aborts; nothing else is broadcast; Bob is down exactly the conflicting tx's fee`, async ({ expect }) => {
    const FEE_SATS = 20_000;
    let ds: { lock: string; funding: string; conflict: string; block: string; parents: number } | null = null;
    let bobEnd: { outcome: string | null; lockAttempts: number; manualCancel: string } | null = null;
    const { r, seen, lines } = await run(
      v.name,
      'refund',
      async (x, log) => {
        // The lock spends Bob's funding output (his swap key, not his wallet's): his wallet double-spends the
        // lock through its parent, the funding payment, while both are unmined. The chain is held from the
        // swap's start until the conflict is mined, so no block takes either first (held from Bob's funding
        // request, a loaded machine let a block in before the hold). Nothing before Bob's lock needs a block.
        const release = await ctl!.hold();
        try {
          const lock = await until("Bob's lock broadcast", 4 * WAIT_MS, () => (core(x.bob, x.swapId)?.broadcasts['lock'] ? core(x.bob, x.swapId)?.txs['lock']?.txid : undefined));
          await until('the lock on the node', WAIT_MS, async () => (await btcConfs(raw!.btc, lock)) !== null);
          const funding = core(x.bob, x.swapId)?.funding?.txid;
          if (!funding) throw new Error("no funding payment in Bob's record");
          if ((await btcConfs(raw!.btc, lock)) !== 0 || (await btcConfs(raw!.btc, funding)) !== 0) throw new Error('the funding or the lock was mined before the hold');
          await until('the lock seen by Alice at 0 confs', WAIT_MS, () => core(x.alice, x.swapId)?.txs['lock']?.confs === 0);
          // The conflict: the funding payment's inputs (Bob's wallet's coins) back to a new address of that wallet.
          const tx = await raw!.btc.rpc<{ vin: Array<{ txid: string; vout: number }> }>('getrawtransaction', [funding, true]);
          let inSats = 0;
          // An input from a wallet tx still unmined (change of another payment) goes into the block before the conflict.
          const parents: string[] = [];
          for (const i of tx.vin) {
            const prev = await raw!.btc.rpc<{ confirmations?: number; vout: Array<{ n: number; value: number }> }>('getrawtransaction', [i.txid, true]);
            const o = prev.vout.find((v) => v.n === i.vout);
            if (!o) throw new Error(`the funding's input ${i.txid}:${i.vout} not found`);
            inSats += Math.round(o.value * 1e8);
            if (!prev.confirmations && !parents.includes(i.txid)) parents.push(i.txid);
          }
          const back = await raw!.btc.newAddress('bech32');
          const unsigned = await raw!.btc.rpc<string>('createrawtransaction', [tx.vin.map((i) => ({ txid: i.txid, vout: i.vout })), [{ [back]: ((inSats - FEE_SATS) / 1e8).toFixed(8) }]]);
          const signed = await raw!.btc.rpc<{ hex: string; complete: boolean }>('signrawtransactionwithwallet', [unsigned]);
          if (!signed.complete) throw new Error("Bob's wallet could not sign the conflicting tx");
          const conflict = (await raw!.btc.rpc<{ txid: string }>('decoderawtransaction', [signed.hex])).txid;
          let block: string;
          if (v.at === 'mempool') block = (await raw!.btc.rpc<{ hash: string }>('generateblock', [await raw!.btc.newAddress('bech32'), [...parents, signed.hex]])).hash;
          else {
            // Reorged out, the block's unmined parents would come back to the mempool and not be in the conflict's block.
            if (parents.length > 0) throw new Error(`the funding spends ${parents.length} unmined wallet tx(s): the reorg variant claims a conflict alone in its block`);
            await raw!.btc.mine(1);
            if ((await btcConfs(raw!.btc, lock)) !== 1 || (await btcConfs(raw!.btc, funding)) !== 1) throw new Error('the lock and its funding not both in the new block');
            await until('the lock seen by Alice at 1 conf', WAIT_MS, () => core(x.alice, x.swapId)?.txs['lock']?.confs === 1);
            const reorg = await reorgBtcTx(raw!.btc, lock, { maxDepth: 1, conflictHex: signed.hex });
            block = (await btcBlockOf(raw!.btc, conflict, 5))?.hash ?? '';
            log.push(`reorged at depth ${reorg.depth} (fork at ${reorg.forkHeight})`);
          }
          if ((await btcLive(raw!.btc, lock)) || (await btcLive(raw!.btc, funding))) throw new Error('the lock or its funding is still in the mempool or the chain after the conflict was mined');
          ds = { lock, funding, conflict, block, parents: parents.length };
        } finally {
          release();
        }
        const from = await raw!.btc.rpc<number>('getblockcount');
        // More blocks than the cancel timelock (10): a mined lock would have opened cancel by now.
        await until('12 blocks after the conflict', 4 * WAIT_MS, async () => (await raw!.btc.rpc<number>('getblockcount')) >= from + 12);
        const aliceSaw = core(x.alice, x.swapId)?.txs['lock']?.confs ?? null;
        // Bob, the person, asks his wallet to cancel by hand: refused, the lock is not on chain.
        const manual = await x.bob.daemon.onClientDatum(x.swapId, { kind: 'manual', action: 'cancel' });
        const manualCancel = manual.status === 'applied' ? 'applied' : `${manual.status}: ${'error' in manual && manual.error ? manual.error.message : ''}`;
        const abort = await x.alice.daemon.onClientDatum(x.swapId, { kind: 'abort' });
        log.push(`lock double-spent ${v.at === 'mempool' ? 'at 0 confs' : 'at 1 conf, reorged'} (Alice saw ${aliceSaw} 12 blocks later); Bob's manual cancel ${manualCancel}; Alice's abort ${abort.status}`);
        await until("Alice's abort", WAIT_MS, () => x.alice.daemon.actor(x.swapId)?.outcome);
        // A few more blocks: Bob's daemon, left running, still broadcasts nothing but his (refused) lock again.
        const at = await raw!.btc.rpc<number>('getblockcount');
        await until('3 more blocks', 4 * WAIT_MS, async () => (await raw!.btc.rpc<number>('getblockcount')) >= at + 3);
        const b = (n: SwapNode) => Object.fromEntries(Object.entries(core(n, x.swapId)?.broadcasts ?? {}).map(([k, v]) => [k, v.attempt]));
        bobEnd = { outcome: x.bob.daemon.actor(x.swapId)?.outcome ?? null, lockAttempts: core(x.bob, x.swapId)?.broadcasts['lock']?.attempt ?? 0, manualCancel };
        return { alice: b(x.alice), bob: b(x.bob), reorgs: log, bobDeposits: { ...(core(x.bob, x.swapId)?.xmrDeposits ?? {}) }, aliceSweeps: [] };
      },
      { temporal: TEMPORAL, unendedRole: 'bob' },
    );
    if (!ds || !bobEnd) throw new Error('the case never double-spent the lock');
    const d: { lock: string; funding: string; conflict: string; block: string; parents: number } = ds;
    const bob: { outcome: string | null; lockAttempts: number; manualCancel: string } = bobEnd;
    expect(seen.reorgs.at(-1)).toMatch(/Alice saw null.*Bob's manual cancel rejected.*Alice's abort applied/);
    expect(r.alice).toBe('aborted');
    // Bob's swap has no way to end: no abort after the lock, no cancel of a lock that is not on chain.
    expect(bob.outcome).toBeNull();
    expect(lines.some((l) => l.startsWith('[alice] -> client lock-xmr'))).toBe(false);
    expect(sentBuySig(lines)).toBe(false);
    expect(seen.alice).toEqual({});
    expect(Object.keys(seen.bob)).toEqual(['lock']);
    // Nothing of the swap was ever mined: no fee paid by either side's swap txs.
    expect(r.paidFees).toEqual([]);
    expect(await btcLive(raw!.btc, d.lock)).toBe(false);
    expect((await btcBlockOf(raw!.btc, d.conflict, 400))?.hash).toBe(d.block);
    // Bob, BTC: his wallet sees the conflict as a self-transfer (amount 0) that cost exactly its fee, and his lock as conflicted.
    const w = await raw!.btc.rpc<{ amount: number; fee: number }>('gettransaction', [d.conflict]);
    expect(Math.round(w.amount * 1e8)).toBe(0);
    expect(Math.round(w.fee * 1e8)).toBe(-FEE_SATS);
    const wf = await raw!.btc.rpc<{ confirmations: number; walletconflicts: string[] }>('gettransaction', [d.funding]);
    expect(wf.confirmations).toBeLessThan(0);
    expect(wf.walletconflicts).toContain(d.conflict);
    expect(await btcLive(raw!.btc, d.funding)).toBe(false);
    // Alice: no XMR left her wallet. Bob's refund address got nothing (there was nothing to refund).
    expect(r.aliceXmrSpent.piconero).toBe('0');
    expect(r.btcSats).toBe(0);
    console.log(`${v.name} (${d.parents} unmined parent(s) mined with the conflict): Bob's swap left open (outcome ${bob.outcome}), his lock broadcast attempts ${bob.lockAttempts}; manual cancel ${bob.manualCancel}`);
  }, 600_000);
});
