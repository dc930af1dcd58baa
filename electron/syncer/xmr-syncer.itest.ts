// Monero syncer worker against a real monerod regtest, through the supervisor: address watches scanned in the worker
// itself (no monero-wallet-rpc), a managed monero-wallet-rpc only for a sweep.
// Invariant under test: the joint lock address is watched with the view key alone and no wallet process, the sweep
// happens exactly once (across worker kills and restarts, with the same wallet dir) and its wallet-rpc is closed once
// it is final, keys that do not open the address are refused, and aborts end the task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startXmrRegtest, type FundedWallet, type WalletRpc, type XmrRegtest } from '../regtest';
import { startSupervisor, type Supervisor } from './supervisor';
import { forkSpawnPort } from './spawn-port';
import { probe, type SupervisorProbe } from '../../rigs/syncer/supervisor-probe';
import { walletFilename } from './monero-wallet-session';
import type { XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { SyncerEvent } from '../../shared/syncer/messages';
import type { TaskId } from '../../shared/ids';
import { publicKeyOf, scReduce32 } from '../../shared/crypto/monero-keys';
import { encodeStandardAddress, moneroNetworkFor } from '../../shared/crypto/monero-address';
import { toHex } from '../../shared/hex';

type Ev<K extends SyncerEvent['kind']> = Extract<SyncerEvent, { kind: K }>;
const is =
  <K extends SyncerEvent['kind']>(kind: K, taskId?: string, extra?: (e: Ev<K>) => boolean) =>
  (e: SyncerEvent): e is Ev<K> =>
    e.kind === kind && (taskId === undefined || ('taskId' in e && e.taskId === taskId)) && (extra === undefined || extra(e as Ev<K>));

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
function lockKeys() {
  const spend = scReduce32(randomBytes(32));
  const view = scReduce32(randomBytes(32));
  const address = unwrap(encodeStandardAddress(moneroNetworkFor('regtest'), unwrap(publicKeyOf(spend)), unwrap(publicKeyOf(view))));
  return { spendKey: toHex(spend), viewKey: toHex(view), address };
}

let xmr: XmrRegtest;
let funder: FundedWallet;
let dest: WalletRpc;
let destAddress = '';
let walletDir = '';
let sup: Supervisor;
let p: SupervisorProbe;
const latencies: number[] = [];
const lock = lockKeys();
const XMR_AMOUNT = 2_000_000_000_000n; // 2 XMR
let lockTxid = '';
let lockHeight = 0;

/** The worker's monero-wallet-rpc children, counted from the process table. */
function walletRpcChildren(): number {
  const pid = sup.health().workerPid;
  if (pid === undefined || pid === null) return 0;
  const ps = (() => {
    try {
      return execFileSync('ps', ['-o', 'comm=', '--ppid', String(pid)], { encoding: 'utf8' });
    } catch {
      return ''; // ps exits 1 when the worker has no child at all
    }
  })();
  return ps.split('\n').filter((l) => l.trim().startsWith('monero-wallet')).length;
}
/** The backend's running count of monerod calls and walked blocks, from its debug line at a new tip. */
function scanFigures(line: string): { tip: number; watches: number; calls: number; rounds: number; walkCalls: number } | null {
  const m = /^xmr scan: tip (\d+), (\d+) watch\(es\), \d+ block\(s\) fetched, (\d+) monerod call\(s\) in (\d+) round\(s\) in all, (\d+) of them/.exec(line);
  return m ? { tip: Number(m[1]), watches: Number(m[2]), calls: Number(m[3]), rounds: Number(m[4]), walkCalls: Number(m[5]) } : null;
}

const config = (): XmrWorkerConfig => ({
  chain: 'xmr',
  daemonUrl: xmr.daemonUrl,
  walletRpcBin: 'monero-wallet-rpc',
  walletDir,
  walletRpcStartTimeoutMs: 60_000,
  pollMs: 100,
  stallMs: 3_600_000,
  rpcTimeoutMs: 10_000,
  maxBackoffMs: 1_000,
});
const newSupervisor = () =>
  startSupervisor({ config: config(), spawn: forkSpawnPort(), backoff: { baseMs: 100, maxMs: 1_000, factor: 2, jitter: 0 } });

beforeAll(async () => {
  xmr = await startXmrRegtest();
  walletDir = mkdtempSync(join(tmpdir(), 'xmr-syncer-wallets-'));
  const [f, d] = await Promise.all([xmr.fundedWallet(10_000_000_000_000n), xmr.startWalletRpc()]);
  funder = f;
  dest = d;
  await dest.rpc('create_wallet', { filename: 'dest', password: '', language: 'English' });
  destAddress = (await dest.rpc<{ address: string }>('get_address', { account_index: 0 })).address;
  sup = newSupervisor();
  p = probe(sup);
  await p.nextRaw((e) => e.type === 'health' && e.health.backend === 'ok', 30_000);
});

afterAll(async () => {
  p?.close();
  await sup?.stop();
  await xmr?.stop();
  if (walletDir) rmSync(walletDir, { recursive: true, force: true });
  if (latencies.length > 0) {
    const s = [...latencies].sort((a, b) => a - b);
    console.log(`[xmr syncer] block mined -> height event: median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms over ${s.length} blocks (poll 100 ms)`);
  }
});

describe('xmr syncer (monerod regtest, worker process, in-process watches, wallet-rpc per sweep)', () => {
  it('watch-height answers with the tip and follows blocks', async () => {
    const h0 = await xmr.height();
    sup.send({ kind: 'watch-height', id: 'xh' });
    expect((await p.next(is('height', 'xh'))).height).toBe(h0);
    for (let i = 0; i < 3; i++) {
      const since = p.mark();
      const t0 = performance.now();
      const h = await xmr.mine(1);
      const ev = await p.next(is('height', 'xh', (e) => e.height === h), 10_000, since);
      latencies.push(ev.at - t0);
    }
  });

  it('watch-address (view-only) sees the lock in the pool and its confirmations; watch-tx agrees', async () => {
    lockHeight = await xmr.height();
    sup.send({ kind: 'watch-address', id: 'lock-watch', address: lock.address, viewKey: lock.viewKey, fromHeight: lockHeight, confirmationBound: 3 });
    await funder.wallet.rpc('refresh', {});
    const sent = await funder.wallet.rpc<{ tx_hash: string }>('transfer', { destinations: [{ amount: Number(XMR_AMOUNT), address: lock.address }], ring_size: 16 });
    lockTxid = sent.tx_hash;
    sup.send({ kind: 'watch-tx', id: 'lock-tx', txid: lockTxid, confirmationBound: 2 });
    const pool = await p.next(is('address-tx', 'lock-watch', (e) => e.txid === lockTxid), 60_000);
    expect(pool).toMatchObject({ amount: XMR_AMOUNT.toString(), incoming: true });
    expect(pool.confirmations).toBeLessThanOrEqual(1);
    expect(await p.next(is('tx-confirmations', 'lock-tx', (e) => e.confirmations === 0))).toMatchObject({ blockHash: null });
    await xmr.mine(1);
    const c1 = await p.next(is('tx-confirmations', 'lock-tx', (e) => e.confirmations === 1));
    const hdr = await xmr.daemonRpc<{ block_header: { hash: string } }>('get_last_block_header');
    expect(c1.blockHash).toBe(hdr.block_header.hash);
    expect(c1.txHex?.length ?? 0).toBeGreaterThan(100);
    await p.next(is('address-tx', 'lock-watch', (e) => e.txid === lockTxid && e.confirmations === 1), 30_000);
    await xmr.mine(3);
    await p.next(is('address-tx', 'lock-watch', (e) => e.txid === lockTxid && e.confirmations === 3), 30_000);
    // Watched in the worker: no wallet file, no monero-wallet-rpc process.
    expect(existsSync(join(walletDir, `${walletFilename('watch', 'lock-watch' as TaskId)}.keys`))).toBe(false);
    expect(readdirSync(walletDir)).toEqual([]);
    expect(walletRpcChildren()).toBe(0);
  });

  it('refuses a sweep whose spend key does not open the address', async () => {
    const other = lockKeys();
    sup.send({ kind: 'sweep', id: 'bad-sweep', address: lock.address, spendKey: other.spendKey, viewKey: lock.viewKey, destination: destAddress, fromHeight: lockHeight, minAmount: '1' });
    expect((await p.next(is('task-error', 'bad-sweep'))).error).toMatch(/spend key does not match/);
    expect(await p.next(is('sweep-result', 'bad-sweep'))).toMatchObject({ ok: false, txids: [] });
    expect(existsSync(join(walletDir, `${walletFilename('sweep', 'bad-sweep' as TaskId)}.keys`))).toBe(false);
  });

  it('sweep waits for unlock, survives kill -9 of the worker, and sweeps exactly once', async () => {
    const task = { kind: 'sweep', id: 'sweep-1', address: lock.address, spendKey: lock.spendKey, viewKey: lock.viewKey, destination: destAddress, fromHeight: lockHeight, minAmount: XMR_AMOUNT.toString() };
    sup.send(task);
    sup.send(task); // same task twice: one effect
    // Let the worker open the sweep wallet, then kill it mid-task (the output is still locked: 4 of 10 blocks).
    const file = join(walletDir, `${walletFilename('sweep', 'sweep-1' as TaskId)}.keys`);
    for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100)); // wallet-rpc starts slowly on a loaded machine
    expect(existsSync(file)).toBe(true);
    const before = sup.health().restarts;
    process.kill(sup.health().workerPid!, 'SIGKILL');
    const killedAt = p.mark();
    await p.nextRaw((e) => e.type === 'health' && e.health.worker === 'up' && e.health.restarts === before + 1, 30_000);
    // The new worker reopens the same wallet file (no "already exists" failure).
    await p.nextRaw((e) => e.type === 'log' && /sweep sweep-1: wallet sweep-sweep-1-[0-9a-f]+ open/.test(e.message), 60_000, killedAt);
    expect(walletRpcChildren()).toBe(1);
    // The sweep's wallet-rpc answers only the worker (digest login); anyone else on the machine gets 401.
    const name = walletFilename('sweep', 'sweep-1' as TaskId);
    // The log is appended by each wallet-rpc of this wallet: the last binding is the live one (the first died with the worker).
    const port = [...readFileSync(join(walletDir, `${name}.rpc.log`), 'utf8').matchAll(/Binding on 127\.0\.0\.1 \(IPv4\):(\d+)/g)].at(-1)?.[1];
    expect(port).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${port}/json_rpc`, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'get_version' }) });
    expect(res.status).toBe(401);
    expect(readdirSync(walletDir).some((f) => f.endsWith('.rpc-login.conf'))).toBe(false);
    // Outputs spend after 10 blocks: at 9 confirmations nothing may happen, at 10 the sweep goes out.
    const txInfo = await xmr.daemonPost<{ txs: { block_height: number }[] }>('/get_transactions', { txs_hashes: [lockTxid] });
    const lockBlock = txInfo.txs[0]!.block_height;
    const top = await xmr.height();
    await xmr.mine(lockBlock + 8 - top); // now 9 confirmations
    expect(await p.next(is('sweep-result', 'sweep-1'), 3_000).catch(() => null)).toBeNull();
    const t0 = performance.now();
    let result: Ev<'sweep-result'> | null = null;
    for (let i = 0; i < 3 && result === null; i++) {
      await xmr.mine(1);
      result = await p.next(is('sweep-result', 'sweep-1'), 15_000).catch(() => null);
    }
    console.log(`[xmr syncer] unlock block mined -> sweep-result: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(result).toMatchObject({ ok: true, error: null });
    expect(result!.txids).toHaveLength(1);
    await xmr.mine(1);
    await dest.rpc('refresh', {});
    const got = (await dest.rpc<{ in?: { txid: string; amount: number }[] }>('get_transfers', { in: true })).in ?? [];
    expect(got.map((t) => t.txid)).toEqual(result!.txids);
    expect(BigInt(got[0]!.amount)).toBeLessThan(XMR_AMOUNT);
    expect(BigInt(got[0]!.amount)).toBeGreaterThan(XMR_AMOUNT - 10_000_000_000n); // minus a fee below 0.01 XMR
    expect(p.syncerEvents().filter(is('sweep-result', 'sweep-1'))).toHaveLength(1);
    // Final: its wallet-rpc is closed.
    for (let i = 0; i < 100 && walletRpcChildren() > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(walletRpcChildren()).toBe(0);
  });

  it('a daemon restarted with the same wallet dir is told the sweep already happened, without a second sweep', async () => {
    const first = p.syncerEvents().find(is('sweep-result', 'sweep-1'));
    p.close();
    await sup.stop();
    sup = newSupervisor();
    p = probe(sup);
    sup.send({ kind: 'sweep', id: 'sweep-1', address: lock.address, spendKey: lock.spendKey, viewKey: lock.viewKey, destination: destAddress, fromHeight: lockHeight, minAmount: XMR_AMOUNT.toString() });
    await xmr.mine(1);
    // Opening the wallet again takes a wallet-rpc start: slow on a loaded machine. On a timeout, say where it stood.
    const { at: _at, ...again } = await p.next(is('sweep-result', 'sweep-1'), 120_000).catch((e: unknown) => {
      const log = join(walletDir, `${walletFilename('sweep', 'sweep-1' as TaskId)}.rpc.log`);
      console.log(`[xmr syncer] no sweep-result; wallet-rpc children ${walletRpcChildren()}; wallet dir ${readdirSync(walletDir).join(' ')}; rpc log tail:\n${existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '(none)'}`);
      throw e;
    });
    expect(again).toEqual(first);
    await dest.rpc('refresh', {});
    expect((await dest.rpc<{ in?: unknown[] }>('get_transfers', { in: true })).in).toHaveLength(1);
  });

  it('more watches cost no more monerod calls per block: one walk serves them all (figure printed)', async () => {
    const ids = ['fig-1', 'fig-2', 'fig-3', 'fig-4'];
    for (const id of ids) {
      const k = lockKeys();
      sup.send({ kind: 'watch-address', id, address: k.address, viewKey: k.viewKey, fromHeight: await xmr.height() });
    }
    // Four watches on one walk (this worker was started by the restart above; nothing pays them).
    const lineAt = async (h: number) => {
      const e = await p.nextRaw((x) => x.type === 'log' && x.message.startsWith(`xmr scan: tip ${h}, 4 watch`), 30_000);
      return scanFigures(e.type === 'log' ? e.message : '')!;
    };
    const a = await lineAt(await xmr.mine(1));
    const blocks = 10;
    let h = 0;
    for (let i = 0; i < blocks; i++) {
      h = await xmr.mine(1);
      await lineAt(h);
    }
    const b = await lineAt(h);
    expect(b.tip - a.tip).toBe(blocks);
    expect(walletRpcChildren()).toBe(0);
    const perBlock = (b.calls - a.calls) / blocks;
    const walkPerBlock = (b.walkCalls - a.walkCalls) / blocks;
    // Each block is read once for all watches; a poll round costs the tip (and the pool while a watch waits) whatever the number of watches.
    expect(walkPerBlock).toBeLessThanOrEqual(2);
    console.log(
      `[xmr syncer] ${b.watches} address watches on one walk over ${blocks} blocks: block walk ${walkPerBlock.toFixed(1)} monerod calls per block = ${(walkPerBlock / b.watches).toFixed(2)} per block per watch; ` +
        `all calls ${perBlock.toFixed(1)} per block = ${(perBlock / b.watches).toFixed(2)} per block per watch (${b.rounds - a.rounds} poll rounds at 100 ms, each the tip and the pool); wallet-rpc processes for watches: 0 (was one per watch, refresh + get_transfers each round)`,
    );
    for (const id of ids) sup.send({ kind: 'abort', id: `${id}-abort`, target: id });
    for (const id of ids) await p.next(is('task-aborted', id), 30_000);
  });

  it('a watch from the lock height finds the lock again (the catch-up walk) and its abort ends it', async () => {
    sup.send({ kind: 'watch-address', id: 'w2', address: lock.address, viewKey: lock.viewKey, fromHeight: lockHeight });
    const seen = await p.next(is('address-tx', 'w2', (e) => e.txid === lockTxid), 60_000);
    const txInfo = await xmr.daemonPost<{ txs: { block_height: number }[] }>('/get_transactions', { txs_hashes: [lockTxid] });
    expect(seen).toMatchObject({ amount: XMR_AMOUNT.toString(), confirmations: Math.min(20, (await xmr.height()) - txInfo.txs[0]!.block_height + 1) });
    sup.send({ kind: 'abort', id: 'w2-abort', target: 'w2' });
    await p.next(is('task-aborted', 'w2'), 30_000);
    const since = p.mark();
    await xmr.mine(1);
    expect(await p.next(is('address-tx', 'w2'), 3_000, since).catch(() => null)).toBeNull();
  });

  it('monerod restart while watching: unreachable, recovered, heights resume', async () => {
    sup.send({ kind: 'watch-height', id: 'xh2' });
    await p.next(is('height', 'xh2'));
    const since = p.mark();
    await xmr.stopNode();
    await p.next(is('backend-unreachable'), 20_000, since);
    await xmr.startNode();
    await p.next(is('backend-recovered'), 30_000, since);
    const h = await xmr.mine(1);
    await p.next(is('height', 'xh2', (e) => e.height === h), 20_000, since);
  });
});
