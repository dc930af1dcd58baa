// Alice's XMR funding wallets in the person's wallet (a taker selling XMR): per swap, a monero-wallet-rpc
// of its own on the person's monerod (the network's flags, a login of its own: the syncer's launcher)
// restores the swap's funding wallet from the signer's keys; the swap's client locks from it and
// sweeps back (xmr-funding-lock.ts), and this module polls its progress for the page.
// Invariants: the amount the person pays is fixed once, before the swap is backed up, and kept in the
// funding store beside the job's phases and the lock transfer (written before it is relayed); a
// wallet-rpc runs only while its swap still needs it (closed once the job is done: locked and swept,
// or returned); the keys go only to that wallet-rpc.
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import { moneroNetworkFor } from '../../shared/crypto/monero-address';
import { xmrFundingAddressOf } from '../../shared/crypto/xmr-funding-keys';
import type { Deal } from '../../shared/protocol/deal';
import { xmrFundingAmount } from '../../shared/protocol/xmr-funding';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { SwapSigner } from '../client/swap-signer';
import { FileFundingStore } from '../client/xmr-funding-store';
import { xmrFundingPort, type XmrFundingPort } from '../client/xmr-funding-lock';
import type { MoneroWalletRpc, XmrFundingWallet } from '../client/xmr-funding-wallet';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import { startWalletRpc, type WalletRpcProcess } from '../syncer/monero-wallet-session';
import type { XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { xmrFundingView, type FundingReading, type XmrFundingView } from './xmr-funding-view';
import type { WalletEndpoints } from './wallet-context';

/** How far below monerod's height the funding wallet starts scanning (the person may pay at once). */
const SCAN_MARGIN = 10;

export interface WalletXmrFundingOptions {
  readonly dataDir: string;
  readonly endpoints: WalletEndpoints;
  /** The syncer's Monero config: the wallet-rpc binary, flags, daemon login (its walletDir is not used). */
  readonly xmrConfig: XmrWorkerConfig;
  readonly signer: Pick<SwapSigner, 'xmrFundingKeys'>;
  readonly pollMs: number;
  readonly log: (line: string) => void;
}

export interface WalletXmrFunding {
  /** For the clients of Alice swaps. */
  readonly port: XmrFundingPort;
  /** Alice, before the swap is backed up: fix the amount to pay and where the wallet scans from. */
  prepare(deal: Deal): Promise<Result<void, AppError>>;
  /** Poll the swap's funding wallet for the page until its job is done. */
  watch(swapId: SwapId): void;
  /** Swaps with a funding record whose job is not done (to resume after a restart). */
  unfinished(): SwapId[];
  /** The page's part, from the last reading; null for swaps with no funding wallet. */
  view(swapId: string): XmrFundingView | null;
  stop(): Promise<void>;
}

export function walletXmrFunding(o: WalletXmrFundingOptions): WalletXmrFunding {
  const store = new FileFundingStore(path.join(o.dataDir, 'client', 'xmr-funding'));
  for (const f of store.unreadable) o.log(`xmr funding record ${f} is unreadable: left as it is; that swap's funding wallet is not resumed`);
  const network = moneroNetworkFor(o.endpoints.network);
  const cfg: XmrWorkerConfig = { ...o.xmrConfig, walletDir: path.join(o.dataDir, 'xmr-funding-wallets') };
  const procs = new Map<string, Promise<WalletRpcProcess>>();
  const rpcFor = (swapId: SwapId): Promise<MoneroWalletRpc> => {
    let p = procs.get(swapId);
    if (!p) procs.set(swapId, (p = startWalletRpc(cfg, `xmr-funding-${swapId}`)));
    p.catch(() => procs.delete(swapId));
    return p.then(serialRpc);
  };
  const inner = xmrFundingPort({ signer: o.signer, network, rpcFor, store });
  const wallets = new Map<string, Promise<Result<XmrFundingWallet, AppError>>>();
  const port: XmrFundingPort = {
    store,
    wallet(ref, fromHeight) {
      let w = wallets.get(ref.swapId);
      if (!w) wallets.set(ref.swapId, (w = inner.wallet(ref, fromHeight)));
      void w.then((r) => (r.ok ? undefined : wallets.delete(ref.swapId)));
      return w;
    },
  };
  const poller = progressPoller(o, store, port, async (swapId) => {
    wallets.delete(swapId);
    const p = procs.get(swapId);
    procs.delete(swapId);
    await (await p?.catch(() => null))?.close();
  });
  const addresses = new Map<string, string>();
  return {
    port,
    async prepare(deal) {
      if (deal.role !== 'alice') return ok(undefined);
      const keys = await o.signer.xmrFundingKeys({ swapId: deal.swapId, role: 'alice' });
      if (!keys.ok) return err(appError(keys.error.kind, keys.error.message));
      const address = xmrFundingAddressOf(keys.value, network);
      if (!address.ok) return err(appError('xmr-funding-bad-address', address.error.message));
      const est = await moneroFacts(o.endpoints);
      if (!est.ok) return est;
      const need = xmrFundingAmount(BigInt(deal.xmrAmount), est.value.fee);
      addresses.set(deal.swapId, address.value);
      await store.update(deal.swapId, { need: need.toString(), fromHeight: Math.max(0, est.value.height - SCAN_MARGIN) });
      return ok(undefined);
    },
    watch: (swapId) => void poller.watch(swapId, { swapId, role: 'alice' }, addresses),
    unfinished: () => store.swapIds().filter((id) => store.get(id)?.need !== undefined && store.get(id)?.phase.kind !== 'done') as SwapId[],
    view(swapId) {
      const rec = store.get(swapId);
      const address = addresses.get(swapId);
      return rec && address ? xmrFundingView(address, rec, poller.reading(swapId)) : null;
    },
    async stop() {
      poller.stop();
      await Promise.all([...procs.values()].map(async (p) => (await p.catch(() => null))?.close()));
      procs.clear();
    },
  };
}

/** One wallet-rpc call at a time: the page's poll and the lock job share the wallet. */
function serialRpc(p: WalletRpcProcess): MoneroWalletRpc {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    rpc<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const run = tail.then(async () => {
        const r = await p.client.call(method, params);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as T;
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

/** monerod's fee estimate (the reserve is priced from it) and height, from the person's first node. */
async function moneroFacts(e: WalletEndpoints): Promise<Result<{ fee: { perByte: bigint; quantizationMask: bigint }; height: number }, AppError>> {
  const login = e.xmr.login ? { auth: 'digest' as const, user: e.xmr.login.user, password: e.xmr.login.password } : {};
  const c = createJsonRpcClient({ url: e.xmr.daemonUrl, rpcPath: '/json_rpc', timeoutMs: 15_000, ...login });
  const [f, h] = await Promise.all([c.call('get_fee_estimate', {}), c.call('get_block_count', {})]);
  const fee = f.ok ? (f.value as { fee?: unknown; quantization_mask?: unknown }) : null;
  const count = h.ok ? (h.value as { count?: unknown }).count : null;
  if (!fee || typeof fee.fee !== 'number' || typeof count !== 'number') {
    return err(appError('xmr-node', `monerod gave no fee estimate or height (${!f.ok ? f.error.message : !h.ok ? h.error.message : 'unexpected answer'}): check the Monero node in Settings`));
  }
  const mask = typeof fee.quantization_mask === 'number' ? BigInt(fee.quantization_mask) : 0n;
  return ok({ fee: { perByte: BigInt(fee.fee), quantizationMask: mask }, height: count - 1 });
}

/** The page's readings: every watched swap's funding wallet polled until its job is done, then its wallet-rpc closed. */
function progressPoller(o: WalletXmrFundingOptions, store: FileFundingStore, port: XmrFundingPort, closeSwap: (swapId: string) => Promise<void>) {
  const readings = new Map<string, FundingReading>();
  const watched = new Map<string, { ref: { swapId: SwapId; role: 'alice' } }>();
  let busy = false;
  let stopped = false;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      for (const [swapId, w] of watched) await pollOne(swapId, w.ref);
    } finally {
      busy = false;
    }
  };
  const pollOne = async (swapId: string, ref: { swapId: SwapId; role: 'alice' }) => {
    const rec = store.get(swapId);
    if (!rec?.need) return;
    if (rec.phase.kind === 'done') {
      watched.delete(swapId);
      await closeSwap(swapId);
      return;
    }
    // After the lock left, the wallet holds only the reserve's rest: the reading before it stays.
    if (rec.lockTx && rec.phase.kind !== 'lock') return;
    const w = await port.wallet(ref, rec.fromHeight ?? 0);
    if (!w.ok) return void o.log(`xmr funding ${swapId.slice(0, 8)}: ${w.error.message}`);
    const p = await w.value.progress(BigInt(rec.need));
    if (!p.ok) return;
    if (!readings.has(swapId)) o.log(`xmr funding ${swapId.slice(0, 8)}: wallet open, ${p.value.kind} (${rec.need} piconero to pay)`);
    readings.set(swapId, { progress: p.value });
  };
  const timer = setInterval(() => void tick(), o.pollMs);
  timer.unref();
  return {
    async watch(swapId: SwapId, ref: { swapId: SwapId; role: 'alice' }, addresses: Map<string, string>) {
      if (!addresses.has(swapId)) {
        const keys = await o.signer.xmrFundingKeys(ref);
        const a = keys.ok ? xmrFundingAddressOf(keys.value, moneroNetworkFor(o.endpoints.network)) : null;
        if (a?.ok) addresses.set(swapId, a.value);
      }
      watched.set(swapId, { ref });
    },
    reading: (swapId: string) => readings.get(swapId),
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
