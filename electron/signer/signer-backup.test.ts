// The signer's backup requests: a payload sealed by one signer opens in another signer of the same seed
// (a restored wallet) and in no signer of another seed (backup-wrong-seed); a changed file is
// backup-damaged; two seals of one payload differ (fresh nonce); the key is in no answer or log line.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import { deriveBackupKey } from '../../shared/backup/backup-file';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { masterSeedFromEntropy } from './key-source';
import { createSignerCore } from './signer-core';
import { BackupOpenValueSchema, BackupSealValueSchema, type SignerLogLine } from './signer-protocol';

function core(entropy: Uint8Array, logs: SignerLogLine[] = []) {
  const c = createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(entropy)]]), log: (l) => logs.push(l) });
  let id = 0;
  return async (body: unknown) => (await c.handle({ id: ++id, body })).result;
}

const A = new Uint8Array(32).fill(3);
const B = new Uint8Array(32).fill(4);
const payload = Buffer.from(JSON.stringify({ swaps: ['x'.repeat(1000)] })).toString('base64');

async function seal(call: ReturnType<typeof core>): Promise<string> {
  const r = await call({ kind: 'backup-seal', payload });
  if (!r.ok) throw new Error(r.error.message);
  return BackupSealValueSchema.parse(r.value).file;
}

describe('signer: backup-seal and backup-open', () => {
  it('opens in a signer of the same seed (a restored wallet), returns the payload exactly', async () => {
    const logs: SignerLogLine[] = [];
    const file = await seal(core(A, logs));
    const r = await core(A, logs)({ kind: 'backup-open', file });
    expect(r.ok).toBe(true);
    if (r.ok) expect(BackupOpenValueSchema.parse(r.value).payload).toBe(payload);
    const key = toHex(deriveBackupKey(masterSeedFromEntropy(A)));
    const said = JSON.stringify(logs);
    expect(said).not.toContain(key);
    expect(said).not.toContain(Buffer.from(key, 'hex').toString('base64'));
    expect(logs.map((l) => l.event)).toEqual(expect.arrayContaining(['backup-sealed', 'backup-opened']));
  });

  it('two seals differ (a fresh nonce each)', async () => {
    const call = core(A);
    expect(await seal(call)).not.toBe(await seal(call));
  });

  it('refuses another seed (backup-wrong-seed) and a changed file (backup-damaged), returning nothing of it', async () => {
    const file = await seal(core(A));
    const wrong = await core(B)({ kind: 'backup-open', file });
    expect(!wrong.ok && wrong.error.kind).toBe('backup-wrong-seed');
    const bytes = Buffer.from(file, 'base64');
    bytes[bytes.length - 20]! ^= 1;
    const damaged = await core(A)({ kind: 'backup-open', file: bytes.toString('base64') });
    expect(!damaged.ok && damaged.error.kind).toBe('backup-damaged');
    const notOne = await core(A)({ kind: 'backup-open', file: Buffer.from('hello').toString('base64') });
    expect(!notOne.ok && notOne.error.kind).toBe('backup-not-a-backup');
  });

  it('with words: opens with the key of the seed THOSE words stand for, whatever seed is stored, and stores nothing', async () => {
    const { seedToMnemonic } = await import('../../shared/crypto/seed-mnemonic');
    const file = await seal(core(A));
    const inB = core(B);
    const r = await inB({ kind: 'backup-open', file, words: seedToMnemonic(A) });
    expect(r.ok && BackupOpenValueSchema.parse(r.value).payload).toBe(payload);
    const wrong = await inB({ kind: 'backup-open', file, words: seedToMnemonic(B) });
    expect(!wrong.ok && wrong.error.kind).toBe('backup-wrong-seed');
    expect(!wrong.ok && wrong.error.message).toContain('not to the seed of these words');
    const typo = await inB({ kind: 'backup-open', file, words: seedToMnemonic(A).replace(/^\S+/, 'zzzz') });
    expect(!typo.ok && typo.error.kind).toMatch(/^mnemonic-/);
    // The stored seed is still B: its own backups open without words, A's do not.
    expect(!(await inB({ kind: 'backup-open', file })).ok).toBe(true);
  });

  it('refuses a body that is not base64 before touching the seed', async () => {
    const r = await core(A)({ kind: 'backup-seal', payload: 'not base64 !' });
    expect(!r.ok && r.error.kind).toBe('bad-request');
  });
});
