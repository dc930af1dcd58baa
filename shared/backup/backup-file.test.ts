import { describe, expect, it } from 'vitest';
import { BACKUP_HEADER_SIZE, BACKUP_VERSION, deriveBackupKey, openBackup, readBackupHeader, sealBackup } from './backup-file';
import { BackupPayloadSchema, backupSwapIds, isBackupPath } from './backup-payload';

const seedA = new Uint8Array(64).fill(7);
const seedB = new Uint8Array(64).fill(8);
const nonce = new Uint8Array(24).map((_, i) => i * 3);
const payload = new TextEncoder().encode(JSON.stringify({ hello: 'swap', n: [1, 2, 3] }));

function sealed(): Uint8Array {
  return sealBackup(deriveBackupKey(seedA), 'a1b2c3d4', nonce, payload);
}

describe('backup file', () => {
  it('round-trips under the same seed; the header names the fingerprint and version', () => {
    const f = sealed();
    expect(f.length).toBe(BACKUP_HEADER_SIZE + payload.length + 16);
    const h = readBackupHeader(f);
    expect(h.ok && h.value).toMatchObject({ version: BACKUP_VERSION, seedFingerprint: 'a1b2c3d4' });
    const o = openBackup(deriveBackupKey(seedA), 'a1b2c3d4', f);
    expect(o.ok && new TextDecoder().decode(o.value)).toBe(new TextDecoder().decode(payload));
  });

  it('the key is the seed\'s own: another seed gives another key, the same seed the same', () => {
    expect(deriveBackupKey(seedA)).toEqual(deriveBackupKey(seedA));
    expect(deriveBackupKey(seedA)).not.toEqual(deriveBackupKey(seedB));
  });

  it('refuses another seed by its fingerprint, and a forged fingerprint by authentication', () => {
    const f = sealed();
    const wrong = openBackup(deriveBackupKey(seedB), 'ffffffff', f);
    expect(!wrong.ok && wrong.error.kind).toBe('backup-wrong-seed');
    expect(!wrong.ok && wrong.error.message).toContain('a1b2c3d4');
    // The other seed's key under the file's own fingerprint (a lie in the header, or a collision): damaged.
    const forged = openBackup(deriveBackupKey(seedB), 'a1b2c3d4', f);
    expect(!forged.ok && forged.error.kind).toBe('backup-damaged');
  });

  it('every header byte is authenticated: a flipped bit anywhere in it fails', () => {
    const key = deriveBackupKey(seedA);
    for (let i = 0; i < BACKUP_HEADER_SIZE; i++) {
      const f = sealed();
      f[i]! ^= 0x01;
      const o = openBackup(key, 'a1b2c3d4', f);
      expect(o.ok, `header byte ${i}`).toBe(false);
      if (!o.ok) expect(['backup-not-a-backup', 'backup-version', 'backup-wrong-seed', 'backup-damaged']).toContain(o.error.kind);
    }
    // The reserved bytes and the nonce are covered by the tag, not by a field check.
    for (const i of [6, 7, 12, 35]) {
      const f = sealed();
      f[i]! ^= 0x80;
      const o = openBackup(key, 'a1b2c3d4', f);
      expect(!o.ok && o.error.kind, `byte ${i}`).toBe('backup-damaged');
    }
  });

  it('a changed or cut body is damaged, never a partial payload', () => {
    const key = deriveBackupKey(seedA);
    for (const i of [BACKUP_HEADER_SIZE, BACKUP_HEADER_SIZE + 5, sealed().length - 1]) {
      const f = sealed();
      f[i]! ^= 0x40;
      const o = openBackup(key, 'a1b2c3d4', f);
      expect(!o.ok && o.error.kind, `body byte ${i}`).toBe('backup-damaged');
    }
    const cut = openBackup(key, 'a1b2c3d4', sealed().subarray(0, sealed().length - 3));
    expect(!cut.ok && cut.error.kind).toBe('backup-damaged');
  });

  it('a newer version says to update; an older one is damaged; another file is not a backup', () => {
    const key = deriveBackupKey(seedA);
    const newer = sealed();
    newer[4] = BACKUP_VERSION + 1;
    const n = openBackup(key, 'a1b2c3d4', newer);
    expect(!n.ok && n.error.kind).toBe('backup-version');
    expect(!n.ok && n.error.message).toMatch(/newer wallet/);
    const older = sealed();
    older[4] = 0;
    const o = openBackup(key, 'a1b2c3d4', older);
    expect(!o.ok && o.error.kind).toBe('backup-damaged');
    const other = openBackup(key, 'a1b2c3d4', new TextEncoder().encode('{"not":"a backup at all, just some json text"}'));
    expect(!other.ok && other.error.kind).toBe('backup-not-a-backup');
    const short = openBackup(key, 'a1b2c3d4', sealed().subarray(0, 40));
    expect(!short.ok && short.error.kind).toBe('backup-not-a-backup');
  });

  it('two seals of one payload differ (a fresh nonce each time is the caller\'s; the same nonce gives the same bytes)', () => {
    const key = deriveBackupKey(seedA);
    const other = sealBackup(key, 'a1b2c3d4', new Uint8Array(24).fill(9), payload);
    expect(other).not.toEqual(sealed());
    expect(sealed()).toEqual(sealed());
  });
});

describe('backup payload', () => {
  const id = 'ab'.repeat(16);
  it('carries only the data dir files a restore may write', () => {
    for (const p of [`daemon/transcripts/${id}.fct`, `daemon/checkpoints/${id}.17.ckpt`, 'daemon/peer/identity.key', `daemon/peer/takers/${id}.key`, `client/${id}.json`, `client/xmr-funding/${id}.json`]) {
      expect(isBackupPath(p), p).toBe(true);
    }
    for (const p of ['../x', `/daemon/transcripts/${id}.fct`, `daemon/transcripts/../../${id}.fct`, 'daemon/LOCK', 'daemon/index.json', `client/${id}.json.tmp`, 'client-backup.json', `daemon/transcripts/${id}.fct/x`]) {
      expect(isBackupPath(p), p).toBe(false);
    }
  });

  it('parses a payload and names its swaps; refuses a stray path', () => {
    const p = { format: 1, writtenAt: 1, client: { clientId: null, daemonId: null, swaps: { [id]: { any: 1 } }, archived: [] }, files: [{ path: `daemon/transcripts/${'cd'.repeat(16)}.fct`, base64: 'AAEC' }] };
    const r = BackupPayloadSchema.safeParse(p);
    expect(r.success).toBe(true);
    if (r.success) expect(backupSwapIds(r.data)).toEqual([id, 'cd'.repeat(16)]);
    expect(BackupPayloadSchema.safeParse({ ...p, files: [{ path: '../../etc/passwd', base64: '' }] }).success).toBe(false);
  });
});
