// A wallet restored from its 24 words on a new machine is the same wallet: real signer processes
// (child_process.fork) on two real gnome-keyrings on private D-Bus sessions, the host's seed channels
// (wallet-seed.ts) on two empty data dirs. Wallet A is created, its words read; B starts empty (its
// signer makes a seed of its own at first start, as the app does), restores A's words, and then B's
// signer answers A's fingerprint, Nostr key and per-swap keys, also after a restart of B's signer.
// No word reaches a signer log line.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwapIdSchema } from '../../shared/ids';
import { secretServiceMissingReason, startPrivateSecretService, type PrivateSecretService } from '../keychain/private-secret-service';
import { createSignerClient, type SignerClient } from '../signer/signer-client';
import { forkSignerProcess } from '../signer/signer-transport';
import { SEED_BACKUP_FILE } from './seed-backup-mark';
import { walletSeed } from './wallet-seed';

const skipReason = secretServiceMissingReason();
if (skipReason) console.warn(`[seed-restore.itest] skipped: ${skipReason}`);

const SWAP = SwapIdSchema.parse('5eed5eed5eed5eed5eed5eed5eed5eed');
const logs: string[] = [];

function clientFor(env: Record<string, string>, cwd: string): SignerClient {
  return createSignerClient({ requestTimeoutMs: 20_000, spawn: () => forkSignerProcess({ env, cwd, keychainTimeoutMs: 5_000, onLog: (l) => logs.push(l) }) });
}

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { kind: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
};

/** What identifies the wallet to the outside, asked of its signer process. */
async function identity(c: SignerClient) {
  return {
    fingerprint: value(await c.request({ kind: 'status' })).seedFingerprint,
    nostr: value(await c.request({ kind: 'nostr-public-key' })).pubkey,
    alice: value(await c.request({ kind: 'public-keys', swapId: SWAP, role: 'alice' })),
    bob: value(await c.request({ kind: 'public-keys', swapId: SWAP, role: 'bob' })),
  };
}

describe.skipIf(skipReason !== null)('restore from the words on an empty data dir and an empty keychain', () => {
  const services: PrivateSecretService[] = [];
  const clients: SignerClient[] = [];
  const dirs: string[] = [];
  const track = (c: SignerClient) => (clients.push(c), c);
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) services.push(await startPrivateSecretService({ unlock: true }));
    for (let i = 0; i < 2; i++) dirs.push(await mkdtemp(join(tmpdir(), `fc-seed-restore-${i}-`)));
  });
  afterAll(async () => {
    for (const c of clients) await c.stop();
    for (const s of services) await s.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('derives the same fingerprint, Nostr key and swap keys as the wallet the words came from', async () => {
    const t0 = Date.now();
    const [svcA, svcB] = services as [PrivateSecretService, PrivateSecretService];
    const [dirA, dirB] = dirs as [string, string];
    const a = track(clientFor(svcA.env, dirA));
    value(await a.start());
    const seedA = walletSeed({ dataDir: dirA, network: 'mainnet', signer: () => a, unfinishedSwaps: async () => 0 });
    expect(value(await seedA.seedStatus())).toMatchObject({ createdThisRun: true, backedUp: false, required: true });
    const was = await identity(a);
    const { words } = value(await seedA.seedWords({ confirm: true }));
    expect(words).toHaveLength(24);

    const b = track(clientFor(svcB.env, dirB));
    value(await b.start());
    const seedB = walletSeed({ dataDir: dirB, network: 'mainnet', signer: () => b, unfinishedSwaps: async () => 0 });
    const fresh = value(await seedB.seedStatus());
    expect(fresh.createdThisRun).toBe(true);
    expect(fresh.fingerprint).not.toBe(was.fingerprint);
    // Written on paper, typed back: one line per six words, capitals here and there.
    const typed = words.map((w, i) => (i % 5 === 0 ? w.toUpperCase() : w) + (i % 6 === 5 ? '\n' : ' ')).join('');
    const r = value(await seedB.restoreSeed({ words: typed }));
    expect(r.outcome).toBe('replaced');
    expect(r.status).toMatchObject({ fingerprint: was.fingerprint, backedUp: true, createdThisRun: false });
    expect(await identity(b)).toEqual(was);
    expect(JSON.parse(await readFile(join(dirB, SEED_BACKUP_FILE), 'utf8')).fingerprint).toBe(was.fingerprint);

    // The keychain, not the process, holds it: a restarted signer is the same wallet.
    value(await b.restart());
    expect(await identity(b)).toEqual(was);
    expect(value(await seedB.seedStatus())).toMatchObject({ fingerprint: was.fingerprint, createdThisRun: false, backedUp: true });

    const logged = logs.join('\n');
    expect(logs.length).toBeGreaterThan(3);
    // Log text shares English words with BIP39 ("seed", "event", "level"): what must never be there is any
    // two of the phrase's words in their order.
    const tokens = ` ${logged.toLowerCase().split(/\W+/).join(' ')} `;
    for (let i = 0; i + 1 < words.length; i++) expect(tokens).not.toContain(` ${words[i]} ${words[i + 1]} `);
    console.log(`[seed-restore.itest] restore and compare on two keyrings: ${Date.now() - t0} ms`);
  }, 120_000);
});
