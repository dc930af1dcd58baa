// The person's wallet service on the regtest sandbox, as the app itest files open it: the sandbox's
// nodes (or others), its maker and control, an in-process signer with a fixed seed, and a wait for a
// swap view. One place, so each itest says only what differs.
import path from 'node:path';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import type { SwapView } from '../../shared/ipc/channels';
import { ClientBackup, fileKeyValueStore } from '../../electron/app/client-backup';
import type { WalletEndpoints } from '../../electron/app/wallet-context';
import { startWalletService, type WalletService, type WalletServiceOptions } from '../../electron/app/wallet-service';
import { FileMemoStore } from '../../electron/client/client-memo';
import { HeadlessClient } from '../../electron/client/headless-client';
import { inProcessSignerWithSeed, type SwapSigner } from '../../electron/client/swap-signer';
import { sandboxControl, type SandboxInfo } from '../../electron/sandbox/sandbox-info';

/** The sandbox's Bitcoin chain (litecoind regtest). */
export const sandboxBtcChain = { network: BTC_NETWORKS['litecoin-regtest'] };

export interface SandboxWalletOptions {
  readonly dataDir: string;
  readonly sandbox: SandboxInfo;
  /** The wallet seed (the signer's); a fixed one keeps the swap keys the same across reopenings. */
  readonly seed: Uint8Array;
  /** Other endpoints than the sandbox's own (e.g. a node list for failover). */
  readonly endpoints?: Partial<WalletEndpoints>;
  /** Wraps the signer (e.g. to count its calls). */
  readonly signer?: (inner: SwapSigner) => SwapSigner;
  /** The wallet's and its clients' log lines (event, detail). */
  readonly log?: (event: string, detail?: string) => void;
  /** The Nostr offer book and the Nostr signer the person's offers are announced with (absent: none, as before). */
  readonly nostr?: Pick<WalletServiceOptions, 'book' | 'nostrSigner'>;
}

export async function openSandboxWallet(o: SandboxWalletOptions): Promise<WalletService> {
  const info = o.sandbox;
  const inner = inProcessSignerWithSeed(o.seed);
  const signer = o.signer ? o.signer(inner) : inner;
  const r = await startWalletService({
    dataDir: o.dataDir,
    endpoints: { network: 'regtest', btcNetwork: sandboxBtcChain.network, btc: info.btc, xmr: info.xmr, ...o.endpoints },
    backup: new ClientBackup(fileKeyValueStore(o.dataDir)),
    sandbox: { info, control: sandboxControl(info) },
    pollMs: 250,
    // Alice's swaps pay the XMR lock from their own funding wallet, as in the app.
    xmrFundingSigner: signer,
    makeClient: (wallet, extras) => new HeadlessClient({ signer, chain: sandboxBtcChain, wallet, memo: new FileMemoStore(path.join(o.dataDir, 'client')), ...extras, ...(o.log ? { log: o.log } : {}) }),
    ...(o.log ? { log: (l: string) => o.log?.('wallet', l) } : {}),
    ...o.nostr,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Polls the swap's view until `cond` holds; the timeout names what was awaited and the last stage. */
export async function untilSwap(w: WalletService, swapId: string, cond: (v: SwapView) => boolean, what: string, ms = 180_000): Promise<SwapView> {
  const t0 = Date.now();
  let last: SwapView | null = null;
  while (Date.now() - t0 < ms) {
    const v = await w.getSwap(swapId);
    if (v.ok) {
      last = v.value;
      if (cond(v.value)) return v.value;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timeout waiting for ${what}; last stage: ${last?.summary.stage ?? 'none'}`);
}
