// The Monero backend's in-process address watches against a fake monerod (rigs/syncer/fake-monerod.ts) and the real
// output scanner: one walk of each block serves every watch, a reorg rewinds to the fork, a pool tx is seen then mined,
// an unlock_time or an amount that does not open its commitment is never counted, a long catch-up is spread over rounds.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TaskId } from '../../shared/ids';
import type { SyncerEvent, XmrTask } from '../../shared/syncer/messages';
import type { XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { publicKeyOf, scReduce32 } from '../../shared/crypto/monero-keys';
import { encodeStandardAddress } from '../../shared/crypto/monero-address';
import { toHex } from '../../shared/hex';
import { FakeMonerod, syntheticTx, type PayTo } from '../../rigs/syncer/fake-monerod';
import { createXmrBackend } from './xmr-backend';
import { MAX_BLOCKS_PER_ROUND } from './xmr-chain-scan';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function lockKeys() {
  const spend = scReduce32(randomBytes(32));
  const view = scReduce32(randomBytes(32));
  const spendPublic = unwrap(publicKeyOf(spend));
  const viewPublic = unwrap(publicKeyOf(view));
  return { spendPublic, viewPublic, viewKey: toHex(view), address: unwrap(encodeStandardAddress('mainnet', spendPublic, viewPublic)) };
}
type Lock = ReturnType<typeof lockKeys>;
const pay = (l: Lock, amount: bigint, over: Partial<PayTo> = {}): PayTo => ({ spendPublic: l.spendPublic, viewPublic: l.viewPublic, amount, ...over });

const cfg: XmrWorkerConfig = {
  chain: 'xmr', daemonUrl: 'http://fake-monerod', walletRpcBin: 'monero-wallet-rpc', walletDir: '/nonexistent', walletRpcStartTimeoutMs: 60_000,
  pollMs: 100, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 1_000,
};

function setup() {
  const node = new FakeMonerod();
  const events: SyncerEvent[] = [];
  const logs: string[] = [];
  const backend = createXmrBackend(cfg, (e) => events.push(e), (_l, m) => logs.push(m), { client: node });
  const watch = (id: string, l: Lock, fromHeight: number, confirmationBound?: number) =>
    backend.add({ kind: 'watch-address', id: id as TaskId, address: l.address, viewKey: l.viewKey, fromHeight, ...(confirmationBound ? { confirmationBound } : {}) } as XmrTask);
  const poll = async () => {
    const r = await backend.poll();
    expect(r.ok, JSON.stringify(r)).toBe(true);
  };
  const of = (id: string) => events.filter((e) => 'taskId' in e && e.taskId === id);
  return { node, events, logs, backend, watch, poll, of };
}

describe('xmr in-process address watches (fake monerod, real scanner)', () => {
  it('two watches are served by one walk: each block fetched once, each tx scanned for both, amounts summed per tx', async () => {
    const t = setup();
    const a = lockKeys();
    const b = lockKeys();
    t.node.mine(5);
    t.watch('a', a, 3);
    t.watch('b', b, 3);
    const txA = t.node.send(syntheticTx([pay(a, 700n), pay(b, 5n), pay(a, 300n)]));
    const txB = t.node.send(syntheticTx([pay(b, 2_000_000_000_000n)]));
    const noise = t.node.send(syntheticTx([pay(lockKeys(), 9n)]));
    await t.poll();
    expect(t.of('a')).toEqual([{ kind: 'address-tx', taskId: 'a', txid: txA, amount: '1000', confirmations: 0, incoming: true, txHex: null }]);
    expect(t.of('b').map((e) => e.kind === 'address-tx' && [e.txid, e.amount])).toEqual(expect.arrayContaining([[txA, '5'], [txB, '2000000000000']]));
    const before = t.node.calls.get('get_block') ?? 0;
    const h = t.node.mine(1);
    t.node.mine(9);
    await t.poll();
    // Blocks 3..15 read once each for the two watches together (the first round read 3..5).
    expect((t.node.calls.get('get_block') ?? 0) - before).toBe(10);
    expect(t.node.calls.get('get_block')).toBe(13);
    const last = t.of('a').at(-1)!;
    expect(last).toMatchObject({ kind: 'address-tx', txid: txA, confirmations: t.node.height - h + 1 });
    expect(t.events.some((e) => 'txid' in e && e.txid === noise)).toBe(false);
    const perBlockPerWatch = t.node.totalCalls / 13 / 2;
    console.log(`[xmr scan] fake monerod: ${t.node.totalCalls} calls for 13 blocks and 2 watches over 2 rounds = ${perBlockPerWatch.toFixed(2)} per block per watch`);
  });

  it('a pool tx is seen at 0 confirmations, then mined, then confirmations stop at the bound', async () => {
    const t = setup();
    const a = lockKeys();
    t.watch('a', a, 1, 2);
    await t.poll();
    const txid = t.node.send(syntheticTx([pay(a, 42n)]));
    await t.poll();
    expect(t.of('a')).toEqual([{ kind: 'address-tx', taskId: 'a', txid, amount: '42', confirmations: 0, incoming: true, txHex: null }]);
    const h = t.node.mine(1);
    await t.poll();
    expect(t.of('a').at(-1)).toMatchObject({ txid, confirmations: 1 });
    t.node.mine(1);
    await t.poll();
    expect(t.of('a').at(-1)).toMatchObject({ txid, confirmations: 2 });
    t.node.mine(3);
    const calls = t.node.totalCalls;
    await t.poll();
    expect(t.of('a')).toHaveLength(3);
    expect(h).toBe(1);
    // Everything found is mined: the pool is no longer read; a round costs the tip and the new blocks only.
    expect(t.node.totalCalls - calls).toBe(1 + 3);
    await t.poll();
    expect(t.node.totalCalls - calls).toBe(1 + 3 + 1);
  });

  it('a reorg that drops the block rewinds the walk: the tx reads null, and is found again when mined on the new branch', async () => {
    const t = setup();
    const a = lockKeys();
    t.node.mine(2);
    t.watch('a', a, 0);
    const tx = syntheticTx([pay(a, 77n)]);
    const txid = t.node.send(tx);
    t.node.mine(1);
    t.node.mine(2);
    await t.poll();
    expect(t.of('a').at(-1)).toMatchObject({ kind: 'address-tx', txid, confirmations: 3 });
    // The three top blocks are replaced by four without the tx (and it is not back in the pool).
    t.node.dropTop(3);
    t.node.mine(4, []);
    await t.poll();
    await t.poll(); // reported by the round after the one that found the reorg (it reads the pool first)
    expect(t.logs.some((l) => /xmr reorg/.test(l))).toBe(true);
    expect(t.of('a').at(-1)).toEqual({ kind: 'tx-confirmations', taskId: 'a', txid, confirmations: null, blockHash: null, txHex: null });
    t.node.send(tx);
    t.node.mine(1);
    await t.poll();
    expect(t.of('a').at(-1)).toMatchObject({ kind: 'address-tx', txid, confirmations: 1, amount: '77' });
  });

  it('a reorg to a chain of the same height is found from the tip alone', async () => {
    const t = setup();
    const a = lockKeys();
    t.watch('a', a, 0);
    const tx = syntheticTx([pay(a, 5n)]);
    const txid = t.node.send(tx);
    t.node.mine(1);
    await t.poll();
    expect(t.of('a').at(-1)).toMatchObject({ txid, confirmations: 1 });
    t.node.dropTop(1);
    t.node.mine(1, []);
    t.node.send(tx); // back in the pool
    await t.poll();
    await t.poll(); // the round that found the reorg leaves the report to the next, which reads the pool first
    expect(t.of('a').at(-1)).toMatchObject({ kind: 'address-tx', txid, confirmations: 0 });
  });

  it('a tx with an unlock_time, and an output whose amount does not open its commitment, are never counted', async () => {
    const t = setup();
    const a = lockKeys();
    t.watch('a', a, 0);
    const locked = t.node.send(syntheticTx([pay(a, 1_000n)], { unlockTime: 500 }));
    const lying = t.node.send(syntheticTx([pay(a, 1_000_000n, { commitAmount: 1n })]));
    const mixed = t.node.send(syntheticTx([pay(a, 9_999n, { commitAmount: 1n }), pay(a, 10n)]));
    t.node.mine(1);
    await t.poll();
    expect(t.of('a')).toEqual([expect.objectContaining({ kind: 'address-tx', txid: mixed, amount: '10', confirmations: 1 })]);
    expect(t.logs.filter((l) => l.includes(locked) && /unlock_time 500/.test(l))).toHaveLength(1);
    expect(t.events.some((e) => 'txid' in e && e.txid === lying)).toBe(false);
  });

  it('bytes that do not hash to their txid are never read (a node flipping an encrypted amount and moving its commitment)', async () => {
    const t = setup();
    const a = lockKeys();
    t.watch('a', a, 0);
    const tx = syntheticTx([pay(a, 1_000n)]);
    const txid = t.node.send(tx);
    // One bit of the encrypted amount flipped (the 8 bytes after the fee, near the end of the rct base): same txid served.
    const at = tx.asHex.length - 2 * (64 + 32 + 8) + 2;
    const flipped = tx.asHex.slice(0, at) + (parseInt(tx.asHex.slice(at, at + 2), 16) ^ 1).toString(16).padStart(2, '0') + tx.asHex.slice(at + 2);
    t.node.txs.set(txid, flipped);
    t.node.mine(1);
    await t.poll();
    expect(t.events.some((e) => 'txid' in e && e.txid === txid)).toBe(false);
    expect(t.logs.some((l) => l.includes(txid) && /not understood/.test(l))).toBe(true);
    // The true bytes under the same txid are found.
    t.node.txs.set(txid, tx.asHex);
    const t2 = setup();
    t2.node.chain.push(...t.node.chain.slice(1));
    for (const [k, v] of t.node.txs) t2.node.txs.set(k, v);
    t2.watch('a', a, 0);
    await t2.poll();
    expect(t2.of('a')).toEqual([expect.objectContaining({ kind: 'address-tx', txid, amount: '1000', confirmations: 1 })]);
  });

  it('a watch from far back catches up over rounds (bounded, logged) and serves nothing before it reached the tip', async () => {
    const t = setup();
    const a = lockKeys();
    const txid = t.node.send(syntheticTx([pay(a, 3n)]));
    t.node.mine(1);
    t.node.mine(MAX_BLOCKS_PER_ROUND + 50);
    t.watch('a', a, 1);
    await t.poll();
    expect(t.of('a')).toEqual([]);
    expect(t.logs.some((l) => /xmr catch-up: reading blocks 1\.\.100 of 151/.test(l))).toBe(true);
    await t.poll();
    expect(t.of('a')).toEqual([expect.objectContaining({ txid, confirmations: 20 })]);
    expect(t.node.calls.get('get_block')).toBe(151);
  });

  it('a watch whose view key does not open the address is refused', () => {
    const t = setup();
    const a = lockKeys();
    const other = lockKeys();
    t.backend.add({ kind: 'watch-address', id: 'bad' as TaskId, address: a.address, viewKey: other.viewKey, fromHeight: 0 });
    expect(t.events).toEqual([expect.objectContaining({ kind: 'task-error', taskId: 'bad', error: expect.stringMatching(/view key does not match/) })]);
  });
});
