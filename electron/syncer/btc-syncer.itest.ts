// Bitcoin syncer worker against a real litecoind regtest node as a person runs one (no -txindex, cookie auth), through the
// supervisor and a forked worker process.
// Invariant under test: every task type works on such a node; reorgs, node restarts (a new cookie) and worker kills change no outcome and duplicate no effect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBtcRegtest, type BtcRegtest } from '../regtest';
import { startSupervisor, type Supervisor } from './supervisor';
import { forkSpawnPort } from './spawn-port';
import { probe, type SupervisorProbe } from '../../rigs/syncer/supervisor-probe';
import type { BtcWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { SyncerEvent } from '../../shared/syncer/messages';

type Ev<K extends SyncerEvent['kind']> = Extract<SyncerEvent, { kind: K }>;
const is =
  <K extends SyncerEvent['kind']>(kind: K, taskId?: string, extra?: (e: Ev<K>) => boolean) =>
  (e: SyncerEvent): e is Ev<K> =>
    e.kind === kind && (taskId === undefined || ('taskId' in e && e.taskId === taskId)) && (extra === undefined || extra(e as Ev<K>));

let btc: BtcRegtest;
let sup: Supervisor;
let p: SupervisorProbe;
const latencies: number[] = [];

const config = (): BtcWorkerConfig => ({
  chain: 'btc',
  rpcUrl: btc.rpcUrl,
  rpcCookieFile: btc.rpcCookieFile!,
  expectedChain: 'regtest',
  feeTargetBlocks: 2,
  pollMs: 50,
  stallMs: 3_600_000,
  rpcTimeoutMs: 5_000,
  maxBackoffMs: 400,
});

/** A signed tx paying `sats` to `to` from one wallet utxo, not broadcast; spends `utxo` when given (for conflicts). */
async function signedTx(to: string, sats: number, utxo?: { txid: string; vout: number; amount: number }) {
  const u = utxo ?? (await btc.rpc<{ txid: string; vout: number; amount: number }[]>('listunspent', [1])).find((x) => x.amount > 1);
  if (!u) throw new Error('no utxo');
  const change = await btc.newAddress();
  const changeSats = Math.round(u.amount * 1e8) - sats - 10_000;
  const raw = await btc.rpc<string>('createrawtransaction', [
    [{ txid: u.txid, vout: u.vout }],
    [{ [to]: (sats / 1e8).toFixed(8) }, { [change]: (changeSats / 1e8).toFixed(8) }],
  ]);
  const signed = await btc.rpc<{ hex: string; complete: boolean }>('signrawtransactionwithwallet', [raw]);
  if (!signed.complete) throw new Error('signing failed');
  const txid = (await btc.rpc<{ txid: string }>('decoderawtransaction', [signed.hex])).txid;
  return { hex: signed.hex, txid, utxo: u };
}

beforeAll(async () => {
  btc = await startBtcRegtest({ txindex: false, cookieAuth: true });
  sup = startSupervisor({ config: config(), spawn: forkSpawnPort(), backoff: { baseMs: 100, maxMs: 1_000, factor: 2, jitter: 0 } });
  p = probe(sup);
  await p.nextRaw((e) => e.type === 'health' && e.health.backend === 'ok', 30_000);
});

afterAll(async () => {
  p?.close();
  await sup?.stop();
  await btc?.stop();
  if (latencies.length > 0) {
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`[btc syncer] block mined -> height event: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms over ${sorted.length} blocks (poll 50 ms)`);
  }
});

describe('btc syncer (litecoind regtest without -txindex, cookie auth, worker process)', () => {
  it('the node has no tx index and takes only the cookie', async () => {
    expect(await btc.rpc('getindexinfo')).toEqual({});
    expect(btc.rpcCookieFile).toMatch(/regtest\/\.cookie$/);
    const wrong = await fetch(btc.rpcUrl, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('regtest:wrong').toString('base64')}` }, body: '{"method":"getblockcount","params":[]}' });
    expect(wrong.status).toBe(401);
  });

  it('watch-height answers at once with the tip and follows new blocks', async () => {
    const h0 = await btc.rpc<number>('getblockcount');
    expect(sup.send({ kind: 'watch-height', id: 'h1' }).ok).toBe(true);
    const first = await p.next(is('height', 'h1'));
    expect(first.height).toBe(h0);
    expect(first.blockHash).toBe(await btc.rpc<string>('getbestblockhash'));
    for (let i = 1; i <= 3; i++) {
      const since = p.mark();
      const t0 = performance.now();
      const [hash] = await btc.mine(1);
      const ev = await p.next(is('height', 'h1', (e) => e.height === h0 + i), 10_000, since);
      latencies.push(ev.at - t0);
      expect(ev.blockHash).toBe(hash);
    }
  });

  it('broadcast, watch-tx through confirmations, a reorg back to the mempool, and a drop to null', async () => {
    const to = await btc.newAddress();
    const tx1 = await signedTx(to, 50_000_000);
    // Watch before publish.
    sup.send({ kind: 'watch-tx', id: 'w-tx1', txid: tx1.txid, confirmationBound: 3 });
    expect((await p.next(is('tx-confirmations', 'w-tx1'))).confirmations).toBeNull();
    sup.send({ kind: 'broadcast', id: 'b-tx1', txHex: tx1.hex });
    const b = await p.next(is('broadcast-result', 'b-tx1'));
    expect(b).toMatchObject({ ok: true, txid: tx1.txid, error: null });
    expect((await p.next(is('tx-confirmations', 'w-tx1', (e) => e.confirmations === 0))).txHex).toBe(tx1.hex);

    const [blk] = await btc.mine(1);
    const c1 = await p.next(is('tx-confirmations', 'w-tx1', (e) => e.confirmations === 1));
    expect(c1.blockHash).toBe(blk);

    // Re-broadcast of a confirmed tx under a new id: success, not an error.
    sup.send({ kind: 'broadcast', id: 'b-tx1-again', txHex: tx1.hex });
    expect(await p.next(is('broadcast-result', 'b-tx1-again'))).toMatchObject({ ok: true, txid: tx1.txid });

    // Reorg: the block goes, the tx returns to the mempool.
    const beforeReorg = p.mark();
    await btc.rpc('invalidateblock', [blk]);
    expect(await p.next(is('tx-confirmations', 'w-tx1', (e) => e.confirmations === 0), 10_000, beforeReorg)).toMatchObject({ blockHash: null });

    // A conflicting spend is mined instead: tx1 is gone for good.
    const tx2 = await signedTx(await btc.newAddress(), 40_000_000, tx1.utxo);
    await btc.rpc('generateblock', [await btc.newAddress(), [tx2.hex]]);
    expect(await p.next(is('tx-confirmations', 'w-tx1', (e) => e.confirmations === null), 10_000, beforeReorg)).toMatchObject({ blockHash: null });

    // Broadcasting tx1 now is a real failure, reported as such.
    sup.send({ kind: 'broadcast', id: 'b-tx1-conflict', txHex: tx1.hex });
    const bad = await p.next(is('broadcast-result', 'b-tx1-conflict'));
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/missing|spent|conflict/i);
  });

  it('watch-tx stops at its bound and the same task id twice has one effect', async () => {
    const txid = await btc.sendTo(await btc.newAddress(), 1_000_000);
    sup.send({ kind: 'watch-tx', id: 'w-bound', txid, confirmationBound: 2 });
    await p.next(is('tx-confirmations', 'w-bound', (e) => e.confirmations === 0));
    await btc.mine(1);
    await p.next(is('tx-confirmations', 'w-bound', (e) => e.confirmations === 1));
    await btc.mine(3);
    await p.next(is('tx-confirmations', 'w-bound', (e) => e.confirmations === 4));
    await btc.mine(2);
    // Sending the same task again replays the last state at once and starts nothing new.
    const since = p.mark();
    expect(sup.send({ kind: 'watch-tx', id: 'w-bound', txid, confirmationBound: 2 }).ok).toBe(true);
    const replay = await p.next(is('tx-confirmations', 'w-bound'), 2_000, since);
    expect(replay.confirmations).toBe(4);
    await btc.mine(1);
    await new Promise((r) => setTimeout(r, 400));
    const evs = p.syncerEvents().filter(is('tx-confirmations', 'w-bound'));
    // 3 blocks at once jump past the bound (reported as is); after that silence, except the replay of the repeat.
    expect(evs.map((e) => e.confirmations)).toEqual([0, 1, 4, 4]);
    // A different task under a live id is refused and changes nothing.
    const clash = sup.send({ kind: 'watch-tx', id: 'w-bound', txid, confirmationBound: 5 });
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.error.kind).toBe('task-conflict');
  });

  it('a watch sent after its tx was mined (as after a crash) finds it by scanning from fromHeight', async () => {
    const from = (await btc.rpc<number>('getblockcount')) + 1;
    const txid = await btc.sendTo(await btc.newAddress(), 2_000_000);
    const [blk] = await btc.mine(1);
    await btc.mine(4);
    sup.send({ kind: 'watch-tx', id: 'w-late', txid, confirmationBound: 10, fromHeight: from });
    // (A round already under way may report it at the tip it read, one block lower, first.)
    const ev = await p.next(is('tx-confirmations', 'w-late', (e) => e.confirmations === 5));
    expect(ev.blockHash).toBe(blk);
    expect(ev.txHex).toBe(await btc.rpc<string>('getrawtransaction', [txid, false, blk]));
    // Found at once in its block: never reported unknown on the way.
    expect(p.syncerEvents().filter(is('tx-confirmations', 'w-late')).every((e) => e.confirmations !== null && e.blockHash === blk)).toBe(true);
  });

  it('watch-address finds past payments from fromHeight, mempool payments, and spends', async () => {
    const addr = await btc.newAddress();
    const from = (await btc.rpc<number>('getblockcount')) + 1;
    const pastTxid = await btc.sendTo(addr, 2_000_000);
    await btc.mine(1);
    expect(sup.send({ kind: 'watch-address', id: 'a1', address: addr, fromHeight: from, confirmationBound: 2 })).toEqual({ ok: true, value: undefined });
    const past = await p.next(is('address-tx', 'a1', (e) => e.txid === pastTxid));
    expect(past).toMatchObject({ amount: '2000000', confirmations: 1, incoming: true });
    // From a coin not at addr (the wallet might spend the 2M there and make this net 1M in).
    const pool = await signedTx(addr, 3_000_000);
    await btc.rpc('sendrawtransaction', [pool.hex]);
    const poolTxid = pool.txid;
    expect(await p.next(is('address-tx', 'a1', (e) => e.txid === poolTxid))).toMatchObject({ amount: '3000000', confirmations: 0, incoming: true });
    await btc.mine(1);
    await p.next(is('address-tx', 'a1', (e) => e.txid === poolTxid && e.confirmations === 1));
    await p.next(is('address-tx', 'a1', (e) => e.txid === pastTxid && e.confirmations === 2));
    // Spend the past payment: an outgoing event.
    const utxos = await btc.rpc<{ txid: string; vout: number; amount: number }[]>('listunspent', [0, 9999, [addr]]);
    const u = utxos.find((x) => x.txid === pastTxid);
    if (!u) throw new Error('utxo missing');
    const spend = await signedTx(await btc.newAddress(), 1_000_000, u);
    await btc.rpc('sendrawtransaction', [spend.hex]);
    expect(await p.next(is('address-tx', 'a1', (e) => e.txid === spend.txid))).toMatchObject({ incoming: false, amount: '2000000' });
    // An address the node rejects is a task error, not a crash.
    sup.send({ kind: 'watch-address', id: 'a-bad', address: 'bc1notanaddress', fromHeight: 0 });
    expect((await p.next(is('task-error', 'a-bad'))).error).toMatch(/rejects address/);
  });

  it('estimate-fee falls back to the floor on regtest', async () => {
    sup.send({ kind: 'estimate-fee', id: 'fee1', floorSatPerKvB: 2_000 });
    expect(await p.next(is('fee-estimate', 'fee1'))).toMatchObject({ satPerKvB: 2_000 });
  });

  it('kill -9 of the worker mid-task: restarted, same task set, no duplicate effect', async () => {
    const to = await btc.newAddress();
    const tx = await signedTx(to, 7_000_000);
    sup.send({ kind: 'watch-tx', id: 'k-w', txid: tx.txid, confirmationBound: 6 });
    await p.next(is('tx-confirmations', 'k-w', (e) => e.confirmations === null));
    const pid = sup.health().workerPid;
    expect(pid).not.toBeNull();
    const before = sup.health().restarts;
    const tasksBefore = sup.pendingTasks().map((t) => t.id).sort();
    process.kill(pid!, 'SIGKILL');
    sup.send({ kind: 'broadcast', id: 'k-b', txHex: tx.hex }); // sent while the worker is dead
    await p.nextRaw((e) => e.type === 'health' && e.health.worker === 'up' && e.health.restarts === before + 1, 20_000);
    expect(sup.health().workerPid).not.toBe(pid);
    expect(sup.pendingTasks().map((t) => t.id).sort()).toEqual([...tasksBefore, 'k-b'].sort());
    expect(await p.next(is('broadcast-result', 'k-b'))).toMatchObject({ ok: true, txid: tx.txid });
    await p.next(is('tx-confirmations', 'k-w', (e) => e.confirmations === 0));
    await btc.mine(1);
    await p.next(is('tx-confirmations', 'k-w', (e) => e.confirmations === 1));
    // Kill again after the broadcast finished: it is not re-sent, and nothing is reported twice.
    process.kill(sup.health().workerPid!, 'SIGKILL');
    await p.nextRaw((e) => e.type === 'health' && e.health.worker === 'up' && e.health.restarts === before + 2, 20_000);
    await btc.mine(1);
    await p.next(is('tx-confirmations', 'k-w', (e) => e.confirmations === 2));
    const mine = p.syncerEvents().filter((e) => 'taskId' in e && (e.taskId === 'k-w' || e.taskId === 'k-b'));
    expect(mine.map((e) => `${e.kind}:${'confirmations' in e ? e.confirmations : ''}`)).toEqual([
      'tx-confirmations:null',
      'broadcast-result:',
      'tx-confirmations:0',
      'tx-confirmations:1',
      'tx-confirmations:2',
    ]);
    // Exactly one copy of the tx on chain (read from its block: the node has no tx index).
    const blockHash = (await p.next(is('tx-confirmations', 'k-w', (e) => e.confirmations === 2))).blockHash;
    expect((await btc.rpc<{ confirmations: number }>('getrawtransaction', [tx.txid, true, blockHash])).confirmations).toBe(2);
  });

  it('node restart while watching: unreachable, then recovered with the new cookie, and the watch carries on', async () => {
    const h = await btc.rpc<number>('getblockcount');
    const cookieBefore = btc.rpcPassword;
    const since = p.mark();
    await btc.stopNode();
    const down = await p.next(is('backend-unreachable'), 20_000, since);
    expect(down.error).toMatch(/ECONNREFUSED|ECONNRESET|HTTP 50[03]|unreachable|fetch failed|socket/i);
    expect(sup.health().backend).toBe('unreachable');
    await btc.startNode();
    expect(btc.rpcPassword).not.toBe(cookieBefore); // the node wrote a new cookie: the worker must have read it again
    await p.next(is('backend-recovered'), 30_000, since);
    const s2 = p.mark();
    await btc.mine(1);
    expect((await p.next(is('height', 'h1'), 10_000, s2)).height).toBe(h + 1);
    expect(sup.health()).toMatchObject({ backend: 'ok', worker: 'up' });
  });

  it('abort stops a task: no more events for it', async () => {
    sup.send({ kind: 'abort', id: 'ab1', target: 'k-w' });
    await p.next(is('task-aborted', 'k-w'));
    const since = p.mark();
    await btc.mine(1);
    await p.next(is('height', 'h1'), 10_000, since);
    await new Promise((r) => setTimeout(r, 300));
    expect(p.all.slice(since).some((x) => x.event.type === 'syncer' && 'taskId' in x.event.event && x.event.event.taskId === 'k-w')).toBe(false);
    expect(sup.pendingTasks().some((t) => t.id === 'k-w')).toBe(false);
  });
});
