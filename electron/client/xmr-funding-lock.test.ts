// The funding jobs over a scripted funding wallet: the lock retried until the payment is spendable,
// paid once, then the rest swept back; a withdraw stops locking and sweeps everything back; a lock
// asked after a withdraw never pays; Bob has no funding wallet.
import { describe, expect, it } from 'vitest';
import { SwapIdSchema } from '../../shared/ids';
import { appError, err, ok } from '../../shared/result';
import { inProcessSignerWithSeed } from './swap-signer';
import { XmrFundingJobs, xmrFundingPort, type XmrFundingPort } from './xmr-funding-lock';
import { MemoryFundingStore } from './xmr-funding-store';
import type { XmrFundingWallet } from './xmr-funding-wallet';

const SWEEP_TX = '5e'.repeat(32);
const ref = { swapId: SwapIdSchema.parse('c3'.repeat(16)), role: 'alice' as const };
const owner = { ref, fromHeight: 0, refund: async () => 'refund' };
const wait = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

/** A wallet whose payment becomes spendable after `readyAfter` lock tries. */
function scripted(readyAfter: number) {
  const calls: string[] = [];
  let tries = 0;
  let swept = false;
  const w: XmrFundingWallet = {
    address: 'funding',
    progress: async () => ok({ kind: 'waiting', need: 1n }),
    lock: async (address, piconero) => {
      calls.push(`lock ${address} ${piconero}`);
      return ++tries > readyAfter ? ok('locktx') : err(appError('xmr-funding-not-ready', 'young'));
    },
    sweepBack: async (dest) => {
      calls.push(`sweep ${dest}`);
      if (swept) return ok(null);
      swept = true;
      return ok([SWEEP_TX]);
    },
  };
  const port: XmrFundingPort = { wallet: async () => ok(w) };
  return { calls, port };
}

describe('XMR funding jobs', () => {
  it('retries the lock until spendable, pays once, then sweeps the rest back', async () => {
    const { calls, port } = scripted(3);
    const logs: string[] = [];
    const jobs = new XmrFundingJobs(port, { pollMs: 1, log: (e, d) => logs.push(`${e} ${d}`) });
    void jobs.lock(owner, 'joint', 5n);
    await wait(() => jobs.phase(ref.swapId) === 'done');
    expect(calls).toEqual(['lock joint 5', 'lock joint 5', 'lock joint 5', 'lock joint 5', 'sweep refund']);
    expect(logs).toEqual(['xmr-locked locktx', `xmr-funding-swept ${SWEEP_TX}`]);
    jobs.stop();
  });

  it('a withdraw stops locking and sweeps everything back; a later lock request pays nothing', async () => {
    const { calls, port } = scripted(1_000_000);
    const jobs = new XmrFundingJobs(port, { pollMs: 1 });
    void jobs.lock(owner, 'joint', 5n);
    await wait(() => calls.length >= 2);
    void jobs.withdraw(owner);
    await wait(() => jobs.phase(ref.swapId) === 'done');
    const n = calls.length;
    void jobs.lock(owner, 'joint', 5n);
    await new Promise((r) => setTimeout(r, 30));
    expect(calls.length).toBe(n);
    expect(calls.at(-1)).toBe('sweep refund');
    expect(calls.filter((c) => c.startsWith('sweep'))).toHaveLength(1);
    jobs.stop();
  });

  it('with a store: each phase is written before the job acts, and a restarted job resumes it', async () => {
    const store = new MemoryFundingStore();
    const first = scripted(1_000_000);
    const jobs = new XmrFundingJobs({ ...first.port, store }, { pollMs: 1 });
    await jobs.lock(owner, 'joint', 5n);
    // Written when lock() resolves (the client answers the request only then).
    expect(store.get(ref.swapId)?.phase).toEqual({ kind: 'lock', address: 'joint', piconero: '5' });
    jobs.stop(); // the wallet stops before the payment is spendable

    const second = scripted(0);
    const again = new XmrFundingJobs({ ...second.port, store }, { pollMs: 1 });
    expect(again.phase(ref.swapId)).toBe('lock');
    await again.resume(owner);
    await wait(() => again.phase(ref.swapId) === 'done');
    expect(second.calls).toEqual(['lock joint 5', 'sweep refund']);
    expect(store.get(ref.swapId)).toMatchObject({ phase: { kind: 'done' }, swept: [SWEEP_TX] });
    // Done stays done: a lock asked again (a resent request) pays nothing; resume does nothing.
    await again.lock(owner, 'joint', 5n);
    await again.resume(owner);
    await new Promise((r) => setTimeout(r, 20));
    expect(second.calls).toHaveLength(2);
    again.stop();
  });

  it('with a store: a withdraw recorded before a restart resumes as a sweep, never a lock', async () => {
    const store = new MemoryFundingStore();
    const first = scripted(1_000_000);
    const jobs = new XmrFundingJobs({ ...first.port, store }, { pollMs: 1 });
    await jobs.lock(owner, 'joint', 5n);
    await jobs.withdraw(owner);
    jobs.stop();
    expect(store.get(ref.swapId)?.phase).toEqual({ kind: 'sweep' });
    const second = scripted(0);
    const again = new XmrFundingJobs({ ...second.port, store }, { pollMs: 1 });
    await again.lock(owner, 'joint', 5n); // a lock request after the withdraw: refused by the stored phase
    await again.resume(owner);
    await wait(() => again.phase(ref.swapId) === 'done');
    expect(second.calls).toEqual(['sweep refund']);
    again.stop();
  });

  it('the port gives Bob no funding wallet', async () => {
    const port = xmrFundingPort({ signer: inProcessSignerWithSeed(new Uint8Array(32).fill(3)), network: 'mainnet', rpcFor: async () => ({ rpc: async () => { throw new Error('unused'); } }) });
    const r = await port.wallet({ ...ref, role: 'bob' }, 0);
    expect(r.ok ? 'ok' : r.error.kind).toBe('client-invalid');
  });
});
