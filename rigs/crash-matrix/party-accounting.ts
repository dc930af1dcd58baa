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
import { paidFee, watchedSwapTxs } from '../demo/swap-tx-fees';
import { btcWalletCall, MATRIX_BTC, MATRIX_XMR, type FundsSnapshot, type PointEnv, type PointWallets } from './point-env';

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

async function xmrTxFee(env: PointEnv, txid: string): Promise<bigint> {
  const r = await env.xmr.daemonPost<{ txs?: Array<{ as_json: string }> }>('/get_transactions', { txs_hashes: [txid], decode_as_json: true });
  const j = r.txs?.[0]?.as_json;
  if (!j) throw new Error(`monerod has no tx ${txid}`);
  return BigInt((JSON.parse(j) as { rct_signatures: { txnFee: number } }).rct_signatures.txnFee);
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
  let sweepFees = 0n;
  for (const txid of new Set((ins.in ?? []).map((i) => i.txid))) sweepFees += await xmrTxFee(env, txid);
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
