// Per-party accounting of one crash-matrix point: each party's balance change on each chain, read
// from the nodes (its litecoind wallet, its monero-wallet-rpc account), must equal what the path
// gives it minus the fees of the transactions it paid, each fee read from the chain:
//   BTC  Bob:   -amount - (his wallet's send fees: the funding) - fee(lock)  [+ amount - fee(cancel) - fee(refund) on refund]
//        Alice: happy +amount - fee(buy); punish +amount - fee(cancel) - fee(punish); refund 0
//   XMR  Alice: happy, punish -amount - (fees of her transfers); refund 0 (she never locks)
//        Bob:   happy +amount - fee(sweep); else 0
// A gap names the party, the chain and the amount. The sum over both parties of a chain's gaps is the
// old "no coin lost" check (coins gone or created); a per-party gap with a zero sum is coins that
// reached the wrong party. Test tooling, not a product path.
import type { SwapState } from '../../shared/protocol/state';
import type { WalletRpc, XmrRegtest } from '../../electron/regtest';
import { paidFee, watchedSwapTxs, type BtcRpc } from '../demo/swap-tx-fees';
import { btcWalletCall, MATRIX_BTC, MATRIX_XMR, type BtcWalletRef, type FundsSnapshot, type PartyFunds, type PointEnv, type PointWallets } from './point-env';

export type AccountedPath = 'happy' | 'refund' | 'punish';
type Party = 'alice' | 'bob';

export interface PartyGap {
  readonly party: Party;
  readonly chain: 'btc' | 'xmr';
  /** actual change - expected change, in sat or piconero. */
  readonly gap: bigint;
}

export interface Accounting {
  readonly gaps: readonly PartyGap[];
  /** Some chain's gaps do not sum to zero: coins lost or created. */
  readonly sumOff: boolean;
  readonly detail: string;
}

interface XmrOut {
  readonly txid: string;
  readonly fee: number;
  readonly amount: number;
}

async function btcFees(env: PointEnv, states: ReadonlyArray<SwapState | undefined>): Promise<Record<string, bigint>> {
  const fees: Record<string, bigint> = {};
  for (const [name, txid] of watchedSwapTxs(states)) {
    const p = await paidFee(env.btc, name, txid);
    if (p) fees[name] = (fees[name] ?? 0n) + BigInt(p.feeSats);
  }
  return fees;
}

async function walletSendFees(env: PointEnv, pw: PointWallets): Promise<bigint> {
  const txs = await btcWalletCall<Array<{ category: string; fee?: number; txid: string }>>(pw.btc.bob, 'listtransactions', ['*', 1000]);
  const seen = new Set<string>();
  let fee = 0n;
  for (const t of txs) {
    if (t.category !== 'send' || t.fee === undefined || seen.has(t.txid)) continue;
    seen.add(t.txid);
    fee += BigInt(Math.round(-t.fee * 1e8));
  }
  void env;
  return fee;
}

/** The RingCT fees of Monero txs, read from monerod (each tx's own fee field); throws when monerod lacks one. */
export async function xmrTxFees(xmr: Pick<XmrRegtest, 'daemonPost'>, txids: Iterable<string>): Promise<bigint> {
  const ids = [...new Set(txids)];
  if (ids.length === 0) return 0n;
  const r = await xmr.daemonPost<{ txs?: Array<{ as_json: string }> }>('/get_transactions', { txs_hashes: ids, decode_as_json: true });
  const txs = r.txs ?? [];
  if (txs.length !== ids.length) throw new Error(`monerod knows ${txs.length} of ${ids.length} txs (${ids.map((t) => t.slice(0, 8)).join(', ')})`);
  return txs.reduce((a, t) => a + BigInt((JSON.parse(t.as_json) as { rct_signatures: { txnFee: number } }).rct_signatures.txnFee), 0n);
}

/** `xmrFrom`: the XMR height at the before snapshot (transfers of the point are above it). */
export async function accountParties(
  env: PointEnv,
  pw: PointWallets,
  path: AccountedPath,
  before: FundsSnapshot,
  after: FundsSnapshot,
  xmrFrom: number,
  states: ReadonlyArray<SwapState | undefined>,
): Promise<Accounting> {
  const f = await btcFees(env, states);
  const fee = (n: string) => f[n] ?? 0n;
  const bobWalletFees = await walletSendFees(env, pw);
  const expectBtc: Record<Party, bigint> = {
    bob: -MATRIX_BTC - bobWalletFees - fee('lock') + (path === 'refund' ? MATRIX_BTC - fee('cancel') - fee('refund') : 0n),
    alice: path === 'happy' ? MATRIX_BTC - fee('buy') : path === 'punish' ? MATRIX_BTC - fee('cancel') - fee('punish') : 0n,
  };
  const range = { filter_by_height: true, min_height: xmrFrom, max_height: 100_000_000 };
  const outs = await env.aliceXmr.wallet.rpc<{ out?: XmrOut[] }>('get_transfers', { out: true, account_index: pw.xmr.alice, ...range });
  const aliceXmrFees = (outs.out ?? []).reduce((s, o) => s + BigInt(o.fee), 0n);
  const ins = await env.bobXmr.w.rpc<{ in?: XmrOut[] }>('get_transfers', { in: true, account_index: pw.xmr.bob, ...range });
  const sweepFees = await xmrTxFees(env.xmr, (ins.in ?? []).map((i) => i.txid));
  const expectXmr: Record<Party, bigint> = {
    alice: path === 'refund' ? 0n : -MATRIX_XMR - aliceXmrFees,
    bob: path === 'happy' ? MATRIX_XMR - sweepFees : 0n,
  };
  const gaps: PartyGap[] = [];
  for (const party of ['alice', 'bob'] as const) {
    gaps.push({ party, chain: 'btc', gap: after[party].btcSats - before[party].btcSats - expectBtc[party] });
    gaps.push({ party, chain: 'xmr', gap: after[party].xmrPico - before[party].xmrPico - expectXmr[party] });
  }
  const sum = (c: 'btc' | 'xmr') => gaps.filter((g) => g.chain === c).reduce((s, g) => s + g.gap, 0n);
  const sumOff = sum('btc') !== 0n || sum('xmr') !== 0n;
  const off = gaps.filter((g) => g.gap !== 0n);
  const feeText = `fees btc ${Object.entries(f).map(([n, v]) => `${n} ${v}`).join(', ')}, bob wallet ${bobWalletFees}; xmr alice ${aliceXmrFees} (${(outs.out ?? []).length} transfers), sweep ${sweepFees}`;
  const detail = off.length === 0 ? `every party to the sat and piconero (${feeText})` : `${off.map((g) => `${g.party} ${g.chain} gap ${g.gap} ${g.chain === 'btc' ? 'sat' : 'piconero'}`).join('; ')} (${feeText})`;
  return { gaps, sumOff, detail };
}

// ---------------------------------------------------------------------------------------------------
// The same accounting for real-node swap tests outside the crash matrix (concurrent swaps, standing
// offers, the headless maker): their wallets are named by reference, and one wallet may serve several
// swaps of a party, so the test sums each party's expected outcome over its swaps from these pieces.
// Every fee is read from a node: a swap transaction's from its inputs and outputs (litecoind), a
// wallet's own sends from its history, an XMR transfer's from the wallet and a sweep's from monerod.

/** A party's own wallets: a litecoind wallet and a monero-wallet-rpc account (absent: 0 on that chain). */
export interface PartyWalletRefs {
  readonly btc?: BtcWalletRef;
  readonly xmr?: { readonly wallet: WalletRpc; readonly account?: number };
}

const satsOf = (coins: number) => BigInt(Math.round(coins * 1e8));

/** A party's balances now: BTC pending and immature included, XMR locked included (after a refresh). */
export async function readPartyFunds(w: PartyWalletRefs): Promise<PartyFunds> {
  let btcSats = 0n;
  if (w.btc) {
    const b = await btcWalletCall<{ mine: { trusted: number; untrusted_pending: number; immature: number } }>(w.btc, 'getbalances');
    btcSats = satsOf(b.mine.trusted) + satsOf(b.mine.untrusted_pending) + satsOf(b.mine.immature);
  }
  let xmrPico = 0n;
  if (w.xmr) {
    await w.xmr.wallet.rpc('refresh', {});
    xmrPico = BigInt((await w.xmr.wallet.rpc<{ balance: number }>('get_balance', { account_index: w.xmr.account ?? 0 })).balance);
  }
  return { btcSats, xmrPico };
}

/** Each mined swap transaction's fee by protocol name (lock, buy, cancel, ...), summed over the swaps whose states are given. */
export async function swapBtcFees(btc: BtcRpc, states: ReadonlyArray<SwapState | undefined>): Promise<Record<string, bigint>> {
  const fees: Record<string, bigint> = {};
  for (const [name, txid] of watchedSwapTxs(states)) {
    const p = await paidFee(btc, name, txid);
    if (p) fees[name] = (fees[name] ?? 0n) + BigInt(p.feeSats);
  }
  return fees;
}

/** The fees of a litecoind wallet's own sends (a Bob's lock funding) mined above `aboveHeight`, each tx once. */
export async function btcWalletSendFeesAbove(w: BtcWalletRef, aboveHeight: number): Promise<{ fees: bigint; count: number }> {
  const txs = await btcWalletCall<Array<{ category: string; fee?: number; txid: string; blockheight?: number }>>(w, 'listtransactions', ['*', 10_000]);
  const seen = new Set<string>();
  let fees = 0n;
  for (const t of txs) {
    if (t.category !== 'send' || t.fee === undefined || seen.has(t.txid)) continue;
    if (t.blockheight === undefined) throw new Error(`${w.wallet}: send ${t.txid} not mined yet (settle the chains first)`);
    if (t.blockheight <= aboveHeight) continue;
    seen.add(t.txid);
    fees += BigInt(Math.round(-t.fee * 1e8));
  }
  return { fees, count: seen.size };
}

interface XmrTransfer {
  readonly txid: string;
  readonly fee: number;
  readonly amount: number;
}

/**
 * An XMR account's transfers at heights >= `fromHeight`: what it paid out (each transfer's amount and
 * fee, from the wallet) and the txs that paid into it from outside (a swap's sweep, its fee read from
 * monerod: it came out of the swept lock). Its own change is in neither.
 */
export async function xmrTransfersFrom(
  xmr: Pick<XmrRegtest, 'daemonPost'>,
  w: { readonly wallet: WalletRpc; readonly account?: number },
  fromHeight: number,
): Promise<{ outAmount: bigint; outFees: bigint; outCount: number; inAmount: bigint; inTxFees: bigint; inCount: number }> {
  await w.wallet.rpc('refresh', {});
  const range = { filter_by_height: true, min_height: fromHeight, max_height: 100_000_000, account_index: w.account ?? 0 };
  const t = await w.wallet.rpc<{ out?: XmrTransfer[]; in?: XmrTransfer[] }>('get_transfers', { out: true, in: true, ...range });
  const outs = t.out ?? [];
  const outIds = new Set(outs.map((o) => o.txid));
  const ins = (t.in ?? []).filter((i) => !outIds.has(i.txid));
  const inTxFees = await xmrTxFees(xmr, ins.map((i) => i.txid));
  return {
    outAmount: outs.reduce((s, o) => s + BigInt(o.amount), 0n),
    outFees: outs.reduce((s, o) => s + BigInt(o.fee), 0n),
    outCount: outs.length,
    inAmount: ins.reduce((s, i) => s + BigInt(i.amount), 0n),
    inTxFees,
    inCount: new Set(ins.map((i) => i.txid)).size,
  };
}

/** One party's change on one chain against its expected outcome minus the fees it paid. */
export interface PartyLine {
  readonly party: string;
  readonly chain: 'btc' | 'xmr';
  readonly before: bigint;
  readonly after: bigint;
  readonly expected: bigint;
  /** actual change - expected change. */
  readonly gap: bigint;
  /** One printable line: the figures and how the expectation was made. */
  readonly text: string;
}

export function partyLine(party: string, chain: 'btc' | 'xmr', before: bigint, after: bigint, expected: bigint, how: string): PartyLine {
  const gap = after - before - expected;
  const unit = chain === 'btc' ? 'sat' : 'piconero';
  return { party, chain, before, after, expected, gap, text: `${party} ${chain}: ${before} -> ${after} (${after - before} ${unit}), expected ${expected} = ${how}; gap ${gap}` };
}
