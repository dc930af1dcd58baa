// In-memory Keychain adapter for unit tests of modules that need a keychain (signer, wizard).
// Guards: behaves like the real port (same error kinds), and can be locked to test refusal paths.
import { appError, err, ok } from '../../shared/result';
import type { Keychain } from './keychain-port';

export interface MemoryKeychain extends Keychain {
  /** While locked every call answers `keychain-locked`, as an OS store with a locked collection. */
  setLocked(locked: boolean): void;
  /** Count of calls per operation, so tests can assert e.g. "the seed was written once". */
  readonly calls: { get: number; set: number; delete: number };
}

const key = (service: string, account: string) => `${service}\u0000${account}`;

/** `initial`: [service, account, secret] triples already in the store. */
export function createMemoryKeychain(initial: ReadonlyArray<readonly [string, string, string]> = []): MemoryKeychain {
  const entries = new Map<string, string>(initial.map(([s, a, v]) => [key(s, a), v]));
  const calls = { get: 0, set: 0, delete: 0 };
  let locked = false;
  const lockedErr = () => err(appError('keychain-locked' as const, 'memory keychain is locked'));
  return {
    calls,
    setLocked(l) {
      locked = l;
    },
    async get(service, account) {
      calls.get++;
      if (locked) return lockedErr();
      const v = entries.get(key(service, account));
      return v === undefined ? err(appError('not-found' as const, `no entry ${service}/${account}`)) : ok(v);
    },
    async set(service, account, secret) {
      calls.set++;
      if (locked) return lockedErr();
      entries.set(key(service, account), secret);
      return ok(undefined);
    },
    async delete(service, account) {
      calls.delete++;
      if (locked) return lockedErr();
      return entries.delete(key(service, account))
        ? ok(undefined)
        : err(appError('not-found' as const, `no entry ${service}/${account}`));
    },
  };
}
