// The status line's chain facts: the node in use, each node's lag behind the best answering one, the last
// failover as a notice (for a while), a chain stalled or unreachable under a running swap as a danger
// notice, and the network of the chains in use.
import { describe, expect, it } from 'vitest';
import type { SyncerHealth } from '../syncer/supervisor';
import type { WalletContext } from './wallet-context';
import { appStatus, type ChainHealth } from './wallet-status';

const health = (chain: 'btc' | 'xmr', patch: Partial<SyncerHealth> = {}): SyncerHealth => ({
  chain,
  worker: 'up',
  backend: 'ok',
  error: null,
  restarts: 0,
  tipHeight: 100,
  workerPid: 1,
  endpoints: [],
  lastSwitch: null,
  ...patch,
});
const ctx = (running: boolean): WalletContext =>
  ({
    o: { endpoints: { network: 'testnet' }, sandbox: null },
    node: { daemon: { swapIds: running ? ['ab'.repeat(16)] : [] } },
    views: { viewOf: () => ({ summary: { outcome: 'running' }, warnings: [], asks: [] }) },
  }) as unknown as WalletContext;
const daemon = { state: 'ready' as const, message: 'ready' };

describe('appStatus chains', () => {
  it('names the node in use and each node\'s lag behind the best answering one', () => {
    const h: ChainHealth = new Map([
      [
        'btc',
        health('btc', {
          endpoints: [
            { host: 'a:1', active: false, height: 120, error: 'ECONNREFUSED', checkedAt: 1 },
            { host: 'b:2', active: true, height: 100, error: null, checkedAt: 1 },
            { host: 'c:3', active: false, height: 97, error: null, checkedAt: 1 },
          ],
        }),
      ],
      ['xmr', health('xmr')],
    ]);
    const st = appStatus(ctx(false), h, daemon);
    expect(st.network).toBe('testnet');
    const btc = st.chains.find((c) => c.chain === 'btc')!;
    expect(btc.endpoint).toBe('b:2');
    // The unreachable node's old height does not count as the best.
    expect(btc.endpoints?.map((e) => [e.host, e.lag])).toEqual([
      ['a:1', 0],
      ['b:2', 0],
      ['c:3', 3],
    ]);
    expect(st.notices).toEqual([]);
  });

  it('announces a recent failover as a warning notice, and not an old one', () => {
    const recent = { from: 'a:1', to: 'b:2', reason: 'a:1 unreachable: ECONNREFUSED', at: Date.now() };
    const st = appStatus(ctx(false), new Map([['btc', health('btc', { lastSwitch: recent })], ['xmr', health('xmr')]]), daemon);
    expect(st.notices).toEqual([{ id: `btc:switched:${recent.at}`, swapId: null, level: 'warning', message: 'Bitcoin: switched to b:2: a:1 unreachable: ECONNREFUSED' }]);
    expect(st.chains[0]!.switched).toEqual(recent);
    const old = { ...recent, at: Date.now() - 11 * 60_000 };
    expect(appStatus(ctx(false), new Map([['btc', health('btc', { lastSwitch: old })], ['xmr', health('xmr')]]), daemon).notices).toEqual([]);
  });

  it('a chain stalled or unreachable under a running swap is a danger notice; without a swap only its status says so', () => {
    const h: ChainHealth = new Map([
      ['btc', health('btc')],
      ['xmr', health('xmr', { backend: 'stalled' })],
    ]);
    const withSwap = appStatus(ctx(true), h, daemon);
    expect(withSwap.notices[0]).toMatchObject({ id: 'xmr:stalled', level: 'danger', message: expect.stringContaining('Your running swaps wait for this chain and go on when it is back') });
    expect(appStatus(ctx(false), h, daemon).notices).toEqual([]);
    expect(appStatus(ctx(false), h, daemon).chains[1]!.status).toBe('stalled');
  });
});
