// The gate before a swap starts: both chains reached, answering, moving, not behind the person's other
// nodes, and their node in use synced on the wallet's network; each refusal says which chain and what to do.
// And the seed gate: on a real network no swap starts before the seed is backed up.
import { describe, expect, it } from 'vitest';
import { appError, err, ok } from '../../shared/result';
import type { SyncerHealth } from '../syncer/supervisor';
import { chainsReadyForSwap, healthProblem, seedReadyForSwap, type GateChecks } from './swap-gate';
import type { WalletEndpoints } from './wallet-context';
import type { ChainHealth } from './wallet-status';

const healthy = (chain: 'btc' | 'xmr', patch: Partial<SyncerHealth> = {}): SyncerHealth => ({
  chain,
  worker: 'up',
  backend: 'ok',
  error: null,
  restarts: 0,
  tipHeight: 100,
  workerPid: 1,
  endpoints: [{ host: `${chain}-a:1`, active: true, height: 100, error: null, checkedAt: 1 }],
  lastSwitch: null,
  ...patch,
});
const both = (btc: Partial<SyncerHealth> = {}, xmr: Partial<SyncerHealth> = {}): ChainHealth =>
  new Map([
    ['btc', healthy('btc', btc)],
    ['xmr', healthy('xmr', xmr)],
  ]);
const endpoints: WalletEndpoints = {
  network: 'mainnet',
  btcNetwork: {} as WalletEndpoints['btcNetwork'],
  btc: { rpcUrl: 'http://btc-a:1' },
  btcFallbacks: [{ rpcUrl: 'http://btc-b:2' }],
  xmr: { daemonUrl: 'http://xmr-a:1' },
};
const asked: string[] = [];
const passing: GateChecks = {
  btc: async (ep) => (asked.push(ep.rpcUrl), ok({ host: ep.rpcUrl, height: 1 })),
  xmr: async (ep) => (asked.push(ep.daemonUrl), ok({ host: ep.daemonUrl, height: 1 })),
};

describe('swap gate', () => {
  it('lets a swap start when both chains are healthy and their nodes in use pass the check', async () => {
    asked.length = 0;
    expect(await chainsReadyForSwap(both(), endpoints, passing, 0)).toEqual({ ok: true, value: undefined });
    expect(asked).toEqual(['http://btc-a:1', 'http://xmr-a:1']);
  });

  it('asks the node in use after a failover, not the first one', async () => {
    asked.length = 0;
    const h = both({ endpoints: [{ host: 'btc-a:1', active: false, height: 90, error: 'down', checkedAt: 1 }, { host: 'btc-b:2', active: true, height: 100, error: null, checkedAt: 1 }] });
    expect((await chainsReadyForSwap(h, endpoints, passing, 0)).ok).toBe(true);
    expect(asked[0]).toBe('http://btc-b:2');
  });

  it('refuses with the chain and what to do: not reached, unreachable, stalled, behind', () => {
    const refusal = (h: ChainHealth, chain: 'btc' | 'xmr') => {
      const r = healthProblem(h, chain);
      expect(r?.ok).toBe(false);
      return r && !r.ok ? r.error : null;
    };
    expect(refusal(new Map([['btc', healthy('btc')]]), 'xmr')).toMatchObject({ kind: 'chain-not-ready', message: expect.stringContaining('Monero node has not been reached yet') });
    expect(refusal(both({ backend: 'unreachable', error: 'ECONNREFUSED' }), 'btc')?.message).toMatch(/Bitcoin node does not answer \(ECONNREFUSED\)\. Start it/);
    expect(refusal(both({}, { backend: 'stalled' }), 'xmr')?.message).toMatch(/Monero node has seen no new block/);
    const behind = both({ endpoints: [{ host: 'btc-a:1', active: true, height: 90, error: null, checkedAt: 1 }, { host: 'btc-b:2', active: false, height: 100, error: null, checkedAt: 1 }] });
    expect(refusal(behind, 'btc')?.message).toMatch(/btc-a:1 is 10 blocks behind your other nodes/);
    expect(healthProblem(both(), 'btc')).toBeNull();
  });

  it('waits for the syncers\' first report, then refuses a chain never reached', async () => {
    const t0 = Date.now();
    const r = await chainsReadyForSwap(new Map([['btc', healthy('btc')]]), endpoints, passing, 300);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('Monero node has not been reached yet') } });
  });

  it('refuses when the node in use fails its check (not synced, wrong network), naming the chain', async () => {
    const failing: GateChecks = { ...passing, xmr: async () => err(appError('node-check', 'Monero node xmr-a:1 is still syncing (height 10 of 3000000); wait until it has caught up.')) };
    const r = await chainsReadyForSwap(both(), endpoints, failing, 0);
    expect(r).toMatchObject({ ok: false, error: { kind: 'chain-not-ready', message: expect.stringContaining('Monero node xmr-a:1 is still syncing') } });
  });
});

describe('seedReadyForSwap', () => {
  it.each(['mainnet', 'testnet', 'signet', 'stagenet'] as const)('on %s refuses until the seed is backed up, and says where to go', async (network) => {
    for (const backedUp of [undefined, async () => false]) {
      const r = await seedReadyForSwap(network, backedUp);
      expect(r.ok ? 'ok' : r.error.kind).toBe('seed-not-backed-up');
      expect(r.ok ? '' : r.error.message).toContain('#/seed');
    }
    expect((await seedReadyForSwap(network, async () => true)).ok).toBe(true);
  });

  it('regtest needs no backup (nothing of value), and does not even ask', async () => {
    let asked = 0;
    expect((await seedReadyForSwap('regtest', async () => (asked++, false))).ok).toBe(true);
    expect((await seedReadyForSwap('regtest', undefined)).ok).toBe(true);
    expect(asked).toBe(0);
  });
});
