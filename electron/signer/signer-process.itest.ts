// The real signer process (child_process.fork) against a real gnome-keyring on a private D-Bus:
// first-run seed, same keys after restart, kill -9 mid-request, locked/missing keychain, no leaks.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/hex';
import { SwapIdSchema } from '../../shared/ids';
import { ecdsaVerify } from '../../shared/crypto/ecdsa-adaptor';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { runKeychainChild } from '../../rigs/keychain/run-keychain-child';
import { secretServiceMissingReason, startPrivateSecretService, type PrivateSecretService } from '../keychain/private-secret-service';
import { dleqVerify } from '../../shared/crypto/cross-group-dleq';
import { deriveSwapSecrets, masterSeedFromEntropy } from './key-source';
import { createSignerClient, type SignerClient } from './signer-client';
import { forkSignerProcess } from './signer-transport';

const skipReason = secretServiceMissingReason();
if (skipReason) console.warn(`[signer-process.itest] skipped: ${skipReason}`);

const SWAP = SwapIdSchema.parse('a1a2a3a4a5a6a7a8a9aaabacadaeaf00');
const DIGEST = 'cd'.repeat(32);

/** Everything that crossed the process boundary or was written: for the leak check. */
const seen = { messages: [] as unknown[], logs: [] as string[] };

function clientFor(env: Record<string, string>, cwd: string, keychainTimeoutMs = 2_000): SignerClient {
  return createSignerClient({
    requestTimeoutMs: 20_000,
    spawn: () => {
      const t = forkSignerProcess({ env, cwd, keychainTimeoutMs, onLog: (l) => seen.logs.push(l) });
      return { ...t, onMessage: (cb) => t.onMessage((m) => (seen.messages.push(m), cb(m))) };
    },
  });
}

const kindOf = (r: { ok: boolean; error?: { kind: string } }) => (r.ok ? 'ok' : r.error!.kind);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    if (e.isFile() && (await stat(p)).size < 10_000_000) out.push(p);
  }
  return out;
}

describe.skipIf(skipReason !== null)('signer process on a real gnome-keyring', () => {
  let svc: PrivateSecretService;
  let cwd: string;
  const clients: SignerClient[] = [];
  const track = (c: SignerClient) => (clients.push(c), c);
  let firstFingerprint = '';
  let firstKeys: unknown;

  beforeAll(async () => {
    svc = await startPrivateSecretService({ unlock: true });
    cwd = await mkdtemp(join(tmpdir(), 'fc-signer-cwd-'));
  });
  afterAll(async () => {
    for (const c of clients) await c.stop();
    await svc?.stop();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  it('creates the seed on first run and serves public keys', async () => {
    const c = track(clientFor(svc.env, cwd));
    expect(kindOf(await c.start())).toBe('ok');
    const status = await c.request({ kind: 'status' });
    if (!status.ok) throw new Error(status.error.message);
    expect(status.value.seedCreated).toBe(true);
    firstFingerprint = status.value.seedFingerprint;
    const keys = await c.request({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    expect(keys.ok).toBe(true);
    firstKeys = keys.ok && keys.value;
    await c.stop();
  });

  it('a restarted signer loads the same seed and gives the same public keys', async () => {
    const c = track(clientFor(svc.env, cwd));
    expect(kindOf(await c.start())).toBe('ok');
    const status = await c.request({ kind: 'status' });
    expect(status.ok && status.value).toEqual({ seedFingerprint: firstFingerprint, seedCreated: false });
    const keys = await c.request({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    expect(keys.ok && keys.value).toEqual(firstKeys);
    // The DLEQ proof (65 KB over IPC) binds the announced adaptor point to the announced spend key.
    const t0 = performance.now();
    const dleq = await c.request({ kind: 'dleq-proof', swapId: SWAP, role: 'bob' });
    const proveMs = performance.now() - t0;
    if (!dleq.ok) throw new Error(dleq.error.message);
    const announced = firstKeys as { adaptor: string; xmrSpendPublic: string };
    expect([dleq.value.adaptor, dleq.value.xmrSpendPublic]).toEqual([announced.adaptor, announced.xmrSpendPublic]);
    const t1 = performance.now();
    expect(dleqVerify(fromHex(dleq.value.proof), { ed25519: fromHex(announced.xmrSpendPublic), secp256k1: fromHex(announced.adaptor) })).toEqual({ ok: true, value: true });
    console.log(`[signer-process.itest] dleq-proof request ${proveMs.toFixed(0)} ms (prove in signer + 65 KB IPC), verify in test ${(performance.now() - t1).toFixed(0)} ms`);
    // And it signs once approved, with the key it announced.
    expect(kindOf(await c.request({ kind: 'approve', swapId: SWAP, role: 'bob', action: 'sign-cancel', digest: DIGEST }))).toBe('ok');
    const sig = await c.request({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-cancel', digest: DIGEST } });
    if (!sig.ok || !('signature' in sig.value)) throw new Error('no signature');
    const cancelKey = (firstKeys as { btc: { cancel: string } }).btc.cancel;
    expect(ecdsaVerify(fromHex(sig.value.signature), fromHex(DIGEST), fromHex(cancelKey))).toBe(true);
    await c.stop();
  });

  it('kill -9 of the signer mid-request gives signer-exited, and a restart serves again', async () => {
    const c = track(clientFor(svc.env, cwd, 15_000));
    expect(kindOf(await c.start())).toBe('ok');
    // Freeze the keyring so the seed load is certainly in flight when the signer is killed.
    svc.freezeKeyring();
    try {
      const pending = c.request({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
      await new Promise((r) => setTimeout(r, 300));
      process.kill(c.pid!, 'SIGKILL');
      expect(kindOf(await pending)).toBe('signer-exited');
      expect(kindOf(await c.request({ kind: 'status' }))).toBe('signer-not-running');
    } finally {
      svc.thawKeyring();
    }
    expect(kindOf(await c.restart())).toBe('ok');
    const keys = await c.request({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    expect(keys.ok && keys.value).toEqual(firstKeys);
    await c.stop();
  });

  it('a hung keyring gives timeout within the keychain bound, and the next request after it recovers works', async () => {
    const c = track(clientFor(svc.env, cwd, 1_000));
    expect(kindOf(await c.start())).toBe('ok');
    svc.freezeKeyring();
    try {
      expect(kindOf(await c.request({ kind: 'status' }))).toBe('timeout');
    } finally {
      svc.thawKeyring();
    }
    const status = await c.request({ kind: 'status' });
    expect(status.ok && status.value).toEqual({ seedFingerprint: firstFingerprint, seedCreated: false });
    await c.stop();
  });

  it('a locked keyring gives keychain-locked (no new seed), and the seed is intact after unlock', async () => {
    await svc.restartKeyring({ unlock: false });
    try {
      const c = track(clientFor(svc.env, cwd));
      expect(kindOf(await c.start())).toBe('ok');
      expect(kindOf(await c.request({ kind: 'public-keys', swapId: SWAP, role: 'bob' }))).toBe('keychain-locked');
      await c.stop();
    } finally {
      await svc.restartKeyring({ unlock: true });
    }
    const c = track(clientFor(svc.env, cwd));
    await c.start();
    const status = await c.request({ kind: 'status' });
    expect(status.ok && status.value).toEqual({ seedFingerprint: firstFingerprint, seedCreated: false });
    await c.stop();
  });

  it('no D-Bus session gives keychain-unavailable, not a hang', async () => {
    const { DBUS_SESSION_BUS_ADDRESS: _gone, ...env } = svc.env;
    const c = track(clientFor(env, cwd));
    expect(kindOf(await c.start())).toBe('ok');
    expect(kindOf(await c.request({ kind: 'status' }))).toBe('keychain-unavailable');
    await c.stop();
  });

  it('no seed or derived secret key appears in any message, log line or file the signer could write', async () => {
    const stored = await runKeychainChild(svc.env, 5_000, [{ op: 'get', service: KEYCHAIN_SERVICE, account: SEED_ACCOUNT }]);
    const seedHex = stored[0]?.value;
    if (typeof seedHex !== 'string') throw new Error('seed not readable from the keyring');
    const seed = fromHex(seedHex);
    const master = masterSeedFromEntropy(seed);
    const s = deriveSwapSecrets(master, SWAP, 'bob');
    const secrets = [seed, master, ...Object.values(s.btc), s.xmrSpend, s.adaptorSecret];
    const needles = secrets.flatMap((b) => [toHex(b), Buffer.from(b).toString('base64')]);
    expect(seen.messages.length).toBeGreaterThan(10);
    expect(seen.logs.length).toBeGreaterThan(3);
    const wire = JSON.stringify(seen.messages) + '\n' + seen.logs.join('\n');
    for (const n of needles) expect(wire.includes(n)).toBe(false);
    // The signer's cwd stays empty; nothing in its HOME (keyring files are encrypted) holds a secret.
    expect(await readdir(cwd)).toEqual([]);
    const files = await filesUnder(svc.home);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = await readFile(f);
      for (const b of secrets) expect(bytes.includes(Buffer.from(b)), `raw secret in ${f}`).toBe(false);
      const text = bytes.toString('latin1');
      for (const n of needles) expect(text.includes(n), `encoded secret in ${f}`).toBe(false);
    }
  });
});
