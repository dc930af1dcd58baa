// The sweep pool with fake wallet sessions: never more than MAX_OPEN_SWEEPS monero-wallet-rpc open at once, a sweep
// still waiting for its coins gives its wallet up to a queued one, every sweep happens exactly once, and a final
// sweep's wallet is closed.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { TaskId } from '../../shared/ids';
import type { SyncerEvent } from '../../shared/syncer/messages';
import type { XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { publicKeyOf, scReduce32 } from '../../shared/crypto/monero-keys';
import { encodeStandardAddress } from '../../shared/crypto/monero-address';
import { toHex } from '../../shared/hex';
import type { WalletSession } from './monero-wallet-session';
import { admitWalletJob, MAX_OPEN_SWEEPS, runSweeps } from './xmr-job-runner';
import type { WalletJob, WalletJobContext } from './xmr-wallet-job';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
function lock() {
  const spend = scReduce32(randomBytes(32));
  const view = scReduce32(randomBytes(32));
  return { spendKey: toHex(spend), viewKey: toHex(view), address: unwrap(encodeStandardAddress('mainnet', unwrap(publicKeyOf(spend)), unwrap(publicKeyOf(view)))) };
}

const cfg: XmrWorkerConfig = {
  chain: 'xmr', daemonUrl: 'http://127.0.0.1:1', walletRpcBin: 'monero-wallet-rpc', walletDir: '/nonexistent', walletRpcStartTimeoutMs: 60_000,
  pollMs: 100, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 1_000,
};

describe('the sweep pool', () => {
  it(`keeps at most ${MAX_OPEN_SWEEPS} wallet-rpc open, rotates waiting sweeps, sweeps each once and closes it when final`, async () => {
    const funded = new Map<string, bigint>();
    const swept = new Map<string, number>();
    let open = 0;
    let maxOpen = 0;
    const opened: string[] = [];
    const events: SyncerEvent[] = [];
    const ctx: WalletJobContext = {
      cfg,
      emit: (e) => events.push(e),
      log: () => undefined,
      openSession: async (_c, _role, taskId) => {
        open++;
        maxOpen = Math.max(maxOpen, open);
        opened.push(taskId);
        let alive = true;
        const answer = (method: string): unknown => {
          const bal = funded.get(taskId) ?? 0n;
          switch (method) {
            case 'get_transfers':
              return (swept.get(taskId) ?? 0) > 0 ? { out: [{ txid: taskId.slice(-1).repeat(64), amount: 1 }] } : {};
            case 'get_balance':
              return { balance: bal.toString(), unlocked_balance: bal.toString() };
            case 'sweep_all':
              swept.set(taskId, (swept.get(taskId) ?? 0) + 1);
              return { tx_hash_list: [taskId.slice(-1).repeat(64)] };
            default:
              return {};
          }
        };
        const s: WalletSession = {
          filename: taskId,
          call: async <S extends z.ZodType>(method: string, _p: Record<string, unknown>, schema: S) => {
            await Promise.resolve();
            return schema.parse(answer(method)) as z.infer<S>;
          },
          close: async () => {
            if (alive) open--;
            alive = false;
          },
          isAlive: () => alive,
        };
        return s;
      },
    };
    const jobs = new Map<TaskId, WalletJob>();
    const ids = ['s:xmr:sweep:a', 's:xmr:sweep:b', 's:xmr:sweep:c'] as TaskId[];
    const dest = lock().address;
    for (const id of ids) {
      const k = lock();
      admitWalletJob(ctx, jobs, { kind: 'sweep', id, address: k.address, spendKey: k.spendKey, viewKey: k.viewKey, destination: dest, fromHeight: 0, minAmount: '5' });
    }
    expect(jobs.size).toBe(3);
    const settle = async () => {
      for (let i = 0; i < 10; i++) await Promise.all([...jobs.values()].map((j) => j.busy));
    };
    // Two rounds per block; the coins arrive (unlocked) at the fourth block.
    for (let tip = 1; tip <= 8; tip++) {
      if (tip === 4) for (const id of ids) funded.set(id, 10n);
      for (let round = 0; round < 2; round++) {
        runSweeps(ctx, jobs, `hash-${tip}`);
        await settle();
        expect(open).toBeLessThanOrEqual(MAX_OPEN_SWEEPS);
      }
    }
    expect(maxOpen).toBe(MAX_OPEN_SWEEPS);
    // Every sweep got a wallet before the coins came (rotation), and swept exactly once.
    expect(new Set(opened.filter((_, i) => i < 4))).toEqual(new Set(ids));
    expect([...swept.values()]).toEqual([1, 1, 1]);
    expect(events.filter((e) => e.kind === 'sweep-result').map((e) => e.kind === 'sweep-result' && [e.taskId, e.ok])).toEqual(expect.arrayContaining(ids.map((id) => [id, true])));
    expect(events.filter((e) => e.kind === 'sweep-result')).toHaveLength(3);
    expect(open).toBe(0);
  });
});
