// A restore in the app (restore-api over restore-wallet) on real folders and a real signer core: the
// words of the old seed and its backup file restore the seed, fill the empty data folder, reopen the
// wallet once and report the swap as resuming; each refusal (another seed's words, a bad word, a
// changed file, not a backup, a newer format, a data folder that holds a swap) comes before anything
// is changed: the keychain keeps its seed, the data folder its files, the wallet is not reopened and
// no report is written. The words alone give the "no record" report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedToMnemonic } from '../../shared/crypto/seed-mnemonic';
import { toHex } from '../../shared/hex';
import type { SwapSummary } from '../../shared/ipc/channels';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { decodeAnswer, type SignerClient } from '../signer/signer-client';
import { createSignerCore } from '../signer/signer-core';
import { createBackupWriter, inProcessBackupSealer } from './backup-writer';
import { fileKeyValueStore } from './client-backup';
import { restoreApi } from './restore-api';
import { walletSeed } from './wallet-seed';

const ID = '0123456789abcdef0123456789abcdef';
const OLD = new Uint8Array(32).fill(7);
const NEW = new Uint8Array(32).fill(9);
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-restore-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const keychainOf = (entropy: Uint8Array) => createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(entropy)]]);
function signerOver(keychain: ReturnType<typeof createMemoryKeychain>): SignerClient {
  const core = createSignerCore({ keychain });
  let id = 0;
  return { request: async (body) => decodeAnswer(body.kind, (await core.handle({ id: ++id, body })).result) } as SignerClient;
}

/** The old machine: a data folder with one swap, and the backup file its writer sealed. */
async function oldBackup(): Promise<Buffer> {
  const data = tmp();
  fs.mkdirSync(path.join(data, 'daemon', 'transcripts'), { recursive: true });
  fs.writeFileSync(path.join(data, 'daemon', 'transcripts', `${ID}.fct`), 'FCTS records');
  fs.mkdirSync(path.join(data, 'client'), { recursive: true });
  fs.writeFileSync(path.join(data, 'client', `${ID}.json`), '{"memo":1}');
  const kv = fileKeyValueStore(data);
  kv.set('swaps', { [ID]: { offer: 'x' } });
  const w = createBackupWriter({ dataDir: data, dir: path.join(data, 'out'), kv, sealer: inProcessBackupSealer(createSignerCore({ keychain: keychainOf(OLD) })) });
  w.request('test');
  await w.idle();
  return fs.readFileSync(w.file);
}

/** The new machine: its own seed, a data folder, and a host whose reopen is counted. */
function newMachine(dataDir = tmp()) {
  const keychain = keychainOf(NEW);
  const signer = signerOver(keychain);
  let reopened = 0;
  let listed: SwapSummary[] = [];
  const seed = walletSeed({ dataDir, network: 'mainnet', signer: () => signer, unfinishedSwaps: async () => listed.filter((s) => s.outcome === 'running').length });
  const api = restoreApi({
    dataDir,
    kv: fileKeyValueStore(dataDir),
    current: () => ({ signer: () => signer, api: { restoreSeed: seed.restoreSeed, listSwaps: async () => listed } }),
    reopenAfter: async (write) => {
      const r = write();
      reopened++;
      // The reopened daemon lists what it recovered from the restored transcripts.
      if (fs.existsSync(path.join(dataDir, 'daemon', 'transcripts', `${ID}.fct`))) {
        listed = [{ swapId: ID, role: 'bob', stage: 'BTC locked', outcome: 'running', btcSats: '1', xmrPiconero: '1', updatedAt: 1, next: '', blocksToDeadline: null, needsAction: false }];
      }
      return r;
    },
  });
  const filesIn = () => (fs.existsSync(dataDir) ? fs.readdirSync(dataDir, { recursive: true }).map(String).sort() : []);
  return { dataDir, api, keychain, filesIn, reopened: () => reopened };
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const seedEntry = async (m: ReturnType<typeof newMachine>) => {
  const r = await m.keychain.get(KEYCHAIN_SERVICE, SEED_ACCOUNT);
  return r.ok ? r.value : null;
};

describe('restore in the app (restore:run)', () => {
  it('the words and the backup file: the seed stored, the files written, the wallet reopened once, the swap resumes', async () => {
    const file = await oldBackup();
    const m = newMachine();
    const r = await m.api.restoreWallet({ words: seedToMnemonic(OLD), backup: { name: 'fcswap-backup.enc', base64: b64(file) } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.outcome).toBe('replaced');
    expect(await seedEntry(m)).toBe(toHex(OLD));
    expect(fs.readFileSync(path.join(m.dataDir, 'daemon', 'transcripts', `${ID}.fct`), 'utf8')).toBe('FCTS records');
    expect(m.reopened()).toBe(1);
    expect(r.value.report.source).toBe('backup');
    expect(r.value.report.swaps).toEqual([expect.objectContaining({ swapId: ID, verdict: 'resumes' })]);
    // Kept until dismissed.
    expect((await m.api.restoreReport()).ok && (await m.api.restoreReport())).toEqual({ ok: true, value: r.value.report });
    expect(await m.api.dismissRestoreReport()).toEqual({ ok: true, value: { dismissed: true } });
    expect(await m.api.restoreReport()).toEqual({ ok: true, value: null });
  });

  it('the words alone: the seed stored, no reopen, the report says the wallet has no record of earlier swaps', async () => {
    const m = newMachine();
    const r = await m.api.restoreWallet({ words: seedToMnemonic(OLD) });
    if (!r.ok) throw new Error(r.error.message);
    expect(await seedEntry(m)).toBe(toHex(OLD));
    expect(m.reopened()).toBe(0);
    expect(r.value.report.noRecord?.text).toContain('no record');
  });

  const refusals: Array<[string, string, (file: Buffer) => { words: string; base64: string }]> = [
    ['the words of another seed', 'backup-wrong-seed', (f) => ({ words: seedToMnemonic(new Uint8Array(32).fill(3)), base64: b64(f) })],
    ['a word not in the list', 'mnemonic-word', (f) => ({ words: seedToMnemonic(OLD).replace(/^\S+/, 'qqqq'), base64: b64(f) })],
    ['a changed file', 'backup-damaged', (f) => {
      const c = Buffer.from(f);
      c[c.length - 3]! ^= 1;
      return { words: seedToMnemonic(OLD), base64: b64(c) };
    }],
    ['a file that is not a backup', 'backup-not-a-backup', () => ({ words: seedToMnemonic(OLD), base64: b64(Buffer.from('%PDF-1.7 a document, not a backup at all')) })],
    ['a file of a newer format', 'backup-version', (f) => {
      const c = Buffer.from(f);
      c.writeUInt16LE(2, 4);
      return { words: seedToMnemonic(OLD), base64: b64(c) };
    }],
  ];
  it.each(refusals)('refuses %s (%s) and changes nothing', async (_what, kind, make) => {
    const file = await oldBackup();
    const m = newMachine();
    const before = m.filesIn();
    const { words, base64 } = make(file);
    const r = await m.api.restoreWallet({ words, backup: { name: 'x.enc', base64 } });
    expect(!r.ok && r.error.kind).toBe(kind);
    expect(await seedEntry(m)).toBe(toHex(NEW));
    expect(m.filesIn()).toEqual(before);
    expect(m.reopened()).toBe(0);
    expect(await m.api.restoreReport()).toEqual({ ok: true, value: null });
  });

  it('refuses a data folder that already holds a swap, says what to do, and changes nothing', async () => {
    const file = await oldBackup();
    const busy = tmp();
    fs.mkdirSync(path.join(busy, 'client'), { recursive: true });
    fs.writeFileSync(path.join(busy, 'client', `${'f'.repeat(32)}.json`), '{}');
    const m = newMachine(busy);
    const before = m.filesIn();
    const r = await m.api.restoreWallet({ words: seedToMnemonic(OLD), backup: { name: 'fcswap-backup.enc', base64: b64(file) } });
    expect(!r.ok && r.error.kind).toBe('restore-not-empty');
    expect(!r.ok && r.error.message).toMatch(/Nothing was changed.*empty data folder/);
    expect(await seedEntry(m)).toBe(toHex(NEW));
    expect(m.filesIn()).toEqual(before);
    expect(m.reopened()).toBe(0);
  });
});
