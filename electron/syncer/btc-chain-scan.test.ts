// The Bitcoin backend's watches without a tx index, against a scripted node (an in-process JsonRpcClient; no tx index:
// getrawtransaction answers only for the mempool or with a block hash).
// Invariant under test: one walk of the blocks and one read of the mempool serve every watch (a tx not broadcast costs
// no call per poll), reorgs un-find and re-find, a restart finds what was mined while down, only new mempool txs are fetched.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../shared/result';
import type { TaskId, Txid } from '../../shared/ids';
import type { SyncerEvent } from '../../shared/syncer/messages';
import type { BtcWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { JsonRpcClient } from './json-rpc-client';
import { createBtcBackend } from './btc-backend';

/** Hashes and txids that look like real ones (their first bytes differ: the block filter keys on them). */
const hex64 = (tag: string, n: number) => createHash('sha256').update(`${tag}:${n}`).digest('hex');
const TXID = (n: number) => hex64('f', n) as Txid;
const SCRIPT = '0014' + 'ab'.repeat(20);

interface Tx { txid: string; hex: string; vin: { txid: string; vout: number }[]; vout: { value: number; n: number; scriptPubKey: { hex: string } }[] }
const tx = (txid: string, payTo = '51'): Tx => ({ txid, hex: `02${txid}`, vin: [{ txid: hex64('e', 1), vout: 0 }], vout: [{ value: 0.01, n: 0, scriptPubKey: { hex: payTo } }] });

/** A node without a tx index: an active chain (by height), every block ever made (by hash), a mempool; counts calls. */
function scriptedNode(height = 110) {
  const byHash = new Map<string, { height: number; txs: Tx[] }>();
  let chain: string[] = [];
  const n = {
    mempool: new Map<string, Tx>(),
    calls: [] as string[],
    /** Run before / after the node answers a call (to move the chain between two calls of one round). */
    before: null as ((method: string) => void) | null,
    after: null as ((method: string) => void) | null,
    pruneHeight: 0,
    /** Replace the chain from height `from` on with new blocks tagged `tag`; `txsAt` puts txs in them. */
    build(tag: string, from: number, to: number, txsAt: Record<number, Tx[]> = {}) {
      chain = chain.slice(0, from);
      for (let h = from; h <= to; h++) {
        const hash = hex64(tag, h);
        byHash.set(hash, { height: h, txs: [tx(hex64('c', h)), ...(txsAt[h] ?? [])] });
        chain.push(hash);
        for (const t of txsAt[h] ?? []) n.mempool.delete(t.txid);
      }
    },
    tip: () => chain.length - 1,
    count: (method: string) => n.calls.filter((c) => c === method).length,
  };
  n.build('a', 0, height);
  const active = (hash: string) => chain[byHash.get(hash)?.height ?? -1] === hash;
  const noTx = () => err({ kind: 'rpc-error' as const, code: -5, message: 'No such mempool transaction. Use -txindex or provide a block hash' });
  const answer = (method: string, p: unknown[]): unknown => {
    switch (method) {
      case 'getnetworkinfo':
        return { version: 270000, subversion: '/Satoshi:27.0.0/' };
      case 'getblockchaininfo':
        return { chain: 'regtest', pruned: n.pruneHeight > 0, ...(n.pruneHeight > 0 ? { pruneheight: n.pruneHeight } : {}) };
      case 'getbestblockhash':
        return chain.at(-1);
      case 'getblockhash':
        return chain[p[0] as number];
      case 'getblockheader': {
        const b = byHash.get(p[0] as string)!;
        return { hash: p[0], height: b.height, confirmations: active(p[0] as string) ? n.tip() - b.height + 1 : -1 };
      }
      case 'getblock': {
        const b = byHash.get(p[0] as string)!;
        if (b.height < n.pruneHeight) return undefined;
        return { hash: p[0], height: b.height, confirmations: active(p[0] as string) ? n.tip() - b.height + 1 : -1, tx: p[1] === 2 ? b.txs : b.txs.map((t) => t.txid) };
      }
      case 'getrawmempool':
        return [...n.mempool.keys()];
      case 'validateaddress':
        return { isvalid: true, scriptPubKey: SCRIPT };
      case 'getrawtransaction': {
        const [txid, verbose, blockHash] = p as [string, boolean, string | undefined];
        const t = blockHash !== undefined ? byHash.get(blockHash)?.txs.find((x) => x.txid === txid) : n.mempool.get(txid);
        if (!t) return undefined;
        return verbose ? t : t.hex;
      }
    }
    throw new Error(`scripted node: no ${method}`);
  };
  const client: JsonRpcClient = {
    url: 'scripted',
    async call(method, params = []) {
      n.calls.push(method);
      n.before?.(method);
      const r = answer(method, params as unknown[]);
      n.after?.(method);
      if (r === undefined) return method === 'getblock' ? err({ kind: 'rpc-error', code: -1, message: 'Block not available (pruned data)' }) : noTx();
      return ok(r);
    },
    postJson: async () => err({ kind: 'http-error', message: 'no' }),
  };
  return { n, client };
}

const cfg: BtcWorkerConfig = { chain: 'btc', rpcUrl: 'http://scripted', feeTargetBlocks: 2, pollMs: 10, stallMs: 1e6, rpcTimeoutMs: 1000, maxBackoffMs: 10 };

function backendOn(client: JsonRpcClient) {
  const events: SyncerEvent[] = [];
  const be = createBtcBackend(cfg, (e) => events.push(e), () => undefined, client);
  const confs = (id: string) => events.flatMap((e) => (e.kind === 'tx-confirmations' && e.taskId === id ? [e.confirmations] : []));
  const watch = (id: string, txid: Txid, fromHeight?: number) =>
    be.add({ kind: 'watch-tx', id: id as TaskId, txid, confirmationBound: 100, ...(fromHeight === undefined ? {} : { fromHeight }) });
  return { be, events, confs, watch };
}

/** Calls of one steady poll (no new block, nothing new in the mempool) with n watched, never-broadcast txs. */
async function steadyPollCalls(watched: number): Promise<{ calls: number; newBlockCalls: number }> {
  const { n, client } = scriptedNode();
  const { be, watch } = backendOn(client);
  for (let i = 0; i < watched; i++) watch(`w${i}`, TXID(i), 100);
  await be.poll();
  await be.poll();
  n.calls.length = 0;
  await be.poll();
  const calls = n.calls.length;
  n.build('a', n.tip() + 1, n.tip() + 1);
  n.calls.length = 0;
  await be.poll();
  return { calls, newBlockCalls: n.calls.length };
}

describe('btc watches without a tx index', () => {
  it('N watched txs not yet broadcast cost a constant number of calls per poll (0, 10, 100)', async () => {
    const rows = [];
    for (const watched of [0, 10, 100]) {
      const after = await steadyPollCalls(watched);
      // Before (the old per-tx way): getbestblockhash, then one getrawtransaction (answered -5) per watch whose tx the
      // node did not know, every poll: 1 + N (a new block: 3 + N). Measured on the old code with this same node.
      rows.push({ watched, before: 1 + watched, beforeNewBlock: 3 + watched, after: after.calls, afterNewBlock: after.newBlockCalls });
    }
    console.log(`[btc watch cost] RPC calls per poll: ${rows.map((r) => `${r.watched} watched: before ${r.before}, after ${r.after} (with a new block: before ${r.beforeNewBlock}, after ${r.afterNewBlock})`).join('; ')}`);
    expect(rows.map((r) => r.after)).toEqual([1, 2, 2]); // getbestblockhash (+ getrawmempool once anything is watched)
    expect(rows[1]!.afterNewBlock).toBe(rows[2]!.afterNewBlock); // a new block costs the same for 10 or 100 watches
    expect(rows[2]!.afterNewBlock).toBeLessThanOrEqual(6);
  });

  it('finds a broadcast tx in the mempool, then in a block, with confirmations from the active chain', async () => {
    const { n, client } = scriptedNode();
    const { be, confs, events, watch } = backendOn(client);
    watch('w', TXID(1), 110);
    await be.poll();
    n.mempool.set(TXID(1), tx(TXID(1)));
    await be.poll();
    n.build('a', 111, 111, { 111: [tx(TXID(1))] });
    await be.poll();
    n.build('a', 112, 113);
    await be.poll();
    expect(confs('w')).toEqual([null, 0, 1, 3]);
    const last = events.at(-1);
    expect(last).toMatchObject({ blockHash: hex64('a', 111), txHex: `02${TXID(1)}` });
  });

  it.each(['before', 'after'] as const)('a tx mined just %s the round reads the tip is never reported as dropped', async (when) => {
    const { n, client } = scriptedNode();
    const { be, confs, watch } = backendOn(client);
    watch('w', TXID(5), 110);
    n.mempool.set(TXID(5), tx(TXID(5)));
    await be.poll();
    // A block holding it arrives between two calls of the next round.
    n[when] = (m) => {
      if (m !== 'getbestblockhash') return;
      n[when] = null;
      n.build('a', 111, 111, { 111: [tx(TXID(5))] });
    };
    await be.poll();
    await be.poll();
    expect(confs('w')).toEqual([0, 1]);
  });

  it('a reorg un-finds the tx (null when gone, 0 back in the mempool) and the new branch finds it again', async () => {
    const { n, client } = scriptedNode();
    const { be, confs, events, watch } = backendOn(client);
    n.build('a', 105, 112, { 106: [tx(TXID(7))] });
    watch('w', TXID(7), 100);
    await be.poll();
    // The block leaves the chain and nothing holds the tx: unknown.
    n.build('b', 106, 113);
    await be.poll();
    // It comes back in the mempool, then is mined on a third branch.
    n.mempool.set(TXID(7), tx(TXID(7)));
    await be.poll();
    n.build('c', 107, 114, { 110: [tx(TXID(7))] });
    await be.poll();
    expect(confs('w')).toEqual([7, null, 0, 5]);
    expect(events.filter((e) => e.kind === 'tx-confirmations').map((e) => (e.kind === 'tx-confirmations' ? e.blockHash : ''))).toEqual([hex64('a', 106), null, null, hex64('c', 110)]);
  });

  it('after a restart, a watch with fromHeight finds the tx mined while the worker was down', async () => {
    const { n, client } = scriptedNode();
    const first = backendOn(client);
    first.watch('w', TXID(3), 110);
    await first.be.poll();
    expect(first.confs('w')).toEqual([null]);
    // Down: the tx is mined and 30 blocks follow. A fresh worker gets the same task again.
    n.build('a', 111, 141, { 112: [tx(TXID(3))] });
    const second = backendOn(client);
    second.watch('w', TXID(3), 110);
    await second.be.poll();
    expect(second.confs('w')).toEqual([30]);
    expect(second.events.find((e) => e.kind === 'tx-confirmations')).toMatchObject({ blockHash: hex64('a', 112), txHex: `02${TXID(3)}` });
    // Without fromHeight (an old transcript) the bounded look-back below the tip finds it too.
    const third = backendOn(client);
    third.watch('w', TXID(3));
    await third.be.poll();
    expect(third.confs('w')).toEqual([30]);
  });

  it('N watches added in later rounds read history from the cache, not from the node again', async () => {
    const { n, client } = scriptedNode(200);
    const { be, watch, confs } = backendOn(client);
    n.build('a', 150, 200, { 160: [tx(TXID(9))] });
    watch('w0', TXID(9), 120);
    await be.poll();
    expect(n.count('getblock')).toBe(81); // heights 120..200, once
    n.calls.length = 0;
    for (let i = 1; i <= 20; i++) {
      watch(`w${i}`, TXID(9), 120);
      await be.poll();
    }
    expect(n.count('getblock')).toBe(0);
    expect(n.count('getblockhash')).toBe(0);
    for (let i = 0; i <= 20; i++) expect(confs(`w${i}`)).toEqual([41]);
  });

  it('the mempool diff fetches only txids not seen before (address watch)', async () => {
    const { n, client } = scriptedNode();
    const events: SyncerEvent[] = [];
    const be = createBtcBackend(cfg, (e) => events.push(e), () => undefined, client);
    for (let i = 0; i < 5; i++) n.mempool.set(TXID(100 + i), tx(TXID(100 + i)));
    be.add({ kind: 'watch-address', id: 'a' as TaskId, address: 'bcrt1qwatched', fromHeight: 110 });
    await be.poll();
    expect(n.calls.filter((c) => c === 'getrawtransaction').length).toBe(5); // a new watch sees the whole mempool once
    n.calls.length = 0;
    await be.poll();
    expect(n.count('getrawtransaction')).toBe(0);
    n.mempool.set(TXID(200), tx(TXID(200), SCRIPT));
    n.mempool.set(TXID(201), tx(TXID(201)));
    n.calls.length = 0;
    await be.poll();
    expect(n.count('getrawtransaction')).toBe(2);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'address-tx', txid: TXID(200), confirmations: 0, amount: '1000000', incoming: true }));
    // Mined: confirmations from the block, no fetch.
    n.build('a', 111, 112, { 111: [tx(TXID(200), SCRIPT)] });
    n.calls.length = 0;
    await be.poll();
    expect(n.count('getrawtransaction')).toBe(0);
    expect(events.at(-1)).toMatchObject({ kind: 'address-tx', txid: TXID(200), confirmations: 2 });
  });

  it('a pruned node: the watch is told which heights it cannot read, and goes on above them', async () => {
    const { n, client } = scriptedNode();
    n.pruneHeight = 105;
    const { be, events, watch, confs } = backendOn(client);
    watch('w', TXID(4), 100);
    await be.poll();
    expect(events).toContainEqual({ kind: 'task-error', taskId: 'w', error: expect.stringMatching(/blocks 100\.\.104 are pruned/) });
    expect(confs('w')).toEqual([null]);
  });
});
