// Loads the wallet seed from the keychain, creating it (32 bytes from node:crypto) on first run.
// Guards: a seed is used only after it was read back from the keychain (never one that failed to
// store), an unreadable entry is reported and never overwritten (a restore replaces only when asked),
// and the seed touches no disk or log.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { fromHex, HEX_RE, toHex } from '../../shared/hex';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT, type Keychain, type KeychainErrorKind } from '../keychain/keychain-port';
import { SEED_LENGTH } from './key-source';

export interface LoadedSeed {
  readonly seed: Uint8Array;
  /** True when this call generated and stored the seed (first run). */
  readonly created: boolean;
  readonly fingerprint: string;
}

export type SeedError = AppError<KeychainErrorKind | 'seed-corrupt'>;
/** seed-exists: a different seed is stored and the caller did not ask to replace it. */
export type RestoreSeedError = AppError<KeychainErrorKind | 'seed-corrupt' | 'seed-exists'>;

export interface RestoredSeed {
  readonly fingerprint: string;
  /** 'written': the keychain was empty; 'same': it already held this seed; 'replaced': another seed was overwritten. */
  readonly outcome: 'written' | 'same' | 'replaced';
}

/** 4 bytes of a domain-separated hash: enough to tell seeds apart in logs, useless to an attacker. */
export const seedFingerprint = (seed: Uint8Array): string => toHex(sha256(concatBytes(utf8ToBytes('fc/seed-fingerprint'), seed)).subarray(0, 4));

function parseSeed(stored: string): Result<Uint8Array, SeedError> {
  if (stored.length !== SEED_LENGTH * 2 || !HEX_RE.test(stored)) {
    // Never overwrite it: it may be a seed written by a newer version, and it may hold funds.
    return err(appError('seed-corrupt', `keychain entry ${KEYCHAIN_SERVICE}/${SEED_ACCOUNT} is not a 32-byte hex seed; left untouched`));
  }
  return ok(fromHex(stored));
}

export async function loadOrCreateSeed(
  keychain: Keychain,
  random: (n: number) => Uint8Array = (n) => new Uint8Array(nodeRandomBytes(n)),
): Promise<Result<LoadedSeed, SeedError>> {
  const got = await keychain.get(KEYCHAIN_SERVICE, SEED_ACCOUNT);
  if (got.ok) {
    const seed = parseSeed(got.value);
    return seed.ok ? ok({ seed: seed.value, created: false, fingerprint: seedFingerprint(seed.value) }) : seed;
  }
  // Only a proven-empty store may get a new seed; locked/unavailable/timeout are passed up.
  if (got.error.kind !== 'not-found') return got;
  const fresh = random(SEED_LENGTH);
  if (fresh.length !== SEED_LENGTH) throw new Error('bug: random source returned the wrong length');
  const stored = await keychain.set(KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(fresh));
  if (!stored.ok) return stored;
  // Read back: the keychain, not this process's memory, is the source of truth. If another signer
  // won a first-run race, its seed is the one stored, so use that one.
  const back = await keychain.get(KEYCHAIN_SERVICE, SEED_ACCOUNT);
  if (!back.ok) return back;
  const seed = parseSeed(back.value);
  if (!seed.ok) return seed;
  const created = toHex(seed.value) === toHex(fresh);
  fresh.fill(0);
  return ok({ seed: seed.value, created, fingerprint: seedFingerprint(seed.value) });
}

/**
 * Writes a seed the person brought back (from their words or a backup) into the keychain. Only an
 * empty keychain, or one holding the very same seed, is written without `replace`; another seed (or an
 * unreadable entry) may hold funds, so it is replaced only when the caller says so, and the caller must
 * first have checked that no unfinished swap needs the old one. Read back like a fresh seed.
 */
export async function restoreSeed(keychain: Keychain, seed: Uint8Array, opts: { readonly replace: boolean }): Promise<Result<RestoredSeed, RestoreSeedError>> {
  if (seed.length !== SEED_LENGTH) throw new Error(`bug: a wallet seed is ${SEED_LENGTH} bytes, got ${seed.length}`);
  const fingerprint = seedFingerprint(seed);
  const got = await keychain.get(KEYCHAIN_SERVICE, SEED_ACCOUNT);
  let outcome: RestoredSeed['outcome'] = 'written';
  if (got.ok) {
    const stored = parseSeed(got.value);
    if (stored.ok && toHex(stored.value) === toHex(seed)) return ok({ fingerprint, outcome: 'same' });
    if (!opts.replace) {
      const which = stored.ok ? `a different seed (fingerprint ${seedFingerprint(stored.value)})` : 'an entry that is not a seed';
      return err(appError('seed-exists', `The keychain already holds ${which}; it was left as it is. Restore with "replace" only once no swap needs it.`));
    }
    outcome = 'replaced';
  } else if (got.error.kind !== 'not-found') return got;
  const stored = await keychain.set(KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(seed));
  if (!stored.ok) return stored;
  const back = await keychain.get(KEYCHAIN_SERVICE, SEED_ACCOUNT);
  if (!back.ok) return back;
  const parsed = parseSeed(back.value);
  if (!parsed.ok) return parsed;
  if (toHex(parsed.value) !== toHex(seed)) return err(appError('seed-exists', 'Another seed was stored at the same moment; nothing was replaced. Try again.'));
  return ok({ fingerprint, outcome });
}
