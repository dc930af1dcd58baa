// One swap party of the crash matrix, the same code in the killable child (party-child.ts) and in
// the matrix process: its headless client (in-process signer from a test seed), its swap node with
// the persistent peer identity, and its real TLS link (the maker listens on the offer's port and
// serves its swaps there; the taker dials the offer). `create` starts the swap; `recover` is the
// restart: recoverAll + links re-established from the genesis offer. Test tooling, not a product path.
import path from 'node:path';
import { z } from 'zod';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { fromHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { parseOffer } from '../../shared/offer/offer';
import { DealSchema } from '../../shared/protocol/deal';
import { appError, err } from '../../shared/result';
import { BtcWorkerConfigSchema, XmrWorkerConfigSchema } from '../../shared/syncer/worker-protocol';
import { FileMemoStore } from '../../electron/client/client-memo';
import { HeadlessClient, type ClientWallet } from '../../electron/client/headless-client';
import { inProcessSignerWithSeed } from '../../electron/client/swap-signer';
import { PeerListener } from '../../electron/peer/peer-listener';
import { createJsonRpcClient } from '../../electron/syncer/json-rpc-client';
import { btcWalletPayer } from '../../electron/daemon/btc-wallet-payer';
import type { ClientNote, LogLine, TranscriptPort } from '../../electron/daemon/daemon-ports';
import type { SwapState } from '../../shared/protocol/state';
import { startSwapNode, type SwapNode } from '../../electron/daemon/swap-node';
import { payXmrOnce } from '../../electron/daemon/xmr-wallet-payer';
import { BOUNDARIES } from './crash-boundary';

/** Entry kinds whose step performs something (a crash right after it is where "persist before act" matters). */
export const ACTING_KINDS: readonly string[] = ['peer-out', 'client-request', 'btc-task', 'xmr-task', 'checkpoint'];

export const MATRIX_CHAIN = { network: BTC_NETWORKS['litecoin-regtest'] };

export const PartyConfigSchema = z.object({
  mode: z.enum(['create', 'recover']),
  dataDir: z.string(),
  /** Test-only: the wallet seed travels in the config so a killed process comes back with the same keys. */
  seedHex: z.string().regex(/^[0-9a-f]{64}$/),
  deal: DealSchema,
  offer: z.string(),
  /** Maker: listen on this port (the offer's address); taker: null. */
  listenPort: z.number().int().min(1).max(65535).nullable(),
  btc: BtcWorkerConfigSchema,
  xmr: XmrWorkerConfigSchema,
  wallet: z.object({
    btc: z.object({ url: z.string(), user: z.string(), password: z.string(), wallet: z.string() }),
    btcAddress: z.string(),
    xmrDestination: z.string(),
    xmrDaemonUrl: z.string(),
    /** Alice's XMR wallet-rpc; null: she never locks (the refund path). Bob: null. */
    xmrPayUrl: z.string().nullable(),
    /** The account of that wallet she pays from: each point has its own, so concurrent points never share a balance. */
    xmrPayAccount: z.number().int().min(0).default(0),
  }),
  crashAfterRecord: z.number().int().min(0).nullable(),
  /** Or: kill right after the n-th durable step that performs outputs (no reference run needed). */
  crashAtActingStep: z.number().int().min(1).nullable().default(null),
  /** Or: kill right after the first durable step after which the folded state is past this boundary (crash-boundary.ts). */
  crashAtBoundary: z.enum(BOUNDARIES).nullable().default(null),
  /** Punish path, Bob: his process exits once his lock is broadcast. */
  vanishAfterLock: z.boolean(),
});
export type PartyConfig = z.infer<typeof PartyConfigSchema>;

export interface PartyHooks {
  readonly wrapTranscript?: (t: TranscriptPort<SwapState>) => TranscriptPort<SwapState>;
  readonly onNote?: (note: ClientNote) => void;
  readonly log?: (l: LogLine & { node: string }) => void;
  readonly onVanish?: () => void;
}

export interface Party {
  readonly node: SwapNode;
  stop(): Promise<void>;
}

async function xmrHeight(url: string): Promise<number> {
  const r = await createJsonRpcClient({ url, rpcPath: '/json_rpc', timeoutMs: 10_000 }).call('get_block_count');
  if (!r.ok) throw new Error(`monerod get_block_count: ${r.error.message}`);
  return (r.value as { count: number }).count - 1;
}

function clientWallet(cfg: PartyConfig): ClientWallet {
  const base = { btcAddress: async () => cfg.wallet.btcAddress, xmrDestination: async () => cfg.wallet.xmrDestination, xmrHeight: () => xmrHeight(cfg.wallet.xmrDaemonUrl) };
  if (cfg.deal.role === 'bob') return { ...base, ...btcWalletPayer(cfg.wallet.btc) };
  const payUrl = cfg.wallet.xmrPayUrl;
  const xw = payUrl ? createJsonRpcClient({ url: payUrl, rpcPath: '/json_rpc', timeoutMs: 120_000 }) : null;
  return {
    ...base,
    fundingVout: async () => err(appError('no-funding', 'Alice never funds BTC')),
    ...(xw
      ? {
          payXmr: (address: string, piconero: bigint) =>
            payXmrOnce(
              {
                // Pay from, and look for earlier payments in, this point's own account.
                rpc: async <T>(m: string, p?: Record<string, unknown>) => {
                  const r = await xw.call(m, m === 'transfer' || m === 'get_transfers' ? { ...(p ?? {}), account_index: cfg.wallet.xmrPayAccount } : (p ?? {}));
                  if (!r.ok) throw new Error(`monero-wallet-rpc ${m}: ${r.error.message}`);
                  return r.value as T;
                },
              },
              address,
              piconero,
            ),
        }
      : {}),
  };
}

export async function startParty(cfg: PartyConfig, hooks: PartyHooks = {}): Promise<Party> {
  const swapId = cfg.deal.swapId as SwapId;
  const client = new HeadlessClient({
    signer: inProcessSignerWithSeed(fromHex(cfg.seedHex)),
    chain: MATRIX_CHAIN,
    memo: new FileMemoStore(path.join(cfg.dataDir, 'client')),
    wallet: clientWallet(cfg),
  });
  await client.register(cfg.deal);
  const node = await startSwapNode({
    name: cfg.deal.role,
    dataDir: path.join(cfg.dataDir, 'daemon'),
    chain: MATRIX_CHAIN,
    client,
    btc: cfg.btc,
    xmr: cfg.xmr,
    linkTiming: { backoffInitialMs: 100, backoffMaxMs: 1_000 },
    ...(hooks.wrapTranscript ? { wrapTranscript: hooks.wrapTranscript } : {}),
    ...(hooks.log ? { log: hooks.log } : {}),
    onNote: (_id, n) => hooks.onNote?.(n),
  });
  if (!node.ok) throw new Error(node.error.message);
  const n = node.value;
  let listener: PeerListener | null = null;
  if (cfg.listenPort !== null) {
    // A killed maker's port is free again at once (SO_REUSEADDR); a short retry covers a slow close.
    for (let i = 0; ; i++) {
      const l = await PeerListener.listen({ identity: n.identity, port: cfg.listenPort });
      if (l.ok) {
        listener = l.value;
        break;
      }
      if (i >= 50) throw new Error(l.error.message);
      await new Promise((r) => setTimeout(r, 100));
    }
    n.serve(listener);
  }
  let vanishTimer: NodeJS.Timeout | undefined;
  const stop = async () => {
    clearInterval(vanishTimer);
    await n.stop();
    await listener?.close();
  };
  if (cfg.mode === 'create') {
    const c = await n.daemon.createSwap(cfg.deal, cfg.offer);
    if (!c.ok) throw new Error(c.error.message);
    if (listener) {
      const o = n.openOnListener(swapId);
      if (!o.ok) throw new Error(o.error.message);
    } else {
      const offer = parseOffer(cfg.offer, { nowSec: Math.floor(Date.now() / 1000) });
      if (!offer.ok) throw new Error(offer.error.message);
      n.dialMaker(swapId, { host: offer.value.makerAddress.host, port: offer.value.makerAddress.port, key: offer.value.makerKey });
    }
  } else {
    const r = await n.recover();
    if (!r.ok) throw new Error(r.error.message);
    hooks.log?.({ node: cfg.deal.role, component: 'party', level: 'info', event: 'recovered', detail: `${r.value.resumed.length} resumed (${Object.values(r.value.links).join(',')}), ${r.value.finished.length} finished${r.value.damaged.length ? `, damaged: ${r.value.damaged.map((d) => d.reason).join('; ')}` : ''}` });
    // A swap that reached its outcome right before the kill is finished: no actor, the transcript says.
    const outcome = await n.outcomeOf(swapId);
    if (outcome) hooks.onNote?.({ kind: 'outcome', outcome });
  }
  if (cfg.vanishAfterLock) {
    // Gone once his lock reached the node (his syncer saw it in the mempool or a block), not merely once
    // its broadcast was recorded: a lock that never left the dying process leaves Alice nothing to
    // punish, and she would wait for it while he waits for her outcome (a harness deadlock, not a swap's).
    vanishTimer = setInterval(() => {
      const core = n.daemon.actor(swapId)?.record.core;
      if (!core?.broadcasts['lock'] || (core.txs['lock']?.confs ?? null) === null) return;
      clearInterval(vanishTimer);
      hooks.onVanish?.();
    }, 100);
  }
  return { node: n, stop };
}
