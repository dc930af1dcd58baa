// Bitcoin syncer backend over Bitcoin Core JSON-RPC (bitcoind, or litecoind in tests): tip, tx confirmations, addresses, broadcast, fees.
// Invariant: confirmations come only from the node's active chain (reorgs lower them; a dropped tx reads null), and a tx the node already knows is a successful broadcast.
import { z } from 'zod';
import type { TaskId, Txid } from '../../shared/ids';
import { DEFAULT_ADDRESS_CONFIRMATION_BOUND, type BtcTask } from '../../shared/syncer/messages';
import type { BtcWorkerConfig } from '../../shared/syncer/worker-protocol';
import { createJsonRpcClient, type JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type ChainBackend, type Emit, type Log, type PollOutcome } from './chain-backend';
import { nodeCall, toNodeFailure } from './node-call';
import { isNewsUnderBound } from '../../shared/syncer/confirmation-bound';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);
const Header = z.object({ hash: Hash, height: z.number().int().min(0), confirmations: z.number().int(), previousblockhash: Hash.optional() });
const TxIn = z.object({ txid: Hash.optional(), vout: z.number().int().min(0).optional(), coinbase: z.string().optional() });
const TxOut = z.object({ value: z.number().min(0), n: z.number().int().min(0), scriptPubKey: z.object({ hex: Hex }) });
const VerboseTx = z.object({ txid: Hash, hex: Hex.optional(), blockhash: Hash.optional(), vin: z.array(TxIn), vout: z.array(TxOut) });
type VerboseTx = z.infer<typeof VerboseTx>;
const Block = z.object({ hash: Hash, height: z.number().int().min(0), tx: z.array(VerboseTx) });
const ValidateAddress = z.object({ isvalid: z.boolean(), scriptPubKey: Hex.optional() });
const SmartFee = z.object({ feerate: z.number().min(0).optional(), errors: z.array(z.string()).optional() });
const Decoded = z.object({ txid: Hash });
const IndexInfo = z.object({ txindex: z.object({ synced: z.boolean() }).optional() });

/** Block hashes remembered for finding a reorg's fork point; deeper reorgs rescan from below what we remember. */
const MAX_REORG_WALK = 200;
/** Bitcoin Core "transaction already in block chain", and the messages for "already in the mempool". */
const ALREADY_KNOWN = /already in block chain|txn-already-known|txn-already-in-mempool|already have transaction/i;

interface TxStatus {
  readonly confirmations: number | null;
  readonly blockHash: string | null;
  readonly blockHeight: number | null;
  readonly hex: string | null;
}

interface AddressFind {
  amount: bigint;
  incoming: boolean;
  status: TxStatus | null;
  hex: string | null;
  dropped: boolean;
}

interface AddressWatch {
  readonly address: string;
  readonly bound: number;
  script: string | null;
  /** Highest block height already scanned for this address (fromHeight - 1 at start). */
  scannedUpTo: number;
  readonly finds: Map<string, AddressFind>;
  /** Outputs paying the address, so spends of them count as outgoing. */
  readonly outpoints: Map<string, bigint>;
}

const sats = (btc: number): bigint => BigInt(Math.round(btc * 1e8));
const asTxid = (s: string) => s as Txid;

export function createBtcBackend(cfg: BtcWorkerConfig, emit: Emit, log: Log, client?: JsonRpcClient): ChainBackend<BtcTask> {
  const rpc =
    client ?? createJsonRpcClient({ url: cfg.rpcUrl, user: cfg.rpcUser, password: cfg.rpcPassword, timeoutMs: cfg.rpcTimeoutMs });
  const call = <S extends z.ZodType>(method: string, params: unknown[], schema: S) => nodeCall(rpc, method, params, schema);

  let tip: { height: number; hash: string } | null = null;
  /** Active-chain hashes we have seen, by height, for finding the fork point of a reorg. */
  const seen = new Map<number, string>();

  const heightTasks = new Set<TaskId>();
  const txTasks = new Map<TaskId, { txid: Txid; bound: number; last: TxStatus | null }>();
  const addrTasks = new Map<TaskId, AddressWatch>();
  const broadcasts = new Map<TaskId, string>();
  const fees = new Map<TaskId, number>();
  /** Mempool txids already inspected for address watches (pruned to the live mempool each round). */
  let mempoolSeen = new Set<string>();
  let addrTaskAdded = false;
  let txIndexChecked = false;

  const taskError = (taskId: TaskId, e: unknown) => {
    if (e instanceof NodeFailure && e.kind === 'transport') throw e;
    const msg = e instanceof Error ? e.message : String(e);
    emit({ kind: 'task-error', taskId, error: msg });
  };

  async function txStatus(txid: string): Promise<TxStatus> {
    let tx: VerboseTx;
    try {
      tx = await call('getrawtransaction', [txid, true], VerboseTx);
    } catch (e) {
      // -5: neither in the mempool nor in the tx index: unknown to the node.
      if (e instanceof NodeFailure && e.kind === 'rpc' && e.code === -5) return { confirmations: null, blockHash: null, blockHeight: null, hex: null };
      throw e;
    }
    if (tx.txid !== txid) throw new NodeFailure('bad-data', `getrawtransaction ${txid} answered with tx ${tx.txid}`);
    const hex = tx.hex ?? null;
    if (tx.blockhash === undefined) return { confirmations: 0, blockHash: null, blockHeight: null, hex };
    // The tx index keeps txs of disconnected blocks (with "confirmations": 0): ask the header whether its block is active.
    const h = await call('getblockheader', [tx.blockhash, true], Header);
    if (h.confirmations >= 1) return { confirmations: h.confirmations, blockHash: h.hash, blockHeight: h.height, hex };
    const inPool = await rpc.call('getmempoolentry', [txid]);
    if (inPool.ok) return { confirmations: 0, blockHash: null, blockHeight: null, hex };
    return { confirmations: null, blockHash: null, blockHeight: null, hex };
  }

  /**
   * Find where the new tip's chain leaves the one we saw (checking remembered heights top-down with getblockhash,
   * so a long outage costs no walk), then remember the new chain's recent hashes. forkHeight is null without a reorg.
   */
  async function updateTip(hash: string): Promise<{ height: number; forkHeight: number | null }> {
    const head = await call('getblockheader', [hash, true], Header);
    let fork = head.height;
    let reorg = false;
    if (tip) {
      const remembered = [...seen.keys()].sort((a, b) => b - a);
      const candidates = remembered.filter((h) => h <= head.height);
      let match: number | null = null;
      for (const h of candidates) {
        if ((await call('getblockhash', [h], Hash)) === seen.get(h)) {
          match = h;
          break;
        }
      }
      // No remembered block survived: assume the fork is just below everything we remember.
      fork = match ?? Math.min(head.height, remembered.at(-1) ?? head.height) - 1;
      reorg = fork < tip.height;
      for (const h of remembered) if (h > fork) seen.delete(h);
      if (reorg) log('warn', `btc reorg: fork at ${fork}, old tip ${tip.height} ${tip.hash}, new tip ${head.height} ${head.hash}`);
    }
    for (let h = Math.max(fork + 1, head.height - MAX_REORG_WALK + 1, 0); h < head.height; h++) {
      seen.set(h, await call('getblockhash', [h], Hash));
    }
    seen.set(head.height, head.hash);
    for (const h of [...seen.keys()]) if (h <= head.height - MAX_REORG_WALK) seen.delete(h);
    return { height: head.height, forkHeight: reorg ? fork : null };
  }

  function emitTx(taskId: TaskId, t: { txid: Txid; bound: number; last: TxStatus | null }, s: TxStatus) {
    const news = isNewsUnderBound(t.last, s, t.bound);
    t.last = s;
    if (news) emit({ kind: 'tx-confirmations', taskId, txid: t.txid, confirmations: s.confirmations, blockHash: s.blockHash, txHex: s.hex });
  }

  /** Which outputs of tx pay the watched script, and which inputs spend earlier ones. */
  function match(w: AddressWatch, tx: VerboseTx): { incoming: bigint; outgoing: bigint } {
    let incoming = 0n;
    let outgoing = 0n;
    for (const o of tx.vout) {
      if (o.scriptPubKey.hex === w.script) {
        incoming += sats(o.value);
        w.outpoints.set(`${tx.txid}:${o.n}`, sats(o.value));
      }
    }
    for (const i of tx.vin) {
      if (i.txid === undefined || i.vout === undefined) continue;
      const v = w.outpoints.get(`${i.txid}:${i.vout}`);
      if (v !== undefined) outgoing += v;
    }
    return { incoming, outgoing };
  }

  function noteFind(w: AddressWatch, tx: VerboseTx) {
    const { incoming, outgoing } = match(w, tx);
    if (incoming === 0n && outgoing === 0n) return;
    if (w.finds.has(tx.txid)) return;
    // A spend that also pays back to the address (change) is outgoing by its net amount.
    const isIncoming = outgoing === 0n || incoming > outgoing;
    const amount = isIncoming ? incoming - outgoing : outgoing - incoming;
    w.finds.set(tx.txid, { amount, incoming: isIncoming, status: null, hex: tx.hex ?? null, dropped: false });
  }

  async function serveAddresses(height: number, tipChanged: boolean, forkHeight: number | null) {
    if (addrTasks.size === 0) return;
    const blocks = new Map<number, z.infer<typeof Block>>();
    const blockAt = async (h: number) => {
      const have = blocks.get(h);
      if (have) return have;
      const hash = await call('getblockhash', [h], Hash);
      const b = await call('getblock', [hash, 2], Block);
      blocks.set(h, b);
      return b;
    };
    for (const [taskId, w] of addrTasks) {
      try {
        if (w.script === null) {
          const v = await call('validateaddress', [w.address], ValidateAddress);
          if (!v.isvalid || v.scriptPubKey === undefined) {
            emit({ kind: 'task-error', taskId, error: `watch-address: the node rejects address ${w.address}` });
            addrTasks.delete(taskId);
            continue;
          }
          w.script = v.scriptPubKey;
        }
        if (forkHeight !== null) w.scannedUpTo = Math.min(w.scannedUpTo, forkHeight);
        while (w.scannedUpTo < height) {
          const b = await blockAt(w.scannedUpTo + 1);
          for (const tx of b.tx) noteFind(w, tx);
          w.scannedUpTo = b.height;
        }
      } catch (e) {
        taskError(taskId, e);
      }
    }
    // Mempool: inspect each new txid once.
    const pool = await call('getrawmempool', [false], z.array(Hash));
    const live = new Set(pool);
    const fresh = pool.filter((t) => !mempoolSeen.has(t));
    mempoolSeen = new Set([...mempoolSeen].filter((t) => live.has(t)));
    if (addrTaskAdded) {
      // A new watch must see what is already waiting in the mempool.
      fresh.splice(0, fresh.length, ...pool);
      addrTaskAdded = false;
    }
    for (const txid of fresh) {
      let tx: VerboseTx;
      try {
        tx = await call('getrawtransaction', [txid, true], VerboseTx);
      } catch (e) {
        if (e instanceof NodeFailure && e.kind === 'rpc') continue; // left the mempool meanwhile
        throw e;
      }
      mempoolSeen.add(txid);
      for (const w of addrTasks.values()) if (w.script !== null) noteFind(w, tx);
    }
    for (const [taskId, w] of addrTasks) {
      for (const [txid, f] of w.finds) {
        try {
          const settled = f.status !== null && f.status.confirmations !== null && f.status.confirmations >= w.bound;
          const hit = forkHeight !== null && f.status?.blockHeight != null && f.status.blockHeight > forkHeight;
          if (f.status !== null && !tipChanged && f.status.confirmations !== 0) continue;
          if (settled && !hit) continue;
          const s = await txStatus(txid);
          f.status = s;
          if (s.confirmations === null) {
            // Reorged out and gone from the mempool: say so with the tx event's "unknown" value, then forget it.
            emit({ kind: 'tx-confirmations', taskId, txid: asTxid(txid), confirmations: null, blockHash: null, txHex: f.hex });
            w.finds.delete(txid);
            continue;
          }
          emit({
            kind: 'address-tx',
            taskId,
            txid: asTxid(txid),
            amount: f.amount.toString(),
            confirmations: Math.min(s.confirmations, w.bound),
            incoming: f.incoming,
            txHex: s.hex ?? f.hex,
          });
        } catch (e) {
          taskError(taskId, e);
        }
      }
    }
  }

  async function serveBroadcasts() {
    for (const [taskId, hex] of broadcasts) {
      const r = await rpc.call('sendrawtransaction', [hex]);
      if (r.ok) {
        const txid = Hash.safeParse(r.value);
        emit(
          txid.success
            ? { kind: 'broadcast-result', taskId, txid: asTxid(txid.data), ok: true, error: null }
            : { kind: 'task-error', taskId, error: `node sent malformed data for sendrawtransaction: ${JSON.stringify(r.value).slice(0, 80)}` },
        );
        broadcasts.delete(taskId);
        continue;
      }
      if (r.error.kind !== 'rpc-error') {
        if (r.error.kind === 'malformed-response') {
          emit({ kind: 'task-error', taskId, error: r.error.message });
          broadcasts.delete(taskId);
          continue;
        }
        throw new NodeFailure('transport', r.error.message); // keep the task; retry when the node is back
      }
      // Rejected: success anyway if the node already has it (mempool or active chain).
      let txid: string | null = null;
      try {
        txid = (await call('decoderawtransaction', [hex], Decoded)).txid;
      } catch (e) {
        if (e instanceof NodeFailure && e.kind === 'transport') throw e;
      }
      let known = ALREADY_KNOWN.test(r.error.message);
      if (!known && txid !== null) {
        const s = await txStatus(txid);
        known = s.confirmations !== null;
      }
      emit({
        kind: 'broadcast-result',
        taskId,
        txid: txid === null ? null : asTxid(txid),
        ok: known,
        error: known ? null : r.error.message,
      });
      broadcasts.delete(taskId);
    }
  }

  async function serveFees() {
    for (const [taskId, floor] of fees) {
      const r = await rpc.call('estimatesmartfee', [cfg.feeTargetBlocks]);
      if (!r.ok && r.error.kind !== 'rpc-error' && r.error.kind !== 'malformed-response') throw new NodeFailure('transport', r.error.message);
      const p = r.ok ? SmartFee.safeParse(r.value) : null;
      const est = p?.success && p.data.feerate !== undefined ? Math.round(p.data.feerate * 1e8) : 0;
      if (!p?.success || p.data.feerate === undefined) log('info', `btc fee estimate unavailable (${r.ok ? 'no data' : r.error.message}); using floor ${floor} sat/kvB`);
      emit({ kind: 'fee-estimate', taskId, satPerKvB: Math.max(floor, est) });
      fees.delete(taskId);
    }
  }

  return {
    add(task) {
      switch (task.kind) {
        case 'watch-height':
          heightTasks.add(task.id);
          if (tip) emit({ kind: 'height', taskId: task.id, height: tip.height, blockHash: tip.hash });
          return;
        case 'watch-tx':
          txTasks.set(task.id, { txid: task.txid, bound: task.confirmationBound, last: null });
          return;
        case 'watch-address':
          addrTasks.set(task.id, {
            address: task.address,
            bound: task.confirmationBound ?? DEFAULT_ADDRESS_CONFIRMATION_BOUND,
            script: null,
            scannedUpTo: task.fromHeight - 1,
            finds: new Map(),
            outpoints: new Map(),
          });
          addrTaskAdded = true;
          return;
        case 'broadcast':
          broadcasts.set(task.id, task.txHex);
          return;
        case 'estimate-fee':
          fees.set(task.id, task.floorSatPerKvB);
          return;
        case 'abort':
          return; // handled by the core
      }
    },
    async remove(id) {
      heightTasks.delete(id);
      txTasks.delete(id);
      addrTasks.delete(id);
      broadcasts.delete(id);
      fees.delete(id);
    },
    async poll(): Promise<PollOutcome> {
      try {
        if (!txIndexChecked) {
          // Confirmations of arbitrary txs need the tx index; without it a mined tx would read "unknown".
          const r = await rpc.call('getindexinfo', []);
          if (!r.ok && r.error.kind !== 'rpc-error') throw toNodeFailure(r.error);
          if (r.ok) {
            const info = IndexInfo.safeParse(r.value);
            if (!info.success || info.data.txindex === undefined) {
              return { ok: false, error: 'the Bitcoin node runs without -txindex=1: restart it with txindex=1 (the syncer cannot see confirmations otherwise)' };
            }
          }
          txIndexChecked = true;
        }
        const best = await call('getbestblockhash', [], Hash);
        let tipChanged = false;
        let forkHeight: number | null = null;
        if (!tip || tip.hash !== best) {
          const u = await updateTip(best);
          forkHeight = u.forkHeight;
          tip = { height: u.height, hash: best };
          tipChanged = true;
        }
        const t = tip;
        for (const id of heightTasks) emit({ kind: 'height', taskId: id, height: t.height, blockHash: t.hash });
        await serveBroadcasts();
        for (const [id, w] of txTasks) {
          const settled = w.last !== null && w.last.confirmations !== null && w.last.confirmations >= w.bound;
          const hit = forkHeight !== null && w.last?.blockHeight != null && w.last.blockHeight > forkHeight;
          if (w.last !== null && !tipChanged && w.last.confirmations !== 0 && w.last.confirmations !== null) continue;
          if (settled && !hit) continue;
          try {
            emitTx(id, w, await txStatus(w.txid));
          } catch (e) {
            taskError(id, e);
          }
        }
        await serveAddresses(t.height, tipChanged, forkHeight);
        await serveFees();
        return { ok: true, height: t.height, hash: t.hash };
      } catch (e) {
        if (e instanceof NodeFailure) return { ok: false, error: e.message };
        return { ok: false, error: `btc backend bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
      }
    },
    async close() {},
  };
}
