// openWallet's keychain part: a refused keychain never starts the signer and the status says why; a
// chosen keychain's environment reaches every signer spawn; the sandbox keychain stops with the wallet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../shared/ipc/channels';
import type { KeychainChoice } from '../keychain/choose-keychain';
import type { SignerTransport } from '../signer/signer-transport';
import { openWallet } from './open-wallet';

const settings = (s: Partial<Settings>): Settings => ({
  network: 'mainnet',
  sandbox: false,
  bitcoinNodes: [{ url: 'http://127.0.0.1:1', auth: { kind: 'none' } }],
  moneroNodes: [{ url: 'http://127.0.0.1:2', trusted: true }],
  dataDir: '',
  // No Nostr relay: mainnet's defaults are public relays, which a unit test must not dial.
  relays: [],
  ...s,
});

/** A signer that dies at once: start() fails fast, no process is involved. */
const deadSigner = (): SignerTransport => ({
  pid: undefined,
  send: () => false,
  onMessage: () => undefined,
  onExit: (cb) => cb({ code: 1, signal: null }),
  disconnect: () => undefined,
  kill: () => undefined,
});

describe('openWallet keychain', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fc-ow-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const open = (s: Partial<Settings>, choice: KeychainChoice, extra: { sandboxFile?: string } = {}) => {
    const spawnSigner = vi.fn(deadSigner);
    const lines: string[] = [];
    const w = openWallet({
      dataDir,
      settings: settings(s),
      spawnSigner,
      backupStore: { get: () => undefined, set: () => undefined },
      log: (l) => lines.push(l),
      chooseKeychain: async () => choice,
      ...extra,
    });
    return { w, spawnSigner, lines };
  };

  it('refused: the signer is not started and the daemon status is unavailable with the message', async () => {
    const { w, spawnSigner, lines } = open({ network: 'mainnet' }, { kind: 'refused', message: 'No OS keychain answered (x): do this' });
    await w.ready;
    expect(spawnSigner).not.toHaveBeenCalled();
    expect((await w.api.status()).daemon).toEqual({ state: 'unavailable', message: 'No OS keychain answered (x): do this' });
    expect(await w.keychainLine).toBe('No OS keychain answered (x): do this');
    expect(lines.join('\n')).toContain('No OS keychain answered (x): do this');
    await w.stop();
  });

  it('an OS keychain: logged, exposed, and its env given to the signer spawn', async () => {
    const { w, spawnSigner, lines } = open({ network: 'testnet' }, { kind: 'os', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/b' }, line: 'OS keychain: Secret Service (D-Bus)', where: 'the OS keychain, Secret Service (D-Bus)' });
    await w.ready;
    expect(spawnSigner).toHaveBeenCalledWith({ env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/b' } });
    expect(lines).toContain('OS keychain: Secret Service (D-Bus)');
    expect(await w.keychainLine).toBe('OS keychain: Secret Service (D-Bus)');
    await w.stop();
  });

  it('the sandbox keychain is stopped by stop(), even when the wallet failed to start', async () => {
    const stop = vi.fn(async () => undefined);
    const choice: KeychainChoice = { kind: 'sandbox', env: {}, line: 'sandbox line', where: 'sandbox', stop };
    const { w } = open({ network: 'regtest', sandbox: true }, choice, { sandboxFile: join(dataDir, 'missing.json') });
    await w.ready;
    expect((await w.api.status()).daemon.state).toBe('unavailable');
    expect(stop).not.toHaveBeenCalled();
    await w.stop();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

describe('openWallet offer book', () => {
  it('book:list answers with the daemon unavailable; a new relay list takes effect, an empty one empties it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fc-ow-book-'));
    const w = openWallet({
      dataDir,
      settings: settings({ network: 'mainnet', dataDir }),
      spawnSigner: deadSigner,
      backupStore: { get: () => undefined, set: () => undefined },
      chooseKeychain: async () => ({ kind: 'refused', message: 'no keychain' }),
    });
    await w.ready;
    expect((await w.api.status()).daemon.state).toBe('unavailable');
    expect(await w.api.browseOffers()).toEqual({ ok: true, value: { offers: [], relays: [], ignored: 0 } });
    // A closed loopback port: shown with its source, never blocking the answer.
    w.setRelays(['ws://127.0.0.1:9']);
    const r = await w.api.browseOffers();
    expect(r.ok && r.value.relays.map((x) => [x.url, x.source])).toEqual([['ws://127.0.0.1:9', 'settings']]);
    w.setRelays([]);
    expect(await w.api.browseOffers()).toEqual({ ok: true, value: { offers: [], relays: [], ignored: 0 } });
    await w.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
});
