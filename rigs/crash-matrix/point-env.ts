// The crash matrix's chains and wallets for points run side by side. One litecoind, one monerod and one steady miner serve every
// point; each point gets wallets of its own (BTC: two new litecoind wallets, Bob's funded; XMR: an
// account of Alice's funded wallet, leased from a pool, and a new account of Bob's destination
// wallet), so points can run side by side and each party's balance is its own. Blocks are mined to
// addresses outside them. The accounting against these balances is in party-accounting.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { MATRIX_BTC, MATRIX_XMR, type BtcWalletRef } from './crash-matrix-env';
import os from 'node:os';
import path from 'node:path';
import { startSteadyMiner } from '../../electron/regtest/steady-miner';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type FundedWallet, type WalletRpc, type XmrRegtest } from '../../electron/regtest';
import { createJsonRpcClient } from '../../electron/syncer/json-rpc-client';

export { MATRIX_BTC, MATRIX_XMR, type BtcWalletRef };


/** One point's own wallets: its parties' balances are theirs alone, so points can run side by side. */
export interface PointWallets {
  readonly btc: { readonly alice: BtcWalletRef; readonly bob: BtcWalletRef };
  /** Accounts of Alice's funded wallet and of Bob's destination wallet, with their primary addresses. */
  readonly xmr: { readonly alice: number; readonly aliceAddress: string; readonly bob: number; readonly bobAddress: string };
  /** Hands Alice's account back to the pool. */
  release(): void;
}

export interface PointEnv {
  readonly btc: BtcRegtest;
  readonly xmr: XmrRegtest;
  /** Alice's XMR: one wallet, one account per point in flight, each with unlocked outputs. */
  readonly aliceXmr: FundedWallet;
  readonly bobXmr: { readonly w: WalletRpc; readonly address: string };
  readonly work: string;
  /** Fresh BTC wallets (Bob's funded and confirmed), a leased Alice XMR account and a new Bob XMR account. */
  pointWallets(tag: string): Promise<PointWallets>;
  stop(): Promise<void>;
}

/** One party's balances, pending and immature included (BTC), locked included (XMR). */
export interface PartyFunds {
  readonly btcSats: bigint;
  readonly xmrPico: bigint;
}
export type FundsSnapshot = Readonly<Record<'alice' | 'bob', PartyFunds>>;

export async function btcWalletCall<T>(w: BtcWalletRef, method: string, params: unknown[] = []): Promise<T> {
  const c = createJsonRpcClient({ url: w.url, user: w.user, password: w.password, timeoutMs: 30_000, rpcPath: `/wallet/${w.wallet}` });
  const r = await c.call(method, params);
  if (!r.ok) throw new Error(`${w.wallet} ${method}: ${r.error.message}`);
  return r.value as T;
}

const sats = (btc: number) => BigInt(Math.round(btc * 1e8));
/** Blocks on both chains every BLOCK_MS for as long as the env lives: one miner for every point (monerod refuses two at once). */
const BLOCK_MS = 500;

/**
 * `aliceXmrAccounts`: Alice's accounts (points in flight at once; the sequential CLI reuses them in turn),
 * each given two unlocked outputs of 10 XMR (a point spends one MATRIX_XMR; its change unlocks 10 blocks later).
 */
export async function startPointEnv(opts: { aliceXmrAccounts?: number } = {}): Promise<PointEnv> {
  const [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
  const accounts = opts.aliceXmrAccounts ?? 4;
  const perOutput = 10n * MATRIX_XMR;
  const aliceXmr = await xmr.fundedWallet(BigInt(accounts) * 2n * perOutput + MATRIX_XMR);
  const pool: Array<{ index: number; address: string }> = [];
  for (let i = 0; i < accounts; i++) pool.push(await aliceXmr.wallet.rpc<{ account_index: number; address: string }>('create_account', { label: `point-${i}` }).then((a) => ({ index: a.account_index, address: a.address })));
  await aliceXmr.wallet.rpc('transfer', { destinations: pool.flatMap((a) => [{ amount: Number(perOutput), address: a.address }, { amount: Number(perOutput), address: a.address }]) });
  // Bury past the 10-block unlock.
  await xmr.mine(12);
  await aliceXmr.wallet.rpc('refresh', {});
  const w = await xmr.startWalletRpc();
  await w.rpc('create_wallet', { filename: 'bob-dest', language: 'English' });
  const address = (await w.rpc<{ address: string }>('get_address', { account_index: 0 })).address;
  const work = mkdtempSync(path.join(os.tmpdir(), 'fc-crash-'));
  const miner = startSteadyMiner(btc, xmr, BLOCK_MS);
  const waiters: Array<() => void> = [];
  let walletSeq = 0;
  const ref = (wallet: string): BtcWalletRef => ({ url: btc.rpcUrl, user: btc.rpcUser, password: btc.rpcPassword, wallet });
  return {
    btc,
    xmr,
    aliceXmr,
    bobXmr: { w, address },
    work,
    async pointWallets(tag) {
      const n = walletSeq++;
      const wallets = { alice: ref(`alice-${n}`), bob: ref(`bob-${n}`) };
      for (const x of [wallets.alice, wallets.bob]) await btc.rpc('createwallet', [x.wallet]);
      const bobFunding = await btcWalletCall<string>(wallets.bob, 'getnewaddress', ['', 'bech32']);
      await btc.sendTo(bobFunding, 3n * MATRIX_BTC);
      // Bob funds his lock from confirmed coins: wait for the steady miner to bury his.
      for (let i = 0; ; i++) {
        const b = await btcWalletCall<{ mine: { trusted: number } }>(wallets.bob, 'getbalances');
        if (sats(b.mine.trusted) >= 3n * MATRIX_BTC) break;
        if (i > 120) throw new Error(`${tag}: Bob's BTC funding not confirmed in 60 s`);
        await new Promise((r) => setTimeout(r, 500));
      }
      while (pool.length === 0) await new Promise<void>((r) => waiters.push(r));
      const alice = pool.shift()!;
      const bob = await w.rpc<{ account_index: number; address: string }>('create_account', { label: tag });
      let released = false;
      return {
        btc: wallets,
        xmr: { alice: alice.index, aliceAddress: alice.address, bob: bob.account_index, bobAddress: bob.address },
        release() {
          if (released) return;
          released = true;
          // A full matrix makes ~100 wallets: litecoind scans every block for each loaded one.
          for (const x of [wallets.alice, wallets.bob]) void btc.rpc('unloadwallet', [x.wallet]).catch(() => undefined);
          pool.push(alice);
          waiters.shift()?.();
        },
      };
    },
    async stop() {
      await miner.stop();
      await Promise.allSettled([w.stop(), aliceXmr.wallet.stop()]);
      await Promise.allSettled([btc.stop(), xmr.stop()]);
      // FCSWAP_KEEP_WORK=1 keeps every point's data dirs (transcripts, wallets) to read a failure.
      if (process.env['FCSWAP_KEEP_WORK']) console.log(`crash matrix work kept in ${work}`);
      else rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Waits (up to `ms`) until no tx of the point's wallets is unconfirmed, so their balances are settled. */
export async function settlePoint(env: PointEnv, pw: PointWallets, ms = 60_000): Promise<boolean> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    let pending = false;
    for (const x of [pw.btc.alice, pw.btc.bob]) {
      const b = await btcWalletCall<{ mine: { untrusted_pending: number } }>(x, 'getbalances');
      if (b.mine.untrusted_pending !== 0) pending = true;
      const txs = await btcWalletCall<Array<{ confirmations: number }>>(x, 'listtransactions', ['*', 50]);
      if (txs.some((t) => t.confirmations < 1)) pending = true;
    }
    await env.aliceXmr.wallet.rpc('refresh', {});
    await env.bobXmr.w.rpc('refresh', {});
    for (const [wr, account] of [[env.aliceXmr.wallet, pw.xmr.alice], [env.bobXmr.w, pw.xmr.bob]] as const) {
      const t = await wr.rpc<{ pending?: unknown[]; pool?: unknown[] }>('get_transfers', { pending: true, pool: true, account_index: account });
      if ((t.pending ?? []).length > 0 || (t.pool ?? []).length > 0) pending = true;
    }
    if (!pending) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** Each party's balances on both chains, from the nodes (litecoind wallets, monero-wallet-rpc accounts). */
export async function snapshotFunds(env: PointEnv, pw: PointWallets): Promise<FundsSnapshot> {
  const btcOf = async (x: BtcWalletRef) => {
    const b = await btcWalletCall<{ mine: { trusted: number; untrusted_pending: number; immature: number } }>(x, 'getbalances');
    return sats(b.mine.trusted) + sats(b.mine.untrusted_pending) + sats(b.mine.immature);
  };
  const xmrOf = async (wr: WalletRpc, account: number) => {
    await wr.rpc('refresh', {});
    return BigInt((await wr.rpc<{ balance: number }>('get_balance', { account_index: account })).balance);
  };
  return {
    alice: { btcSats: await btcOf(pw.btc.alice), xmrPico: await xmrOf(env.aliceXmr.wallet, pw.xmr.alice) },
    bob: { btcSats: await btcOf(pw.btc.bob), xmrPico: await xmrOf(env.bobXmr.w, pw.xmr.bob) },
  };
}
