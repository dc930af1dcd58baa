// The host's seed channels over a real signer core (memory keychain) and a temp data dir: the backed-up
// mark follows the seed's fingerprint, the check writes it only for right words, and a restore over
// another seed is refused while swaps are unfinished and allowed (marked backed up) when none are.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { decodeAnswer, type SignerClient } from '../signer/signer-client';
import { createSignerCore } from '../signer/signer-core';
import { SEED_BACKUP_FILE } from './seed-backup-mark';
import { walletSeed } from './wallet-seed';

function inProcessClient(): SignerClient {
  const core = createSignerCore({ keychain: createMemoryKeychain() });
  let id = 0;
  return {
    start: async () => ({ ok: true, value: undefined }),
    restart: async () => ({ ok: true, value: undefined }),
    stop: async () => undefined,
    pid: undefined,
    request: async (body) => decodeAnswer(body.kind, (await core.handle({ id: ++id, body })).result) as never,
  };
}

function setup(o: { network?: 'mainnet' | 'regtest'; unfinished?: number } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'wallet-seed-'));
  const signer = inProcessClient();
  let unfinished = o.unfinished ?? 0;
  const changed: string[] = [];
  const lines: string[] = [];
  const seed = walletSeed({ dataDir: dir, network: o.network ?? 'mainnet', signer: () => signer, unfinishedSwaps: async () => unfinished, onSeedChanged: (f) => changed.push(f), log: (l) => lines.push(l), now: () => 1234 });
  return { dir, seed, changed, lines, setUnfinished: (n: number) => (unfinished = n) };
}
const value = <T>(r: { ok: true; value: T } | { ok: false; error: { kind: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
};

describe('wallet seed channels', () => {
  it('a new seed is not backed up; right picks mark it (file names the fingerprint), wrong picks do not', async () => {
    const { dir, seed, lines } = setup();
    const st = value(await seed.seedStatus());
    expect(st).toMatchObject({ backedUp: false, createdThisRun: true, required: true, unfinishedSwaps: 0 });
    expect(await seed.backedUp()).toBe(false);
    const { words } = value(await seed.seedWords({ confirm: true }));
    const wrong = await seed.confirmSeedBackup({ picks: [{ position: 2, word: words[1]! }, { position: 9, word: words[9]! === words[8] ? 'zoo' : words[9]! }, { position: 20, word: words[19]! }] });
    expect(wrong.ok ? 'ok' : wrong.error.kind).toBe('seed-check-mismatch');
    expect(await seed.backedUp()).toBe(false);
    const right = value(await seed.confirmSeedBackup({ picks: [2, 9, 20].map((p) => ({ position: p, word: words[p - 1]!.toUpperCase() })) }));
    expect(right.backedUp).toBe(true);
    expect(await seed.backedUp()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, SEED_BACKUP_FILE), 'utf8'))).toEqual({ confirmedAt: 1234, fingerprint: st.fingerprint });
    // A log line may hold an English word that is also a BIP39 word ("person"): what must never be there
    // is the phrase, or any two of its words in their order.
    const logged = ` ${lines.join(' ').toLowerCase().split(/\W+/).join(' ')} `;
    for (let i = 0; i + 1 < words.length; i++) expect(logged).not.toContain(` ${words[i]} ${words[i + 1]} `);
  });

  it('regtest does not require the backup', async () => {
    expect(value(await setup({ network: 'regtest' }).seed.seedStatus()).required).toBe(false);
  });

  it('restore over the seed made at first start: refused while swaps are unfinished, done (and backed up) when none are', async () => {
    const source = setup();
    const wanted = value(await source.seed.seedStatus()).fingerprint;
    const words = value(await source.seed.seedWords({ confirm: true })).words.join(' ');
    const t = setup({ unfinished: 2 });
    const own = value(await t.seed.seedStatus());
    const refused = await t.seed.restoreSeed({ words });
    expect(refused.ok ? 'ok' : [refused.error.kind, refused.error.message.includes('2 unfinished swaps')]).toEqual(['seed-exists', true]);
    expect(value(await t.seed.seedStatus()).fingerprint).toBe(own.fingerprint);
    t.setUnfinished(0);
    const r = value(await t.seed.restoreSeed({ words: `\n ${words.toUpperCase()}  \n` }));
    expect(r.outcome).toBe('replaced');
    expect(r.status).toMatchObject({ fingerprint: wanted, backedUp: true, createdThisRun: false });
    expect(t.changed).toEqual([wanted]);
    // The old seed's mark does not carry over: the file now names the restored seed.
    expect(JSON.parse(readFileSync(path.join(t.dir, SEED_BACKUP_FILE), 'utf8')).fingerprint).toBe(wanted);
  });

  it('bad words are refused by position, nothing changes', async () => {
    const t = setup();
    const before = value(await t.seed.seedStatus()).fingerprint;
    const r = await t.seed.restoreSeed({ words: Array.from({ length: 24 }, (_, i) => (i === 3 ? 'qwerty' : 'abandon')).join(' ') });
    expect(r.ok ? 'ok' : [r.error.kind, r.error.message.startsWith('Word 4 ')]).toEqual(['mnemonic-word', true]);
    expect(r.ok ? '' : r.error.message).not.toContain('qwerty');
    expect(value(await t.seed.seedStatus()).fingerprint).toBe(before);
  });

  it('before the signer answers every call says to wait; once the wallet failed to open, it says why', async () => {
    const seed = walletSeed({ dataDir: '/nonexistent', network: 'mainnet', signer: () => null, unfinishedSwaps: async () => 0 });
    const r = await seed.seedStatus();
    expect(r.ok ? 'ok' : r.error.kind).toBe('signer-starting');
    expect(await seed.backedUp()).toBe(false);
    const failed = walletSeed({ dataDir: '/nonexistent', network: 'mainnet', signer: () => null, failure: () => 'no OS keychain', unfinishedSwaps: async () => 0 });
    const f = await failed.seedWords({ confirm: true });
    expect(f.ok ? 'ok' : [f.error.kind, f.error.message.includes('no OS keychain')]).toEqual(['signer-unavailable', true]);
  });
});
