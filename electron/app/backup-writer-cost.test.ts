// What each later backup costs once swaps have finished: a data folder with finished swaps whose
// transcripts are ~1.4 MB each (hex-heavy, as real ones are), a first backup, then a second one after a
// new swap's small checkpoint. Prints the figures (no timing assertion: the machine is shared); asserts
// that the file still restores to exactly the data folder's files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import { BackupPayloadSchema } from '../../shared/backup/backup-payload';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { createSignerCore } from '../signer/signer-core';
import { createBackupWriter, inProcessBackupSealer } from './backup-writer';
import { fileKeyValueStore } from './client-backup';

const FINISHED = 6;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** ~1.4 MB like a finished swap's transcript: JSON records with hex proofs and signatures. */
const transcript = () => Buffer.from(Array.from({ length: 700 }, (_, i) => JSON.stringify({ seq: i, kind: 'peer', proof: crypto.randomBytes(900).toString('hex') })).join('\n'));

describe('backup writer: the cost of finished swaps in each later backup', () => {
  it('prints the time of a first and a later backup with finished swaps, and the later file restores whole', { timeout: 180_000 }, async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-backup-cost-'));
    dirs.push(data);
    fs.mkdirSync(path.join(data, 'daemon', 'transcripts'), { recursive: true });
    const ids = Array.from({ length: FINISHED }, () => crypto.randomBytes(16).toString('hex'));
    for (const id of ids) fs.writeFileSync(path.join(data, 'daemon', 'transcripts', `${id}.fct`), transcript());
    // Finished swaps' files were written long ago.
    const old = new Date(Date.now() - 3600_000);
    for (const id of ids) fs.utimesSync(path.join(data, 'daemon', 'transcripts', `${id}.fct`), old, old);
    const sealer = inProcessBackupSealer(createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(new Uint8Array(32).fill(1))]]) }));
    const opened: Uint8Array[] = [];
    const w = createBackupWriter({ dataDir: data, dir: path.join(data, 'out'), kv: fileKeyValueStore(data), sealer: { seal: sealer.seal, open: sealer.open } });
    const timed = async (why: string) => {
      const t = process.hrtime.bigint();
      w.request(why);
      await w.idle();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const o = await sealer.open(new Uint8Array(fs.readFileSync(w.file)));
      if (o.ok) opened.push(o.value);
      return ms;
    };
    const first = await timed('first');
    const live = crypto.randomBytes(16).toString('hex');
    fs.writeFileSync(path.join(data, 'daemon', 'transcripts', `${live}.fct`), 'a new swap');
    const later = await timed('checkpoint of a new swap');
    console.log(`backup-writer-cost: ${FINISHED} finished swaps of ~${(transcript().length / 1e6).toFixed(1)} MB: first backup ${first.toFixed(0)} ms, a later one ${later.toFixed(0)} ms (file ${fs.statSync(w.file).size} bytes)`);
    const p = BackupPayloadSchema.parse(JSON.parse(gunzipSync(opened[1]!).toString('utf8')));
    expect(p.files.map((f) => f.path).sort()).toEqual([...ids, live].map((id) => `daemon/transcripts/${id}.fct`).sort());
    for (const f of p.files) expect(Buffer.from(f.base64, 'base64').equals(fs.readFileSync(path.join(data, f.path))), f.path).toBe(true);
  });
});
