// The crash matrix on real regtest nodes: the taker (Bob, who locks BTC first) runs in a child
// process that SIGKILLs itself right after transcript entry n is durable (before performing that
// step's outputs); it is restarted, recovers from its transcript, and the swap must still end in an
// allowed outcome with every coin where it belongs. The maker (Alice) runs in this process; peer
// messages are relayed at least once (the deciders drop what they already have).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { toHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import type { Deal } from '../../shared/protocol/deal';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import { appError, err } from '../../shared/result';
import { MemoryMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type FundedWallet, type WalletRpc, type XmrRegtest } from '../regtest';
import type { ChildMessage, PartyConfig } from './party-child';
import { startSwapNode } from './swap-node';
import { payXmrOnce } from './xmr-wallet-payer';

const CHILD = fileURLToPath(new URL('./party-child.ts', import.meta.url));
const chain = { network: BTC_NETWORKS['litecoin-regtest'], feeRateSatPerKvB: 2000n };
const BTC = 1_000_000n;
const XMR = 1_000_000_000_000n;

export interface PointResult {
  readonly crashAfter: number | null;
  readonly crashed: boolean;
  readonly alice: string;
  readonly bob: string;
  readonly recovered: boolean;
  readonly fundsLost: boolean;
  readonly detail: string;
  readonly sec: number;
}

export interface MatrixEnv {
  readonly btc: BtcRegtest;
  readonly xmr: XmrRegtest;
  readonly aliceXmr: FundedWallet;
  readonly bobDest: { w: WalletRpc; address: string };
  readonly work: string;
  stop(): Promise<void>;
}

export async function startMatrixEnv(): Promise<MatrixEnv> {
  const [btc, xmr] = await Promise.all([startBtcRegtest(), startXmrRegtest()]);
  const aliceXmr = await xmr.fundedWallet(40n * XMR);
  const w = await xmr.startWalletRpc();
  await w.rpc('create_wallet', { filename: 'bob-dest', language: 'English' });
  const address = (await w.rpc<{ address: string }>('get_address', { account_index: 0 })).address;
  const work = mkdtempSync(path.join(os.tmpdir(), 'fc-crash-'));
  return {
    btc,
    xmr,
    aliceXmr,
    bobDest: { w, address },
    work,
    async stop() {
      await Promise.allSettled([w.stop(), aliceXmr.wallet.stop()]);
      await Promise.allSettled([btc.stop(), xmr.stop()]);
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** One swap; Bob's process is killed after entry `crashAfter` (null: no crash, the reference run). */
export async function runPoint(env: MatrixEnv, crashAfter: number | null, onStep?: (lastSeq: number, kinds: string[]) => void, say: (s: string) => void = () => undefined): Promise<PointResult> {
  const t0 = performance.now();
  const { btc, xmr } = env;
  const swapId = randomBytes(16).toString('hex') as SwapId;
  const dir = path.join(env.work, swapId);
  const deal = (role: 'alice' | 'bob'): Deal => ({ swapId, role, btcAmount: BTC.toString(), xmrAmount: XMR.toString(), cancelTimelock: 60, punishTimelock: 80, finalityBtc: 1, finalityXmr: 1, safety: 3 });
  const alicePayout = await btc.newAddress('bech32');
  const bobRefund = await btc.newAddress('bech32');
  await env.bobDest.w.rpc('refresh', {});
  const bobXmrBefore = BigInt((await env.bobDest.w.rpc<{ balance: number }>('get_balance', { account_index: 0 })).balance);

  let mining = true;
  const miner = (async () => {
    while (mining) {
      await Promise.all([btc.mine(1).catch(() => undefined), xmr.mine(1).catch(() => undefined)]);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  const outcomes = new Map<string, string>();
  let child: ChildProcess | null = null;
  let crashed = false;
  const toBob: PeerMessage[] = [];
  const aliceClient = new HeadlessClient({
    signer: inProcessSignerWithSeed(new Uint8Array(randomBytes(32))),
    chain,
    memo: new MemoryMemoStore(),
    wallet: {
      btcAddress: async () => alicePayout,
      xmrDestination: async () => env.aliceXmr.address,
      xmrHeight: () => xmr.height(),
      fundingVout: async () => err(appError('no-funding', 'Alice never funds BTC')),
      payXmr: (address, piconero) => payXmrOnce(env.aliceXmr.wallet, address, piconero),
    },
  });
  await aliceClient.register(deal('alice'));
  const alice = await startSwapNode({
    name: 'alice',
    dataDir: path.join(dir, 'alice'),
    chain,
    client: aliceClient,
    btc: btcCfg(btc),
    xmr: xmrCfg(xmr, path.join(dir, 'alice-wallets')),
    peer: {
      send: (_id, msg) => {
        toBob.push(msg);
        child?.send({ type: 'peer', msg });
      },
    },
    onNote: (_id, n) => (n.kind === 'outcome' ? outcomes.set('alice', n.outcome) : n.kind === 'halted' ? outcomes.set('alice', `halted: ${n.error.message}`) : undefined),
  });
  if (!alice.ok) throw new Error(alice.error.message);

  const bobCfg = (mode: 'create' | 'recover', crash: number | null): PartyConfig => ({
    mode,
    dataDir: path.join(dir, 'bob'),
    seedHex: bobSeed,
    deal: deal('bob'),
    offer: 'crash-matrix',
    btc: btcCfg(btc),
    xmr: xmrCfg(xmr, path.join(dir, 'bob-wallets')),
    wallet: { url: btc.rpcUrl, user: btc.rpcUser, password: btc.rpcPassword, wallet: btc.walletName, btcAddress: bobRefund, xmrDestination: env.bobDest.address, xmrHeightUrl: xmr.daemonUrl },
    crashAfterRecord: crash,
  });
  const bobSeed = toHex(new Uint8Array(randomBytes(32)));
  const spawnBob = (mode: 'create' | 'recover', crash: number | null) => {
    const c = fork(CHILD, [JSON.stringify(bobCfg(mode, crash))], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    c.on('message', (m: ChildMessage) => {
      if (m.type === 'peer') void alice.value.daemon.onPeerMessage(swapId, m.msg);
      else if (m.type === 'outcome') outcomes.set('bob', m.outcome);
      else if (m.type === 'step') onStep?.(m.lastSeq, m.kinds);
      else if (m.type === 'log') say(`[bob] ${m.line}`);
      else if (m.type === 'ready') for (const msg of toBob) c.send({ type: 'peer', msg });
    });
    c.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL' && c === child && !crashed) {
        crashed = true;
        say(`[bob] killed after entry ${crash}; restarting`);
        child = spawnBob('recover', null);
      }
    });
    return c;
  };
  child = spawnBob('create', crashAfter);
  const created = await alice.value.daemon.createSwap(deal('alice'), null);
  if (!created.ok) throw new Error(created.error.message);

  const deadline = performance.now() + 240_000;
  let detail = '';
  while (!(outcomes.has('alice') && outcomes.has('bob'))) {
    if (performance.now() > deadline) {
      detail = `timeout: alice=${outcomes.get('alice') ?? 'running'} bob=${outcomes.get('bob') ?? 'running'}`;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  mining = false;
  await miner;
  const a = outcomes.get('alice') ?? 'running';
  const b = outcomes.get('bob') ?? 'running';
  const received = async (addr: string) => BigInt(Math.round(Number(await btc.rpc<number>('getreceivedbyaddress', [addr, 0])) * 1e8));
  let lost: boolean;
  if (a === 'swapped' && b === 'swapped') {
    await env.bobDest.w.rpc('refresh', {});
    const after = BigInt((await env.bobDest.w.rpc<{ balance: number }>('get_balance', { account_index: 0 })).balance);
    const btcOk = (await received(alicePayout)) > BTC - 5_000n;
    const xmrOk = after - bobXmrBefore > XMR - 20_000_000_000n;
    lost = !btcOk || !xmrOk;
    detail ||= `alice +${await received(alicePayout)} sats, bob +${after - bobXmrBefore} piconero`;
  } else if (b === 'refunded') {
    const got = await received(bobRefund);
    lost = got < BTC - 10_000n;
    detail ||= `bob refunded ${got} sats`;
  } else {
    lost = true; // a stuck or halted swap after a crash is counted as funds at risk
    detail ||= `unexpected outcomes alice=${a} bob=${b}`;
  }
  child?.send({ type: 'stop' });
  await new Promise((r) => setTimeout(r, 1500));
  child?.kill('SIGKILL');
  await alice.value.stop();
  const allowed = (a === 'swapped' && b === 'swapped') || (a === 'refunded' && b === 'refunded');
  return { crashAfter, crashed, alice: a, bob: b, recovered: allowed, fundsLost: lost, detail, sec: Math.round((performance.now() - t0) / 100) / 10 };
}

const btcCfg = (btc: BtcRegtest) =>
  ({ chain: 'btc', rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword, feeTargetBlocks: 2, pollMs: 100, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 1_000 }) as const;
const xmrCfg = (xmr: XmrRegtest, walletDir: string) =>
  ({ chain: 'xmr', daemonUrl: xmr.daemonUrl, walletRpcBin: 'monero-wallet-rpc', walletDir, walletRpcStartTimeoutMs: 60_000, pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 1_000 }) as const;
