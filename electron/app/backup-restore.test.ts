// The backup writer and the restore on real folders: what the writer seals is exactly the data dir's
// swap files and the client backup (not the lock, the index or the logs); a restore into an empty data
// dir gives the same bytes back and the client backup its swaps; a non-empty data dir, another seed's
// signer, or a changed file are refused with nothing written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { createSignerCore } from '../signer/signer-core';
import { createBackupWriter, inProcessBackupSealer } from './backup-writer';
import { restoreFromBackup } from './backup-restore';
import { fileKeyValueStore } from './client-backup';

const ID = '0123456789abcdef0123456789abcdef';
const sealerOf = (fill: number) => inProcessBackupSealer(createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(new Uint8Array(32).fill(fill))]]) }));
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-backup-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const CARRIED = {
  [`daemon/transcripts/${ID}.fct`]: Buffer.concat([Buffer.from('FCTS header'), Buffer.alloc(4096)]),
  [`daemon/checkpoints/${ID}.7.ckpt`]: Buffer.from('checkpoint 7'),
  'daemon/peer/identity.key': Buffer.alloc(32, 5),
  [`daemon/peer/takers/${ID}.key`]: Buffer.from('ab'.repeat(32)),
  [`client/${ID}.json`]: Buffer.from('{"deal":{}}'),
  [`client/xmr-funding/${ID}.json`]: Buffer.from('{"phase":"lock"}'),
};
const NOT_CARRIED = { 'daemon/LOCK': '{}', 'daemon/index.json': '[]', 'logs/wallet.log': 'x', [`daemon/quarantine/${ID}.1.2.torn`]: 'torn', [`client/${ID}.json.123.tmp`]: 'half' };

function dataDirWithSwap(): string {
  const d = tmp();
  for (const [rel, bytes] of Object.entries({ ...CARRIED, ...NOT_CARRIED })) {
    fs.mkdirSync(path.dirname(path.join(d, rel)), { recursive: true });
    fs.writeFileSync(path.join(d, rel), bytes);
  }
  const kv = fileKeyValueStore(d);
  kv.set('clientId', 'ff'.repeat(16));
  kv.set('daemonId', '/old/machine/daemon');
  kv.set('swaps', { [ID]: { offer: 'fcswap1...', createdAt: 1 } });
  kv.set('archived', []);
  return d;
}

async function writtenBackup(fill = 1): Promise<string> {
  const data = dataDirWithSwap();
  const out = tmp();
  const lines: string[] = [];
  const w = createBackupWriter({ dataDir: data, dir: path.join(out, 'chosen'), kv: fileKeyValueStore(data), sealer: sealerOf(fill), log: (l) => lines.push(l) });
  w.request('checkpoint');
  w.request('checkpoint');
  w.request('outcome');
  await w.idle();
  expect(w.lastError()).toBeNull();
  expect(w.lastWritten()?.bytes).toBe(fs.statSync(w.file).size);
  expect(path.basename(w.file)).toBe('fcswap-backup.enc');
  expect(fs.readdirSync(path.dirname(w.file))).toEqual(['fcswap-backup.enc']); // no temp file left
  return w.file;
}

describe('backup writer and restoreFromBackup', () => {
  it('restores exactly the swap files and the client backup into an empty data dir', async () => {
    const file = await writtenBackup();
    expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe('FCBK');
    expect(fs.readFileSync(file).includes(Buffer.from('checkpoint 7'))).toBe(false); // sealed, not plain
    const fresh = path.join(tmp(), 'new-data');
    const r = await restoreFromBackup(fresh, file, sealerOf(1));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.swapIds).toEqual([ID]);
    expect(r.value.files).toBe(Object.keys(CARRIED).length);
    for (const [rel, bytes] of Object.entries(CARRIED)) expect(fs.readFileSync(path.join(fresh, rel)), rel).toEqual(rel.endsWith('.fct') ? bytes.subarray(0, 11) : bytes); // a transcript without its preallocated zeros
    for (const rel of Object.keys(NOT_CARRIED)) expect(fs.existsSync(path.join(fresh, rel)), rel).toBe(false);
    const kv = fileKeyValueStore(fresh);
    expect(kv.get('swaps')).toEqual({ [ID]: { offer: 'fcswap1...', createdAt: 1 } });
    expect(kv.get('clientId')).toBe('ff'.repeat(16));
    expect(kv.get('daemonId')).toBe(path.resolve(fresh, 'daemon'));
  });

  it('refuses a data dir that holds a swap, and leaves it as it was', async () => {
    const file = await writtenBackup();
    const busy = dataDirWithSwap();
    const before = fs.readFileSync(path.join(busy, 'client', `${ID}.json`));
    const r = await restoreFromBackup(busy, file, sealerOf(1));
    expect(!r.ok && r.error.kind).toBe('restore-not-empty');
    expect(fs.readFileSync(path.join(busy, 'client', `${ID}.json`))).toEqual(before);
  });

  it('refuses another seed and a changed file before writing anything', async () => {
    const file = await writtenBackup();
    const fresh = path.join(tmp(), 'new-data');
    const wrong = await restoreFromBackup(fresh, file, sealerOf(2));
    expect(!wrong.ok && wrong.error.kind).toBe('backup-wrong-seed');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1]! ^= 1;
    const damaged = await restoreFromBackup(fresh, new Uint8Array(bytes), sealerOf(1));
    expect(!damaged.ok && damaged.error.kind).toBe('backup-damaged');
    expect(fs.existsSync(path.join(fresh, 'daemon'))).toBe(false);
    expect(fs.existsSync(path.join(fresh, 'client'))).toBe(false);
  });

  it('a write the signer refuses is logged as lastError, and the previous file stays', async () => {
    const data = dataDirWithSwap();
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'fcswap-backup.enc'), 'previous');
    const w = createBackupWriter({ dataDir: data, dir, kv: fileKeyValueStore(data), sealer: { seal: async () => ({ ok: false, error: { kind: 'keychain-locked', message: 'locked' } }), open: async () => ({ ok: false, error: { kind: 'x', message: 'x' } }) } });
    w.request('checkpoint');
    await w.idle();
    expect(w.lastError()).toMatch(/locked/);
    expect(fs.readFileSync(w.file, 'utf8')).toBe('previous');
  });
});
