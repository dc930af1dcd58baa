import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../shared/ipc/channels';
import { allReady, readinessOf } from './readiness';

const starting: AppStatus = {
  daemon: { state: 'starting', message: 'starting the swap daemon' },
  chains: [],
  sandbox: { state: 'starting', message: 'starting litecoind and monerod regtest nodes' },
  notices: [],
};

describe('readiness rows', () => {
  it('names all four parts while the sandbox starts, none ready', () => {
    const rows = readinessOf(starting);
    expect(rows.map((r) => r.id)).toEqual(['daemon', 'btc', 'xmr', 'maker']);
    expect(rows.map((r) => r.state)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(rows[1]!.message).toContain('sandbox');
    expect(rows[3]!.message).toContain('litecoind');
    expect(allReady(rows)).toBe(false);
  });
  it('is all ready once the daemon runs, both chains synced and the maker up', () => {
    const rows = readinessOf({
      daemon: { state: 'ready', message: 'ready' },
      chains: [
        { chain: 'btc', height: 120, status: 'ok', message: 'Bitcoin synced' },
        { chain: 'xmr', height: 310, status: 'ok', message: 'Monero synced' },
      ],
      sandbox: { state: 'ready', message: 'sandbox on regtest' },
      notices: [],
    });
    expect(rows.every((r) => r.state === 'ready')).toBe(true);
    expect(rows[1]!.message).toBe('synced, block 120');
    expect(allReady(rows)).toBe(true);
  });
  it('fails a row whose node is unreachable and leaves out the maker without a sandbox', () => {
    const rows = readinessOf({
      daemon: { state: 'ready', message: 'ready' },
      chains: [
        { chain: 'btc', height: null, status: 'unreachable', message: 'Bitcoin node unreachable: check Settings' },
        { chain: 'xmr', height: 9, status: 'stalled', message: 'Monero tip has not moved' },
      ],
      sandbox: { state: 'off', message: 'no sandbox' },
      notices: [],
    });
    expect(rows.map((r) => [r.id, r.state])).toEqual([
      ['daemon', 'ready'],
      ['btc', 'failed'],
      ['xmr', 'waiting'],
    ]);
    expect(rows[1]!.message).toContain('Settings');
  });
  it('fails every part when the daemon could not start', () => {
    const rows = readinessOf({ ...starting, daemon: { state: 'unavailable', message: 'no OS keychain' }, sandbox: { state: 'failed', message: 'litecoind exited' } });
    expect(rows.map((r) => r.state)).toEqual(['failed', 'failed', 'failed', 'failed']);
  });
});
