// The keychain choice against real dbus-daemon + gnome-keyring: the probe tells an answering keyring
// from a locked, hung or absent one within its bound; with no D-Bus session and an empty HOME, regtest
// + sandbox gets the private sandbox keychain, whose seed survives a full stop and start; nothing is
// left running after stop(), nor after a kill -9 of the process that started it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseKeychain, SANDBOX_KEYCHAIN_LINE, sandboxKeychainDir, type KeychainChoice } from './choose-keychain';
import { probeOsKeychain } from './keychain-probe';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from './keychain-port';
import { secretServiceMissingReason, startPrivateSecretService, type PrivateSecretService } from './private-secret-service';
import { runKeychainChild } from '../../rigs/keychain/run-keychain-child';

const skipReason = secretServiceMissingReason();
if (skipReason) console.warn(`[choose-keychain.itest] skipped: ${skipReason}`);

/** Alive and not a zombie (a container's init may never reap an orphan). */
function running(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  while (Date.now() < end && pids.some(running)) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(running);
}

/** Every process started for one private keychain: they all carry its XDG_RUNTIME_DIR. */
function processesWithRuntimeDir(runDir: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, 'utf8').split('\0').includes(`XDG_RUNTIME_DIR=${runDir}`) && running(Number(d))) out.push(Number(d));
    } catch {
      // a process that ended meanwhile
    }
  }
  return out;
}

describe.skipIf(skipReason !== null)('probe on a real gnome-keyring', () => {
  let svc: PrivateSecretService;
  beforeAll(async () => {
    svc = await startPrivateSecretService({ unlock: true });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('an unlocked keyring answers, and the probe leaves no entry behind', async () => {
    expect(await probeOsKeychain({ env: svc.env })).toEqual({ ok: true, name: 'Secret Service (D-Bus)' });
    const left = await runKeychainChild(svc.env, 5_000, [{ op: 'get', service: KEYCHAIN_SERVICE, account: 'keychain-probe' }]);
    expect(left[0]?.kind).toBe('not-found');
  });

  it('a locked keyring is not usable, and says so within the bound', async () => {
    await svc.restartKeyring({ unlock: false });
    try {
      const t0 = Date.now();
      const r = await probeOsKeychain({ env: svc.env });
      expect(r.ok).toBe(false);
      expect(Date.now() - t0).toBeLessThan(4_000);
    } finally {
      await svc.restartKeyring({ unlock: true });
    }
  });

  it('a hung keyring times out at ~3 s, not after D-Bus gives up (~25 s)', async () => {
    svc.freezeKeyring();
    try {
      const t0 = Date.now();
      const r = await probeOsKeychain({ env: svc.env });
      expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('no answer within 3 s') });
      expect(Date.now() - t0).toBeLessThan(4_500);
    } finally {
      svc.thawKeyring();
    }
  });

  it('regtest + sandbox uses an OS keychain that answers (no private one started)', async () => {
    const c = await chooseKeychain({ network: 'regtest', sandbox: true, dataDir: '/nonexistent', env: svc.env });
    expect(c).toEqual({ kind: 'os', env: { DBUS_SESSION_BUS_ADDRESS: svc.env.DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR: svc.env.XDG_RUNTIME_DIR }, line: 'OS keychain: Secret Service (D-Bus)', where: 'the OS keychain, Secret Service (D-Bus)' });
  });
});

describe.skipIf(skipReason !== null)('sandbox keychain with no D-Bus session and an empty HOME', () => {
  let root: string;
  let hostEnv: NodeJS.ProcessEnv;
  const seed = randomBytes(32).toString('hex');
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fc-sbkc-'));
    const { DBUS_SESSION_BUS_ADDRESS: _drop, ...rest } = process.env;
    hostEnv = { ...rest, HOME: join(root, 'empty-home') };
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const start = async (): Promise<Extract<KeychainChoice, { kind: 'sandbox' }>> => {
    const c = await chooseKeychain({ network: 'regtest', sandbox: true, dataDir: join(root, 'data'), env: hostEnv });
    if (c.kind !== 'sandbox') throw new Error(`expected the sandbox keychain, got ${JSON.stringify(c)}`);
    return c;
  };
  const childEnv = (c: { env: Record<string, string> }) => ({ ...hostEnv, ...c.env }) as Record<string, string>;

  it('starts the private keychain; a seed written by keytar in a child survives stop and start; nothing is left running', async () => {
    const first = await start();
    let pids: number[] | undefined;
    try {
      expect(first.line).toBe(SANDBOX_KEYCHAIN_LINE);
      const w = await runKeychainChild(childEnv(first), 5_000, [{ op: 'set', service: KEYCHAIN_SERVICE, account: SEED_ACCOUNT, secret: seed }]);
      expect(w[0]).toMatchObject({ ok: true });
      pids = processesWithRuntimeDir(first.env.XDG_RUNTIME_DIR!);
      expect(pids.length).toBe(2); // dbus-daemon and gnome-keyring-daemon
    } finally {
      await first.stop();
    }
    expect(await waitGone(pids ?? [], 2_000)).toEqual([]);
    expect(existsSync(first.env.XDG_RUNTIME_DIR!)).toBe(false);

    const dir = sandboxKeychainDir(join(root, 'data'));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'keyrings'))).toContain('login.keyring');
    expect(readFileSync(join(dir, 'keyrings', 'login.keyring')).includes(Buffer.from(seed))).toBe(false);

    const second = await start();
    try {
      const r = await runKeychainChild(childEnv(second), 5_000, [{ op: 'get', service: KEYCHAIN_SERVICE, account: SEED_ACCOUNT }]);
      expect(r[0]).toMatchObject({ ok: true, value: seed });
    } finally {
      await second.stop();
    }
  });

  it('a kill -9 of the host takes the bus and the keyring daemon with it', async () => {
    const entry = fileURLToPath(new URL('./sandbox-keychain.ts', import.meta.url));
    const script = `import { startSandboxKeychain } from ${JSON.stringify(entry)};
      const k = await startSandboxKeychain({ dir: ${JSON.stringify(join(root, 'kill9'))} });
      console.log(JSON.stringify({ pids: k.pids(), run: k.env.XDG_RUNTIME_DIR })); setInterval(() => {}, 1000);`;
    const host = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], { env: hostEnv, stdio: ['ignore', 'pipe', 'inherit'] });
    const { pids, run } = await new Promise<{ pids: number[]; run: string }>((resolve, reject) => {
      host.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as { pids: number[]; run: string }));
      host.once('exit', (code) => reject(new Error(`host exited (${code})`)));
    });
    try {
      expect(pids.length).toBe(2);
      expect(pids.every(running)).toBe(true);
      host.kill('SIGKILL');
      expect(await waitGone(pids, 3_000)).toEqual([]);
    } finally {
      host.kill('SIGKILL');
      for (const p of pids.filter(running)) process.kill(p, 'SIGKILL');
      // The killed host could not remove its temp dir (bus socket, empty HOME): we do.
      await rm(dirname(run), { recursive: true, force: true });
    }
  });
});
