// The demo's `--refund-by-hand` run (issue #23, recovery exports): Bob's wallet is gone after his BTC
// lock (his app broken, say) and Alice never locks her XMR. Bob's data dir is still there: he takes
// the recovery file from it (the same export the swap page and `npm run swap -- export-recovery` give)
// and broadcasts its cancel, then its refund, through the node's own RPC, as a person would with
// `bitcoin-cli sendrawtransaction`. Invariant: only the exported hex reaches the chain; nothing of
// Bob's stopped daemon helps.
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { RecoveryExport, RecoveryTx } from '../../shared/protocol/support-export-recovery';
import { readSwapTranscript, recoveryFile, withOfflineStore } from '../../electron/app/swap-exports';
import type { BtcRegtest } from '../../electron/regtest/btc-regtest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RefundedByHand {
  readonly cancelTxid: string;
  readonly refundTxid: string;
  /** The statuses the export gave, as the person read them before broadcasting. */
  readonly statuses: Readonly<Record<string, string>>;
}

/** Bob's recovery file, read offline from his data dir (the wallet is stopped). */
export async function recoveryOf(dataDir: string, swapId: SwapId): Promise<RecoveryExport> {
  const file = await withOfflineStore(dataDir, async (store) => {
    const t = await readSwapTranscript(store, swapId);
    return t.ok ? { ok: true as const, value: recoveryFile(t.value) } : t;
  });
  if (!file.ok) throw new Error(`export-recovery: ${file.error.message}`);
  return JSON.parse(file.value.json) as RecoveryExport;
}

/** Broadcasts until the node takes it (or has it); a timelock not yet reached is retried at the next blocks. */
async function broadcast(btc: BtcRegtest, tx: RecoveryTx, deadline: number, say: (l: string) => void): Promise<void> {
  let last = '';
  for (;;) {
    // A node that already has it (Alice broadcast the same cancel) is as good as accepting it.
    if (await btc.rpc<unknown>('gettxout', [tx.txid, 0, true])) return say(`[bob by hand] ${tx.name} ${tx.txid.slice(0, 8)}: the node has it already`);
    try {
      await btc.rpc<string>('sendrawtransaction', [tx.hex]);
      say(`[bob by hand] ${tx.name} ${tx.txid.slice(0, 8)} broadcast through the node's RPC`);
      return;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (msg !== last) say(`[bob by hand] ${tx.name} refused for now: ${msg.split('\n')[0]}`);
      last = msg;
    }
    if (performance.now() > deadline) throw new Error(`${tx.name} never accepted: ${last}`);
    await sleep(500);
  }
}

/** Waits until the tx's first output is in a block (gettxout without the mempool). */
async function confirmed(btc: BtcRegtest, txid: string, deadline: number): Promise<void> {
  for (;;) {
    const out = await btc.rpc<{ confirmations?: number } | null>('gettxout', [txid, 0, false]);
    if (out && (out.confirmations ?? 0) >= 1) return;
    if (performance.now() > deadline) throw new Error(`${txid} not confirmed in time`);
    await sleep(250);
  }
}

export async function refundByHand(o: { btc: BtcRegtest; work: string; swapId: SwapId; say: (l: string) => void; timeoutMs?: number }): Promise<RefundedByHand> {
  const deadline = performance.now() + (o.timeoutMs ?? 180_000);
  const x = await recoveryOf(path.join(o.work, 'bob'), o.swapId);
  const statuses = Object.fromEntries(x.transactions.map((t) => [t.name, t.status]));
  o.say(`[bob by hand] recovery file: ${x.transactions.map((t) => `${t.name} ${t.status}`).join(', ')}; ${x.missing.length} missing`);
  const cancel = x.transactions.find((t) => t.name === 'cancel');
  const refund = x.transactions.find((t) => t.name === 'refund');
  if (x.role !== 'bob' || !cancel || !refund) throw new Error(`the recovery file has no cancel and refund for Bob: ${x.missing.join('; ')}`);
  await broadcast(o.btc, cancel, deadline, o.say);
  await confirmed(o.btc, cancel.txid, deadline);
  await broadcast(o.btc, refund, deadline, o.say);
  await confirmed(o.btc, refund.txid, deadline);
  o.say(`[bob by hand] refund ${refund.txid.slice(0, 8)} confirmed`);
  return { cancelTxid: cancel.txid, refundTxid: refund.txid, statuses };
}
