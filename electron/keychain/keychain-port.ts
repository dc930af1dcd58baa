// The Keychain port: the only way wallet code reaches the OS secret store (get / set / delete).
// Guards: every call resolves (never hangs, never throws) to a Result with a closed error kind.
//
// Names used in the OS keychain (stable: changing them orphans a user's seed):
//   service `farcaster-swap-wallet`, account `wallet-seed-v1` = the 32-byte wallet seed as hex.
// Adapters: keytar (keytar-keychain.ts, real OS store) and memory (memory-keychain.ts, tests).
import type { AppError, Result } from '../../shared/result';

export const KEYCHAIN_SERVICE = 'farcaster-swap-wallet';
export const SEED_ACCOUNT = 'wallet-seed-v1';

/**
 * keychain-locked: the store exists but refuses (locked collection, no unlocked default keyring).
 * keychain-unavailable: no secret service at all (no D-Bus, no libsecret, keytar failed to load).
 * timeout: the store did not answer in time (a locked keyring with a prompt can hang ~25 s).
 * not-found: the store answered, is unlocked, and holds no such entry.
 */
export type KeychainErrorKind = 'keychain-locked' | 'keychain-unavailable' | 'timeout' | 'not-found';
export type KeychainError = AppError<KeychainErrorKind>;

export interface Keychain {
  get(service: string, account: string): Promise<Result<string, KeychainError>>;
  set(service: string, account: string, secret: string): Promise<Result<void, KeychainError>>;
  /** Deleting a missing entry is `not-found`, so a caller can tell "gone" from "never was". */
  delete(service: string, account: string): Promise<Result<void, KeychainError>>;
}
