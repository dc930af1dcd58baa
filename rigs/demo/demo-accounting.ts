// Per-party accounting of one demo swap (issue #24: every real-node swap test checks each party's own
// coins, not only the sums): each party's change on each chain, read from the nodes, against what its
// outcome gives it minus the fees of the transactions it paid, each fee read from the chain.
//   BTC  Alice: swapped +amount - fee(buy); punished +amount - fee(cancel) - fee(punish); refunded 0
//              (received at her payout address, fresh for the swap).
//        Bob:   what his funding put into the lock (the lock's inputs, from the node) is his stake;
//              what came back to his refund address (fresh) is his return: swapped/punished
//              -(amount + fee(lock)), refunded -(fee(lock) + fee(cancel) + fee(refund)). The funding
//              payment's own fee is the harness's node wallet's, not Bob's swap.
//   XMR  Alice: swapped/punished -(amount + her transfers' fees); refunded: she never locked, 0.
//        Bob:   swapped +amount - fee(his sweeps, from monerod); else 0.
// A party whose swap did not end (a test leaves it running) is not accounted, and says so.
// Test tooling, not a product path.
import type { SwapState } from '../../shared/protocol/state';
import { partyLine, xmrTxFees, type PartyLine } from '../crash-matrix/party-accounting';
import { paidFee, watchedSwapTxs, type BtcRpc } from './swap-tx-fees';

interface WalletRpcLike {
  rpc<T>(method: string, params?: Record<string, unknown>): Promise<T>;
}

export interface DemoAccountingInput {
  readonly btc: BtcRpc;
  readonly xmr: { daemonPost<T>(path: string, body: Record<string, unknown>): Promise<T> };
  readonly outcomes: { readonly alice: string; readonly bob: string };
  readonly states: { readonly alice: SwapState | undefined; readonly bob: SwapState | undefined };
  readonly alicePayout: string;
  readonly bobRefund: string;
  readonly aliceXmr: WalletRpcLike;
  readonly aliceXmrFunded: bigint;
  readonly bobXmr: WalletRpcLike;
  readonly btcSats: bigint;
  readonly xmrPiconero: bigint;
}

export interface DemoAccounting {
  readonly lines: readonly PartyLine[];
  /** The lines whose gap is not zero. */
  readonly gaps: readonly PartyLine[];
  /** Parties not accounted (their swap did not end), with the reason. */
  readonly unaccounted: readonly string[];
}

const sats = (coins: number): bigint => BigInt(Math.round(coins * 1e8));

async function received(btc: BtcRpc, address: string): Promise<bigint> {
  return sats(await btc.rpc<number>('getreceivedbyaddress', [address, 0]));
}

/** Each mined swap tx's fee by name (from the node), and the lock's outputs (what the funding put in, less the lock fee). */
async function btcFacts(btc: BtcRpc, states: ReadonlyArray<SwapState | undefined>): Promise<{ fee: (name: string) => bigint; lockIn: bigint | null }> {
  const fees = new Map<string, bigint>();
  let lockIn: bigint | null = null;
  for (const [name, txid] of watchedSwapTxs(states)) {
    const p = await paidFee(btc, name, txid);
    if (!p) continue;
    fees.set(name, (fees.get(name) ?? 0n) + BigInt(p.feeSats));
    if (name === 'lock') {
      const tx = await btc.rpc<{ vout: Array<{ value: number }> }>('getrawtransaction', [txid, true]);
      lockIn = tx.vout.reduce((a, o) => a + sats(o.value), 0n) + BigInt(p.feeSats);
    }
  }
  return { fee: (name) => fees.get(name) ?? 0n, lockIn };
}

async function xmrBalance(w: WalletRpcLike): Promise<bigint> {
  await w.rpc('refresh', {});
  return BigInt((await w.rpc<{ balance: number | string }>('get_balance', { account_index: 0 })).balance);
}

/** Her outgoing transfers (done or pending): their amounts and fees, from her wallet. */
async function xmrOut(w: WalletRpcLike): Promise<{ amount: bigint; fee: bigint; count: number }> {
  const t = await w.rpc<{ out?: Array<{ amount: number | string; fee: number | string }>; pending?: Array<{ amount: number | string; fee: number | string }> }>('get_transfers', {
    out: true,
    pending: true,
    account_index: 0,
  });
  const all = [...(t.out ?? []), ...(t.pending ?? [])];
  return { amount: all.reduce((a, x) => a + BigInt(x.amount), 0n), fee: all.reduce((a, x) => a + BigInt(x.fee), 0n), count: all.length };
}

/** Never throws: a read that fails is reported in `unaccounted` (a test asserting exactness then fails with it). */
export async function demoAccounting(i: DemoAccountingInput): Promise<DemoAccounting> {
  try {
    return await account(i);
  } catch (e) {
    return { lines: [], gaps: [], unaccounted: [`error: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

async function account(i: DemoAccountingInput): Promise<DemoAccounting> {
  const { fee, lockIn } = await btcFacts(i.btc, [i.states.alice, i.states.bob]);
  const lines: PartyLine[] = [];
  const unaccounted: string[] = [];
  const ended = (o: string) => o === 'swapped' || o === 'refunded' || o === 'punished';

  if (ended(i.outcomes.alice)) {
    const o = i.outcomes.alice;
    const got = await received(i.btc, i.alicePayout);
    const btcExpected = o === 'swapped' ? i.btcSats - fee('buy') : o === 'punished' ? i.btcSats - fee('cancel') - fee('punish') : 0n;
    const btcHow = o === 'swapped' ? `${i.btcSats} - buy ${fee('buy')}` : o === 'punished' ? `${i.btcSats} - cancel ${fee('cancel')} - punish ${fee('punish')}` : 'nothing (refunded)';
    lines.push(partyLine('alice', 'btc', 0n, got, btcExpected, btcHow));
    const out = await xmrOut(i.aliceXmr);
    const after = await xmrBalance(i.aliceXmr);
    const xmrExpected = o === 'refunded' ? 0n : -(i.xmrPiconero + out.fee);
    const xmrHow = o === 'refunded' ? 'nothing (she never locked)' : `-(${i.xmrPiconero} + fees of her ${out.count} transfer(s) ${out.fee})`;
    lines.push(partyLine('alice', 'xmr', i.aliceXmrFunded, after, xmrExpected, xmrHow));
  } else unaccounted.push(`alice: ${i.outcomes.alice}`);

  // A node without -txindex (own-btc-node.itest) shows no swap tx: Bob's stake cannot be read.
  if (ended(i.outcomes.bob) && lockIn === null) unaccounted.push("bob: his lock is not readable from the node (no -txindex?)");
  else if (ended(i.outcomes.bob) && lockIn !== null) {
    const o = i.outcomes.bob;
    const back = await received(i.btc, i.bobRefund);
    const btcExpected = o === 'refunded' ? -(fee('lock') + fee('cancel') + fee('refund')) : -(i.btcSats + fee('lock'));
    const btcHow = o === 'refunded' ? `-(lock ${fee('lock')} + cancel ${fee('cancel')} + refund ${fee('refund')})` : `-(${i.btcSats} + lock ${fee('lock')})`;
    // His change: what came back to his refund address less his stake (what his funding put into the lock).
    lines.push(partyLine('bob', 'btc', 0n, back - lockIn, btcExpected, `${btcHow}; stake ${lockIn}, back ${back}`));
    const sweeps = i.states.bob?.sweepTxids ?? [];
    const sweepFee = o === 'swapped' ? await xmrTxFees(i.xmr, sweeps) : 0n;
    const after = await xmrBalance(i.bobXmr);
    lines.push(partyLine('bob', 'xmr', 0n, after, o === 'swapped' ? i.xmrPiconero - sweepFee : 0n, o === 'swapped' ? `${i.xmrPiconero} - fee of his ${sweeps.length} sweep(s) ${sweepFee}` : 'nothing'));
  } else unaccounted.push(`bob: ${i.outcomes.bob}`);

  return { lines, gaps: lines.filter((l) => l.gap !== 0n), unaccounted };
}
