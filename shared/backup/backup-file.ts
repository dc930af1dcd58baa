// The encrypted backup file (`fcswap-backup.enc`): what the seed alone cannot rebuild, sealed with a key
// derived from the seed. Layout: a 36-byte header (magic "FCBK", version u16 LE, reserved u16, the seed
// fingerprint 4 bytes, a random 24-byte nonce) then XChaCha20-Poly1305 of the payload with the header
// as associated data. Invariants: the key comes from the master seed under its own HKDF label, so it
// shares nothing with any swap key, the funding wallets or the Nostr key; every header byte is
// authenticated, so a changed version or fingerprint fails like a changed body; a file opens only
// whole and unchanged, else a typed error says which (not a backup, newer version, another seed, damaged).
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromHex, toHex } from '../hex';
import { appError, err, ok, type AppError, type Result } from '../result';

/** The HKDF label of the backup key: no other derivation uses it. */
const BACKUP_KEY_INFO = utf8ToBytes('fc/backup/file-key/v1');
const MAGIC = [0x46, 0x43, 0x42, 0x4b]; // "FCBK"
export const BACKUP_VERSION = 1;
export const BACKUP_HEADER_SIZE = 36;
const NONCE_SIZE = 24;
const TAG_SIZE = 16;
/** The file name the writer replaces on each checkpoint. */
export const BACKUP_FILE_NAME = 'fcswap-backup.enc';

/**
 * not-a-backup: no FCBK header (another file, or cut short). version: written by a newer wallet.
 * wrong-seed: sealed under another seed (its fingerprint is named). damaged: the header or body was
 * changed or cut (authentication failed).
 */
export type BackupErrorKind = 'backup-not-a-backup' | 'backup-version' | 'backup-wrong-seed' | 'backup-damaged';
export type BackupError = AppError<BackupErrorKind>;

export interface BackupHeader {
  readonly version: number;
  /** 8 hex chars: the seed fingerprint the wallet shows (seed-store's seedFingerprint). */
  readonly seedFingerprint: string;
  readonly nonce: Uint8Array;
}

/** The backup key of a wallet's master seed (the BIP39 seed the swap keys come from). */
export function deriveBackupKey(masterSeed: Uint8Array): Uint8Array {
  if (masterSeed.length < 16 || masterSeed.length > 64) throw new RangeError('seed: expected 16..64 bytes');
  return hkdf(sha256, masterSeed, new Uint8Array(0), BACKUP_KEY_INFO, 32);
}

function encodeHeader(h: BackupHeader): Uint8Array {
  const out = new Uint8Array(BACKUP_HEADER_SIZE);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint16(4, h.version, true);
  out.set(fromHex(h.seedFingerprint), 8);
  out.set(h.nonce, 12);
  return out;
}

/** The header alone (no key needed): which seed a file belongs to, before asking for it. */
export function readBackupHeader(file: Uint8Array): Result<BackupHeader, BackupError> {
  if (file.length < BACKUP_HEADER_SIZE + TAG_SIZE || MAGIC.some((b, i) => file[i] !== b)) {
    return err(appError('backup-not-a-backup', `This is not a swap wallet backup (${BACKUP_FILE_NAME}): choose the file the wallet wrote.`));
  }
  const view = new DataView(file.buffer, file.byteOffset, BACKUP_HEADER_SIZE);
  const version = view.getUint16(4, true);
  return ok({ version, seedFingerprint: toHex(file.subarray(8, 12)), nonce: file.slice(12, 12 + NONCE_SIZE) });
}

/** Seals a payload: random nonce, header as associated data. `nonce` is given by the caller (24 random bytes). */
export function sealBackup(key: Uint8Array, seedFingerprint: string, nonce: Uint8Array, payload: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new RangeError('backup key: expected 32 bytes');
  if (nonce.length !== NONCE_SIZE) throw new RangeError(`backup nonce: expected ${NONCE_SIZE} bytes`);
  if (!/^[0-9a-f]{8}$/.test(seedFingerprint)) throw new RangeError('seed fingerprint: expected 8 lowercase hex chars');
  const header = encodeHeader({ version: BACKUP_VERSION, seedFingerprint, nonce });
  const body = xchacha20poly1305(key, nonce, header).encrypt(payload);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/** Opens a file sealed by `sealBackup` under this key and fingerprint, or says why not. */
export function openBackup(key: Uint8Array, seedFingerprint: string, file: Uint8Array): Result<Uint8Array, BackupError> {
  const h = readBackupHeader(file);
  if (!h.ok) return h;
  if (h.value.version > BACKUP_VERSION) {
    return err(appError('backup-version', `This backup was written by a newer wallet (format ${h.value.version}; this one reads ${BACKUP_VERSION}): update the wallet, then restore.`));
  }
  if (h.value.version !== BACKUP_VERSION) return err(appError('backup-damaged', `The backup's header is damaged (format ${h.value.version}): use an older copy of the file.`));
  if (h.value.seedFingerprint !== seedFingerprint) {
    return err(appError('backup-wrong-seed', `This backup belongs to the seed with fingerprint ${h.value.seedFingerprint}, not to this wallet's seed (${seedFingerprint}): restore the seed it was written with.`));
  }
  try {
    return ok(xchacha20poly1305(key, h.value.nonce, file.subarray(0, BACKUP_HEADER_SIZE)).decrypt(file.subarray(BACKUP_HEADER_SIZE)));
  } catch {
    return err(appError('backup-damaged', 'The backup file was changed or cut short (it does not authenticate): use another copy of it.'));
  }
}
