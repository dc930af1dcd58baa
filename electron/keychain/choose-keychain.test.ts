// The keychain choice: a real network with no keychain refuses (and says what to do); only regtest with
// the sandbox on may use the private sandbox keychain; a keychain that answers is always used.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Network } from '../../shared/ipc/channels';
import { chooseKeychain, decideKeychain, refusalMessage, SANDBOX_KEYCHAIN_LINE, SERVER_KEYRING_COMMAND, type ChooseKeychainDeps } from './choose-keychain';

const REAL: Network[] = ['mainnet', 'testnet'];

describe('chooseKeychain with no keychain at all (no D-Bus session, empty HOME)', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'fc-nokc-'));
    const { DBUS_SESSION_BUS_ADDRESS: _drop, ...rest } = process.env;
    env = { ...rest, HOME: home };
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it.each(REAL)('%s refuses fast, naming the network, the desktop fix and the server command', async (network) => {
    const t0 = Date.now();
    const c = await chooseKeychain({ network, sandbox: true, dataDir: home, env });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(c.kind).toBe('refused');
    if (c.kind !== 'refused') return;
    expect(c.message).toContain(`will not start on ${network}`);
    expect(c.message).toContain('DBUS_SESSION_BUS_ADDRESS is not set');
    expect(c.message).toMatch(/unlock your keyring \(GNOME Keyring, KWallet\) and start again/);
    expect(c.message).toContain(`dbus-run-session -- bash -c 'read -rsp "Keyring password: " pw; echo -n "$pw" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npm start'`);
    expect(c.message.length).toBeLessThanOrEqual(500);
    // Nothing was started or written: no sandbox keychain on a real network.
    expect(await readdir(home)).toEqual([]);
  });

  it('regtest without the sandbox refuses too', async () => {
    const c = await chooseKeychain({ network: 'regtest', sandbox: false, dataDir: home, env });
    expect(c).toMatchObject({ kind: 'refused' });
    if (c.kind === 'refused') expect(c.message).toContain('regtest without the sandbox');
  });
});

describe('decideKeychain', () => {
  const none = { ok: false as const, reason: 'no answer' };
  const os = { ok: true as const, name: 'Secret Service (D-Bus)' };
  it('uses a keychain that answered, on every network', () => {
    for (const network of [...REAL, 'regtest'] as Network[]) {
      for (const sandbox of [false, true]) expect(decideKeychain({ network, sandbox, probe: os })).toEqual({ kind: 'os', name: os.name });
    }
  });
  it('falls back to the sandbox keychain only on regtest with the sandbox on', () => {
    expect(decideKeychain({ network: 'regtest', sandbox: true, probe: none })).toEqual({ kind: 'sandbox' });
    for (const network of REAL) expect(decideKeychain({ network, sandbox: true, probe: none }).kind).toBe('refused');
  });
  it('keeps the message under the status limit even with a long reason', () => {
    const m = refusalMessage('mainnet', 'x'.repeat(2_000));
    expect(m.length).toBeLessThanOrEqual(500);
    expect(m.endsWith(SERVER_KEYRING_COMMAND)).toBe(true);
  });
});

describe('chooseKeychain wiring', () => {
  const deps = (ok: boolean): ChooseKeychainDeps & { stopped: () => boolean } => {
    let stopped = false;
    return {
      probe: vi.fn(async () => (ok ? { ok: true as const, name: 'Secret Service (D-Bus)' } : { ok: false as const, reason: 'locked' })),
      startSandbox: vi.fn(async ({ dir }) => ({ env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }, dir, pids: () => [], stop: async () => void (stopped = true) })),
      stopped: () => stopped,
    };
  };
  it('an answering OS keychain: says which, passes its bus on, starts nothing', async () => {
    const d = deps(true);
    const c = await chooseKeychain({ network: 'mainnet', sandbox: false, dataDir: '/data', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/bus' } }, d);
    expect(c).toEqual({ kind: 'os', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/bus' }, line: 'OS keychain: Secret Service (D-Bus)', where: 'the OS keychain, Secret Service (D-Bus)' });
    expect(d.startSandbox).not.toHaveBeenCalled();
  });
  it('regtest sandbox with no keychain: starts the sandbox keychain under <dataDir>/sandbox/keychain, with the line', async () => {
    const d = deps(false);
    const c = await chooseKeychain({ network: 'regtest', sandbox: true, dataDir: '/data', env: {} }, d);
    expect(d.startSandbox).toHaveBeenCalledWith({ dir: join('/data', 'sandbox', 'keychain') });
    expect(c).toMatchObject({ kind: 'sandbox', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }, line: SANDBOX_KEYCHAIN_LINE });
    if (c.kind === 'sandbox') await c.stop();
    expect(d.stopped()).toBe(true);
  });
  it('regtest sandbox whose private keychain cannot start: refused, saying what to install', async () => {
    const d = { ...deps(false), startSandbox: vi.fn(async () => Promise.reject(new Error('gnome-keyring-daemon exited (1)'))) };
    const c = await chooseKeychain({ network: 'regtest', sandbox: true, dataDir: '/data', env: {} }, d);
    expect(c.kind).toBe('refused');
    if (c.kind === 'refused') {
      expect(c.message).toContain('apt-get install dbus gnome-keyring');
      expect(c.message.length).toBeLessThanOrEqual(500);
    }
  });
});
