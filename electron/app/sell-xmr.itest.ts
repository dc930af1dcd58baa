// Issue 20 item 1 through the person's wallet on real regtest nodes: the person sells XMR (Alice, the
// taker) to the sandbox maker buying it (Bob, funding his BTC lock from the sandbox's BTC wallet). The
// XMR comes from the swap's own funding wallet (a wallet-rpc of the person's wallet, keys from its
// signer): 'fund-from-sandbox' pays its address the exact amount once; the view's xmrFunding shows
// the payment waiting, confirming x/10, ready, then locked. A short funding is aborted and swept back
// to the person's XMR refund address (returned). One sandbox and one wallet serve every case.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwapView } from '../../shared/ipc/channels';
import { openSandboxWallet, sandboxBtcChain, untilSwap } from '../../rigs/app/sandbox-wallet';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-service';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import { startWalletRpc, type WalletRpcProcess } from '../syncer/monero-wallet-session';
import { workerConfigs } from './wallet-configs';
import type { WalletService } from './wallet-service';

const XMR_PICO = 1_000_000_000_000n;
let work: string;
let sandbox: Sandbox;
let wallet: WalletService;
/** The person's own XMR wallet (refund address per case: a subaddress each). */
let mine: WalletRpcProcess;
const sandboxLines: string[] = [];
const walletLines: string[] = [];
const t0 = Date.now();

const rpc = async <T>(p: WalletRpcProcess, method: string, params: Record<string, unknown> = {}): Promise<T> => {
  const r = await p.client.call(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
};

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'fc-sell-xmr-'));
  sandbox = await startSandbox({ dir: path.join(work, 'sandbox'), blockMs: 500, say: (l) => sandboxLines.push(`${((Date.now() - t0) / 1000).toFixed(1)} ${l}`) });
  console.log(`sell-xmr.itest: sandbox up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const endpoints = { network: 'regtest' as const, btcNetwork: sandboxBtcChain.network, btc: sandbox.info.btc, xmr: sandbox.info.xmr };
  const cfg = { ...workerConfigs(path.join(work, 'mine'), endpoints, 250).xmr };
  [wallet, mine] = await Promise.all([
    openSandboxWallet({ dataDir: path.join(work, 'wallet'), sandbox: sandbox.info, seed: new Uint8Array(32).fill(11), log: (e, d) => walletLines.push(`${e} ${d ?? ''}`) }),
    startWalletRpc(cfg, 'mine'),
  ]);
  // Under load, create_wallet can outlast the client's 60 s: the file is then there, open it.
  const made = await mine.client.call('create_wallet', { filename: 'mine', language: 'English' });
  for (let i = 0; !made.ok && i < 30 && !(await mine.client.call('open_wallet', { filename: 'mine', password: '' })).ok; i++) await new Promise((r) => setTimeout(r, 2000));
  console.log(`sell-xmr.itest: sandbox and wallet up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}, 240_000);
afterAll(async () => {
  await Promise.race([Promise.all([wallet?.stop(), mine?.close()]), new Promise((r) => setTimeout(r, 30_000))]);
  await Promise.race([sandbox?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
  console.log(`sell-xmr.itest: ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
  rmSync(work, { recursive: true, force: true });
});

/** A fresh subaddress of the person's own XMR wallet, and what arrived at it. */
async function refundAddress(): Promise<{ address: string; received: () => Promise<bigint> }> {
  const a = await rpc<{ address: string; address_index: number }>(mine, 'create_address', { account_index: 0 });
  return {
    address: a.address,
    async received() {
      await rpc(mine, 'refresh');
      const t = await rpc<{ in?: Array<{ amount: number | string; subaddr_index: { minor: number } }>; pool?: Array<{ amount: number | string; subaddr_index: { minor: number } }> }>(mine, 'get_transfers', { in: true, pool: true });
      return [...(t.in ?? []), ...(t.pool ?? [])].filter((x) => x.subaddr_index.minor === a.address_index).reduce((s, x) => s + BigInt(x.amount), 0n);
    },
  };
}

/** A new BTC address of the sandbox's node wallet, and what it received (unconfirmed too). */
async function payoutAddress(): Promise<{ address: string; received: () => Promise<bigint> }> {
  const c = createJsonRpcClient({ url: sandbox.info.btc.rpcUrl, rpcPath: '/wallet/w', user: sandbox.info.btc.rpcUser, password: sandbox.info.btc.rpcPassword });
  const call = async <T>(m: string, p: unknown[]) => {
    const r = await c.call(m, p);
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.value as T;
  };
  const address = await call<string>('getnewaddress', ['', 'bech32']);
  return { address, received: async () => BigInt(Math.round((await call<number>('getreceivedbyaddress', [address, 0])) * 1e8)) };
}

/** Take a maker-Bob sandbox offer as Alice (refund path: the maker never funds its BTC lock); the swap id. */
async function sellXmr(btcAddress: string, xmrAddress: string, refundPath = false): Promise<string> {
  const offer = refundPath ? await sandbox.newOffer({ makerRole: 'bob', lockXmr: false }).then((r) => (r.ok ? { ok: true as const, value: { offer: r.value } } : r)) : await wallet.sandboxOffer({ makerRole: 'bob' });
  if (!offer.ok) throw new Error(offer.error.message);
  const review = await wallet.reviewOffer(offer.value.offer);
  if (!review.ok) throw new Error(review.error.message);
  const started = await wallet.startSwap({ offer: offer.value.offer, btcAddress, xmrAddress });
  if (!started.ok) throw new Error(started.error.message);
  return started.value.swapId;
}

/** Poll the view until `cond`, recording every xmrFunding state seen on the way. */
async function until(id: string, cond: (v: SwapView) => boolean, what: string, states: string[], ms = 180_000): Promise<SwapView> {
  return untilSwap(wallet, id, (v) => {
    const s = v.xmrFunding?.state;
    if (s && states.at(-1) !== s) states.push(s);
    return cond(v);
  }, what, ms);
}

const makerSaw = (id: string, outcome: string) => sandboxLines.some((l) => l.includes(`maker swap ${id.slice(0, 8)}: ${outcome}`));

describe('the person sells XMR from the swap\'s funding wallet (sandbox maker buys)', () => {
  let happy: { id: string; address: string; piconero: bigint; txid: string } | null = null;

  it('fund-from-sandbox pays the funding address; waiting -> confirming -> ready -> locked; swapped on both sides; the BTC arrives', async () => {
    const t = Date.now();
    const payout = await payoutAddress();
    const refund = await refundAddress();
    const id = await sellXmr(payout.address, refund.address);
    const states: string[] = [];
    const shown = await until(id, (v) => !!v.xmrFunding, 'the XMR funding address', states);
    const f = shown.xmrFunding!;
    expect(f.state).toBe('waiting');
    expect(f.target).toBe(10);
    expect(f.received).toBe('0');
    expect(BigInt(f.piconero)).toBeGreaterThan(XMR_PICO); // the 1 XMR lock plus the fee reserve
    expect(BigInt(f.piconero)).toBeLessThan(XMR_PICO + 10_000_000_000n);
    expect(shown.asks.some((a) => a.id === 'lock-xmr')).toBe(false); // the funding wallet pays the lock itself
    // Paid once the funding wallet reads its progress (opening it under load can outlast 10 blocks of 0.5 s).
    for (let i = 0; i < 240 && !walletLines.some((l) => l.includes(`xmr funding ${id.slice(0, 8)}: wallet open`)); i++) await new Promise((r) => setTimeout(r, 250));
    const paid = await wallet.act(id, 'fund-from-sandbox');
    if (!paid.ok) throw new Error(paid.error.message);
    const txid = walletLines.map((l) => /sandbox paid \d+ piconero to the XMR funding address \S+: ([0-9a-f]{64})/.exec(l)?.[1]).find((x) => x);
    happy = { id, address: f.address, piconero: BigInt(f.piconero), txid: txid ?? 'none' };
    const locked = await until(id, (v) => v.xmrFunding?.state === 'locked', 'the lock from the funding wallet', states);
    expect(locked.xmrFunding?.received).toBe(f.piconero);
    const done = await until(id, (v) => v.summary.outcome !== 'running', 'the outcome', states);
    expect(done.summary.outcome).toBe('swapped');
    expect(done.xmrFunding?.state).toBe('locked');
    expect(states.filter((s) => s !== 'short')).toEqual(['waiting', 'confirming', 'ready', 'locked']);
    for (let i = 0; i < 120 && !makerSaw(id, 'swapped'); i++) await new Promise((r) => setTimeout(r, 500));
    expect(makerSaw(id, 'swapped')).toBe(true);
    // The BTC: the lock amount less Alice's buy fee, at the payout address she gave.
    for (let i = 0; i < 60 && (await payout.received()) === 0n; i++) await new Promise((r) => setTimeout(r, 500));
    const btc = await payout.received();
    expect(btc).toBeGreaterThan(990_000n);
    expect(btc).toBeLessThan(1_000_000n);
    console.log(`sell-xmr.itest: happy ${((Date.now() - t) / 1000).toFixed(1)} s, states ${states.join(' -> ')}, paid ${f.piconero} piconero, BTC received ${btc} sats`);
  }, 300_000);

  it('a second fund-from-sandbox is refused with a typed error and pays nothing', async () => {
    if (!happy) throw new Error('the happy case did not fund');
    const again = await wallet.act(happy.id, 'fund-from-sandbox');
    expect(again.ok ? 'ok' : again.error.kind).toBe('already-funded');
    // The sandbox's payer is once per address too: asked directly, it names the first payment.
    const direct = await sandbox.payXmr(happy.address, happy.piconero);
    expect(direct.ok && direct.value).toBe(happy.txid);
    const v = await wallet.getSwap(happy.id);
    expect(v.ok && v.value.xmrFunding?.received).toBe(happy.piconero.toString());
  });

  it('a short funding, aborted by the person: the swap ends aborted and the XMR comes back (returned)', async () => {
    const t = Date.now();
    const payout = await payoutAddress();
    const refund = await refundAddress();
    // The maker never funds its BTC here, so the person can still abort once the short payment shows.
    const id = await sellXmr(payout.address, refund.address, true);
    const states: string[] = [];
    const shown = await until(id, (v) => !!v.xmrFunding, 'the XMR funding address', states);
    const half = BigInt(shown.xmrFunding!.piconero) / 2n;
    const paid = await sandbox.payXmr(shown.xmrFunding!.address, half);
    if (!paid.ok) throw new Error(paid.error.message);
    const short = await until(id, (v) => v.xmrFunding?.state === 'short' && v.abort.allowed, 'the short payment, abortable', states);
    expect(short.xmrFunding?.received).toBe(half.toString());
    const refused = await wallet.act(id, 'fund-from-sandbox');
    expect(refused.ok ? 'ok' : refused.error.kind).toBe('already-funded');
    const aborted = await wallet.act(id, 'abort');
    if (!aborted.ok) throw new Error(aborted.error.message);
    const back = await until(id, (v) => v.summary.outcome !== 'running' && v.xmrFunding?.state === 'returned', 'aborted and returned', states, 120_000);
    expect(back.summary.outcome).toBe('aborted');
    let got = 0n;
    for (let i = 0; i < 60 && (got = await refund.received()) === 0n; i++) await new Promise((r) => setTimeout(r, 500));
    expect(got).toBeLessThan(half);
    expect(got).toBeGreaterThan(half - 10_000_000_000n); // a sweep fee well under 0.01 XMR
    expect(await payout.received()).toBe(0n);
    console.log(`sell-xmr.itest: short + abort ${((Date.now() - t) / 1000).toFixed(1)} s, states ${states.join(' -> ')}, paid ${half}, back ${got}`);
  }, 200_000);
});
