// The signer's side of the encrypted backup: it seals the bytes the host hands it (`backup-seal`) and
// opens a backup file (`backup-open`) with the backup key of the loaded seed. Guards: the key is derived
// here and never leaves this process (no answer or log line holds it); each seal takes a fresh random
// nonce; a file of another seed, a newer format or changed bytes is refused with its typed kind and
// nothing of it is returned.
import { randomBytes } from 'node:crypto';
import { deriveBackupKey, openBackup, sealBackup } from '../../shared/backup/backup-file';
import { mnemonicToSeed } from '../../shared/crypto/seed-mnemonic';
import { masterSeedFromEntropy } from './key-source';
import { seedFingerprint, type LoadedSeed } from './seed-store';
import { done, fail, type Answer } from './sign-actions';
import type { SignerLogLine } from './signer-protocol';

/** Handlers of `backup-seal` and `backup-open`; `masterOf` is the core's (the BIP39 seed of the loaded entropy). */
export function backupAnswers(masterOf: (loaded: LoadedSeed) => Uint8Array, log: (line: SignerLogLine) => void) {
  let key: { fingerprint: string; key: Uint8Array } | undefined;
  const keyOf = (loaded: LoadedSeed) => {
    if (key?.fingerprint !== loaded.fingerprint) key = { fingerprint: loaded.fingerprint, key: deriveBackupKey(masterOf(loaded)) };
    return key.key;
  };
  return {
    seal(req: { readonly payload: string }, loaded: LoadedSeed): Answer {
      const file = sealBackup(keyOf(loaded), loaded.fingerprint, new Uint8Array(randomBytes(24)), new Uint8Array(Buffer.from(req.payload, 'base64')));
      log({ component: 'signer', level: 'info', event: 'backup-sealed', fp: loaded.fingerprint, detail: `${file.length} bytes` });
      return done({ file: Buffer.from(file).toString('base64') });
    },
    open(req: { readonly file: string }, loaded: LoadedSeed): Answer {
      const r = openBackup(keyOf(loaded), loaded.fingerprint, new Uint8Array(Buffer.from(req.file, 'base64')));
      if (!r.ok) {
        log({ component: 'signer', level: 'warn', event: 'backup-refused', fp: loaded.fingerprint, detail: r.error.kind });
        return fail(r.error.kind, r.error.message);
      }
      log({ component: 'signer', level: 'info', event: 'backup-opened', fp: loaded.fingerprint });
      return done({ payload: Buffer.from(r.value).toString('base64') });
    },
    /**
     * A restore's check, before anything is stored: the file opened with the key of the seed these
     * words stand for (not the stored one). The words' seed is derived here, used once and wiped.
     */
    openWithWords(req: { readonly file: string; readonly words: string }): Answer {
      const seed = mnemonicToSeed(req.words);
      if (!seed.ok) return fail(seed.error.kind, seed.error.message);
      const fingerprint = seedFingerprint(seed.value);
      const master = masterSeedFromEntropy(seed.value);
      const k = deriveBackupKey(master);
      seed.value.fill(0);
      master.fill(0);
      const r = openBackup(k, fingerprint, new Uint8Array(Buffer.from(req.file, 'base64')));
      k.fill(0);
      log({ component: 'signer', level: r.ok ? 'info' : 'warn', event: r.ok ? 'backup-opened' : 'backup-refused', fp: fingerprint, ...(r.ok ? {} : { detail: r.error.kind }) });
      if (!r.ok && r.error.kind === 'backup-wrong-seed') {
        // Said of the words typed, not of the wallet's stored seed.
        return fail(r.error.kind, r.error.message.replace(/not to this wallet's seed \(([0-9a-f]{8})\): restore the seed it was written with/, 'not to the seed of these words ($1): type the words of the seed it was written with'));
      }
      return r.ok ? done({ payload: Buffer.from(r.value).toString('base64') }) : fail(r.error.kind, r.error.message);
    },
  };
}
