// The Monero worker reads the network table: a lock address of another network than the node's chain
// is refused before any wallet is made, and the wallet-rpc argv carries the chain's flag and the node's
// trust (`--untrusted-daemon` for a remote node). Keys and addresses: shared/networks/vectors.
import { describe, expect, it } from 'vitest';
import type { TaskId } from '../../shared/ids';
import type { SyncerEvent } from '../../shared/syncer/messages';
import type { XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import v from '../../shared/networks/vectors/network-addresses.json';
import { createXmrBackend } from './xmr-backend';
import { walletRpcArgvOf } from './monero-wallet-session';
import type { WatchTask } from './xmr-address-watch';

const cfg = (over: Partial<XmrWorkerConfig>): XmrWorkerConfig => ({
  chain: 'xmr', daemonUrl: 'http://127.0.0.1:38081', walletRpcBin: 'monero-wallet-rpc', walletDir: '/tmp/w', walletRpcStartTimeoutMs: 60_000,
  pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 1_000, ...over,
});
const watch = (address: string): WatchTask => ({ kind: 'watch-address', id: 'aa:xmr:watch-address:lock' as TaskId, address, viewKey: v.jointLock.jointViewKey, fromHeight: 0 });

function admit(c: XmrWorkerConfig, t: WatchTask) {
  const events: SyncerEvent[] = [];
  // The watch is admitted in process (no wallet): only a refused one says anything when added.
  createXmrBackend(c, (e) => events.push(e), () => undefined).add(t);
  return { events, admitted: events.length === 0 };
}

describe('the worker checks the lock address against its Monero chain', () => {
  it('a stagenet node takes the stagenet lock and refuses the mainnet one', () => {
    expect(admit(cfg({ moneroNetwork: 'stagenet' }), watch(v.jointLock.address.stagenet))).toEqual({ events: [], admitted: true });
    const r = admit(cfg({ moneroNetwork: 'stagenet' }), watch(v.jointLock.address.mainnet));
    expect(r.admitted).toBe(false);
    expect(r.events).toEqual([{ kind: 'task-error', taskId: 'aa:xmr:watch-address:lock', error: 'watch-address: address is a mainnet address, the node runs stagenet (stagenet addresses)' }]);
  });

  it('regtest (and a config older than the field) takes mainnet-format locks only', () => {
    expect(admit(cfg({}), watch(v.jointLock.address.mainnet)).admitted).toBe(true);
    expect(admit(cfg({ moneroNetwork: 'regtest' }), watch(v.jointLock.address.testnet)).admitted).toBe(false);
    expect(admit(cfg({ moneroNetwork: 'testnet' }), watch(v.jointLock.address.testnet)).admitted).toBe(true);
  });
});

describe('the wallet-rpc argv of a worker config', () => {
  const flagsOf = (c: XmrWorkerConfig) => walletRpcArgvOf(c, 'watch-x', 40000, '/tmp/w/x.conf').filter((a) => /^--(testnet|stagenet|trusted-daemon|untrusted-daemon)$/.test(a));
  it('old configs: regtest and a trusted local node, as before', () => expect(flagsOf(cfg({}))).toEqual(['--trusted-daemon']));
  it('a remote stagenet node over HTTPS: --stagenet --untrusted-daemon, ssl on, port 443 by default', () => {
    const c = cfg({ daemonUrl: 'https://node.example', moneroNetwork: 'stagenet', trustedDaemon: false });
    expect(flagsOf(c)).toEqual(['--stagenet', '--untrusted-daemon']);
    const argv = walletRpcArgvOf(c, 'watch-x', 40000, '/tmp/w/x.conf');
    expect(argv[argv.indexOf('--daemon-address') + 1]).toBe('node.example:443');
    expect(argv[argv.indexOf('--daemon-ssl') + 1]).toBe('enabled');
  });
  it('testnet, trusted: --testnet --trusted-daemon', () => expect(flagsOf(cfg({ moneroNetwork: 'testnet', trustedDaemon: true }))).toEqual(['--testnet', '--trusted-daemon']));
});
