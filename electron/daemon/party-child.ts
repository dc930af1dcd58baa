// A swap party's daemon in its own process, for the crash matrix: it runs one node (daemon, syncer
// workers, store, headless client) and relays peer messages through the parent over IPC. Fault hook:
// `crashAfterRecord: n` SIGKILLs this process right after entry n is durable, before any output of
// that step is performed (the worst moment for "persist before acting"). Test tooling, not a product path.
import path from 'node:path';
import { z } from 'zod';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { fromHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { DealSchema } from '../../shared/protocol/deal';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import { FileMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { BtcWorkerConfigSchema, XmrWorkerConfigSchema } from '../../shared/syncer/worker-protocol';
import { btcWalletPayer } from './btc-wallet-payer';
import type { TranscriptPort } from './daemon-ports';
import { startSwapNode } from './swap-node';

export const PartyConfigSchema = z.object({
  mode: z.enum(['create', 'recover']),
  dataDir: z.string(),
  /** Test-only: the seed travels in the config so a killed process can come back with the same keys. */
  seedHex: z.string().regex(/^[0-9a-f]{64}$/),
  deal: DealSchema,
  offer: z.string(),
  btc: BtcWorkerConfigSchema,
  xmr: XmrWorkerConfigSchema,
  wallet: z.object({ url: z.string(), user: z.string(), password: z.string(), wallet: z.string(), btcAddress: z.string(), xmrDestination: z.string(), xmrHeightUrl: z.string() }),
  crashAfterRecord: z.number().int().min(0).nullable(),
});
export type PartyConfig = z.infer<typeof PartyConfigSchema>;

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'peer'; msg: PeerMessage }
  | { type: 'step'; lastSeq: number; kinds: string[] }
  | { type: 'outcome'; outcome: string }
  | { type: 'log'; line: string };

const send = (m: ChildMessage) => process.send?.(m);

async function xmrHeight(url: string): Promise<number> {
  const r = await fetch(`${url}/json_rpc`, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'get_block_count' }) });
  const j = (await r.json()) as { result: { count: number } };
  return j.result.count - 1;
}

async function main(cfg: PartyConfig): Promise<void> {
  const swapId = cfg.deal.swapId as SwapId;
  const payer = btcWalletPayer(cfg.wallet);
  const client = new HeadlessClient({
    signer: inProcessSignerWithSeed(fromHex(cfg.seedHex)),
    chain: { network: BTC_NETWORKS['litecoin-regtest'], feeRateSatPerKvB: 2000n },
    memo: new FileMemoStore(path.join(cfg.dataDir, 'client')),
    wallet: { btcAddress: async () => cfg.wallet.btcAddress, xmrDestination: async () => cfg.wallet.xmrDestination, xmrHeight: () => xmrHeight(cfg.wallet.xmrHeightUrl), ...payer },
  });
  await client.register(cfg.deal);
  let appended = 0;
  const crashHook = (t: TranscriptPort<never>): TranscriptPort<never> => ({
    ...t,
    create: (g) => t.create(g),
    checkpoint: (id, r, seq) => t.checkpoint(id, r, seq),
    recover: (id) => t.recover(id),
    list: () => t.list(),
    async append(id, entries) {
      const r = await t.append(id, entries);
      if (r.status === 'durable') {
        appended = (entries[entries.length - 1]?.seq ?? -1) + 1;
        send({ type: 'step', lastSeq: appended - 1, kinds: entries.map((e) => e.kind) });
        if (cfg.crashAfterRecord !== null && appended >= cfg.crashAfterRecord) process.kill(process.pid, 'SIGKILL');
      }
      return r;
    },
  });
  const node = await startSwapNode({
    name: cfg.deal.role,
    dataDir: path.join(cfg.dataDir, 'daemon'),
    chain: { network: BTC_NETWORKS['litecoin-regtest'], feeRateSatPerKvB: 2000n },
    client,
    btc: cfg.btc,
    xmr: cfg.xmr,
    peer: { send: (_id, msg) => send({ type: 'peer', msg }) },
    wrapTranscript: crashHook as never,
    log: (l) => (l.level === 'error' ? send({ type: 'log', line: `${l.component} ${l.event} ${l.detail ?? ''}` }) : undefined),
    onNote: (_id, n) => (n.kind === 'outcome' ? send({ type: 'outcome', outcome: n.outcome }) : n.kind === 'halted' ? send({ type: 'outcome', outcome: `halted: ${n.error.message}` }) : undefined),
  });
  if (!node.ok) throw new Error(node.error.message);
  process.on('message', (m: unknown) => {
    const msg = m as { type?: string; msg?: unknown };
    if (msg.type === 'peer') void node.value.daemon.onPeerMessage(swapId, msg.msg);
    if (msg.type === 'stop') void node.value.stop().then(() => process.exit(0));
  });
  if (cfg.mode === 'create') {
    const c = await node.value.daemon.createSwap(cfg.deal, cfg.offer);
    if (!c.ok) throw new Error(c.error.message);
  } else {
    const r = await node.value.daemon.recoverAll();
    if (!r.ok) throw new Error(r.error.message);
    send({ type: 'log', line: `recovered: ${r.value.resumed.length} resumed, ${r.value.finished.length} finished, ${r.value.damaged.map((d) => d.reason).join('; ')}` });
    const a = node.value.daemon.actor(swapId);
    if (a?.outcome) send({ type: 'outcome', outcome: a.outcome });
  }
  send({ type: 'ready' });
}

const raw = process.argv[2];
if (raw) {
  const cfg = PartyConfigSchema.parse(JSON.parse(raw));
  main(cfg).catch((e: unknown) => {
    send({ type: 'log', line: `child failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}` });
    process.exit(1);
  });
}
