// The crash matrix's chains and wallets, and its no-coin-lost check. Both parties keep their coins
// in wallets of their own (BTC: wallets `alice` and `bob` on litecoind; XMR: Alice's funded wallet
// and Bob's destination wallet); blocks are mined to addresses outside them. Invariant checked per
// chain and per run: the parties' summed balance before == after + the fees of every tx mined in
// the run (BTC: getblockstats totalfee; XMR: get_coinbase_tx_sum fee_amount) [+ in the punish path
// Alice's XMR, locked in the joint address for good — the protocol's price of Bob vanishing].
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type FundedWallet, type WalletRpc, type XmrRegtest } from '../../electron/regtest';
import { createJsonRpcClient } from '../../electron/syncer/json-rpc-client';

export const MATRIX_BTC = 1_000_000n;
export const MATRIX_XMR = 1_000_000_000_000n;

export interface BtcWalletRef {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly wallet: string;
}

export interface MatrixEnv {
  readonly btc: BtcRegtest;
  readonly xmr: XmrRegtest;
  readonly btcWallets: { readonly alice: BtcWalletRef; readonly bob: BtcWalletRef };
  /** Alice's XMR: several unlocked outputs, so concurrent locks never wait for change. */
  readonly aliceXmr: FundedWallet;
  readonly bobXmr: { readonly w: WalletRpc; readonly address: string };
  readonly work: string;
  newAddress(who: 'alice' | 'bob'): Promise<string>;
  stop(): Promise<void>;
}

export interface FundsSnapshot {
  readonly btcSats: bigint;
  readonly xmrPico: bigint;
  readonly btcHeight: number;
  readonly xmrHeight: number;
}

async function btcWalletCall<T>(w: BtcWalletRef, method: string, params: unknown[] = []): Promise<T> {
  const c = createJsonRpcClient({ url: w.url, user: w.user, password: w.password, timeoutMs: 30_000, rpcPath: `/wallet/${w.wallet}` });
  const r = await c.call(method, params);
  if (!r.ok) throw new Error(`${w.wallet} ${method}: ${r.error.message}`);
  return r.value as T;
}

const sats = (btc: number) => BigInt(Math.round(btc * 1e8));

/** Outputs per Alice XMR wallet: one lock each, with no wait for change to unlock. */
export async function startMatrixEnv(opts: { aliceXmrOutputs?: number } = {}): Promise<MatrixEnv> {
  const [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
  const ref = (wallet: string): BtcWalletRef => ({ url: btc.rpcUrl, user: btc.rpcUser, password: btc.rpcPassword, wallet });
  for (const w of ['alice', 'bob']) await btc.rpc('createwallet', [w]);
  const btcWallets = { alice: ref('alice'), bob: ref('bob') };
  const bobFunding = await btcWalletCall<string>(btcWallets.bob, 'getnewaddress', ['', 'bech32']);
  // Several outputs for Bob too: concurrent locks each pick one.
  for (let i = 0; i < 4; i++) await btc.sendTo(bobFunding, 3n * MATRIX_BTC * 10n);
  await btc.mine(1);

  const outputs = opts.aliceXmrOutputs ?? 6;
  // Every happy or punish run spends one MATRIX_XMR of Alice's: a full matrix runs ~50 of them.
  const perOutput = 20n * MATRIX_XMR;
  const aliceXmr = await xmr.fundedWallet(BigInt(outputs) * (perOutput + MATRIX_XMR));
  if (outputs > 1) {
    // Split into separate outputs (to herself) and bury them past the 10-block unlock.
    await aliceXmr.wallet.rpc('transfer', { destinations: Array.from({ length: outputs }, () => ({ amount: Number(perOutput), address: aliceXmr.address })) });
    await xmr.mine(12);
    await aliceXmr.wallet.rpc('refresh', {});
  }
  const w = await xmr.startWalletRpc();
  await w.rpc('create_wallet', { filename: 'bob-dest', language: 'English' });
  const address = (await w.rpc<{ address: string }>('get_address', { account_index: 0 })).address;
  const work = mkdtempSync(path.join(os.tmpdir(), 'fc-crash-'));
  return {
    btc,
    xmr,
    btcWallets,
    aliceXmr,
    bobXmr: { w, address },
    work,
    newAddress: (who) => btcWalletCall<string>(btcWallets[who], 'getnewaddress', ['', 'bech32']),
    async stop() {
      await Promise.allSettled([w.stop(), aliceXmr.wallet.stop()]);
      await Promise.allSettled([btc.stop(), xmr.stop()]);
      // FCSWAP_KEEP_WORK=1 keeps every point's data dirs (transcripts, wallets) to read a failure.
      if (process.env['FCSWAP_KEEP_WORK']) console.log(`crash matrix work kept in ${work}`);
      else rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Mines (outside the parties' wallets) until both mempools are empty, so every balance is settled. */
export async function settleChains(env: MatrixEnv): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const btcPool = await env.btc.rpc<string[]>('getrawmempool');
    const xmrPool = await env.xmr.daemonPost<{ tx_hashes?: string[] }>('/get_transaction_pool_hashes', {});
    if (btcPool.length === 0 && (xmrPool.tx_hashes ?? []).length === 0) return;
    await Promise.all([env.btc.mine(1), env.xmr.mine(1)]);
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('mempools did not empty within 20 blocks');
}

/** Both parties' balances on both chains (pending and immature included) at the current tips. */
export async function snapshotFunds(env: MatrixEnv): Promise<FundsSnapshot> {
  let btcSats = 0n;
  for (const w of [env.btcWallets.alice, env.btcWallets.bob]) {
    const b = await btcWalletCall<{ mine: { trusted: number; untrusted_pending: number; immature: number } }>(w, 'getbalances');
    btcSats += sats(b.mine.trusted) + sats(b.mine.untrusted_pending) + sats(b.mine.immature);
  }
  let xmrPico = 0n;
  for (const w of [env.aliceXmr.wallet, env.bobXmr.w]) {
    await w.rpc('refresh', {});
    xmrPico += BigInt((await w.rpc<{ balance: number }>('get_balance', { account_index: 0 })).balance);
  }
  return { btcSats, xmrPico, btcHeight: await env.btc.rpc<number>('getblockcount'), xmrHeight: await env.xmr.height() };
}

/** Fees of every tx mined after `from` up to the tips of `to`. */
export async function feesBetween(env: MatrixEnv, from: FundsSnapshot, to: FundsSnapshot): Promise<{ btcSats: bigint; xmrPico: bigint }> {
  let btcSats = 0n;
  for (let h = from.btcHeight + 1; h <= to.btcHeight; h++) btcSats += BigInt(await env.btc.rpc<number>('getblockstats', [h, ['totalfee']]).then((s) => (s as unknown as { totalfee: number }).totalfee));
  const count = to.xmrHeight - from.xmrHeight;
  const xmrPico = count > 0 ? BigInt((await env.xmr.daemonRpc<{ fee_amount: number }>('get_coinbase_tx_sum', { height: from.xmrHeight + 1, count })).fee_amount) : 0n;
  return { btcSats, xmrPico };
}

export interface FundsVerdict {
  readonly lost: boolean;
  readonly detail: string;
}

/** before == after + fees per chain; `xmrMayBeLocked`: Alice's lock may stay in the joint address (punish). */
export function checkFunds(before: FundsSnapshot, after: FundsSnapshot, fees: { btcSats: bigint; xmrPico: bigint }, xmrMayBeLocked: bigint): FundsVerdict {
  const btcGap = before.btcSats - after.btcSats - fees.btcSats;
  const xmrGap = before.xmrPico - after.xmrPico - fees.xmrPico;
  const lost = btcGap !== 0n || (xmrGap !== 0n && xmrGap !== xmrMayBeLocked);
  return { lost, detail: `btc fees ${fees.btcSats} sats gap ${btcGap}; xmr fees ${fees.xmrPico} pico gap ${xmrGap}${xmrGap !== 0n && xmrGap === xmrMayBeLocked ? ' (Alice\'s lock, punished)' : ''}` };
}
