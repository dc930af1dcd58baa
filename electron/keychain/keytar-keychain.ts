// Keychain adapter over keytar (libsecret / macOS Keychain / Windows Credential Vault).
// Guards: keytar is loaded lazily (a machine without libsecret still runs everything else), every
// call is bounded by a timeout, and `not-found` is only reported once the store proved unlocked.
import { appError, err, ok, type Result } from '../../shared/result';
import type { Keychain, KeychainError, KeychainErrorKind } from './keychain-port';

/** The subset of keytar we use; injectable so the timeout and error mapping are unit-testable. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarKeychainOptions {
  /** Upper bound per call. libsecret waits ~25 s for a dead or prompting secret service. */
  readonly timeoutMs?: number;
  readonly load?: () => Promise<KeytarLike>;
}

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;
const PROBE_SUFFIX = '.probe';

async function loadKeytar(): Promise<KeytarLike> {
  // keytar is CommonJS: under ESM the functions sit on `default` (and sometimes on the namespace too).
  const mod = (await import('keytar')) as unknown as KeytarLike & { default?: KeytarLike };
  return mod.default ?? mod;
}

// Messages seen from libsecret/gnome-keyring on Debian 12 (verified), plus macOS/Windows wording.
const ERROR_PATTERNS: ReadonlyArray<readonly [RegExp, KeychainErrorKind]> = [
  [/locked|User canceled|user interaction is not allowed/i, 'keychain-locked'],
  // No default collection ("login") and no way to prompt for creating one: needs the person.
  [/Object does not exist at path .*collection/i, 'keychain-locked'],
  [/NoReply|Did not receive a reply|timed? ?out/i, 'timeout'],
];

export function classifyKeytarError(e: unknown): KeychainError {
  const message = e instanceof Error ? e.message : String(e);
  for (const [re, kind] of ERROR_PATTERNS) if (re.test(message)) return appError(kind, `OS keychain: ${message}`);
  // Autolaunch without $DISPLAY, ServiceUnknown, missing libsecret: no usable secret service.
  return appError('keychain-unavailable', `OS keychain unavailable: ${message}`);
}

function bounded<T>(what: string, p: () => Promise<T>, timeoutMs: number): Promise<Result<T, KeychainError>> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve(err(appError('timeout', `OS keychain did not answer ${what} within ${timeoutMs} ms (locked or no secret service?)`))),
      timeoutMs,
    );
    // A late answer after the timeout is dropped: the caller has already been told `timeout`.
    Promise.resolve()
      .then(p)
      .then(
        (v) => resolve(ok(v)),
        (e: unknown) => resolve(err(classifyKeytarError(e))),
      )
      .finally(() => clearTimeout(timer));
  });
}

export function createKeytarKeychain(options: KeytarKeychainOptions = {}): Keychain {
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const load = options.load ?? loadKeytar;
  let loaded: Promise<Result<KeytarLike, KeychainError>> | undefined;
  const keytar = () =>
    (loaded ??= load().then(
      (k) => ok(k),
      (e: unknown) =>
        err(appError('keychain-unavailable' as const, `keytar failed to load: ${e instanceof Error ? e.message : String(e)}`)),
    ));

  // libsecret answers "no entry" for a LOCKED collection too (verified with gnome-keyring). A missing
  // seed makes the signer create a new one, so `not-found` is only said once a probe write succeeded.
  const notFoundIfWritable = async (k: KeytarLike, service: string, account: string): Promise<Result<never, KeychainError>> => {
    const probeAccount = account + PROBE_SUFFIX;
    const probe = await bounded('probe', () => k.setPassword(service, probeAccount, 'probe'), timeoutMs);
    if (!probe.ok) return probe;
    await bounded('probe cleanup', () => k.deletePassword(service, probeAccount), timeoutMs);
    return err(appError('not-found', `no keychain entry ${service}/${account}`));
  };

  return {
    async get(service, account) {
      const k = await keytar();
      if (!k.ok) return k;
      const got = await bounded('get', () => k.value.getPassword(service, account), timeoutMs);
      if (!got.ok) return got;
      return got.value !== null ? ok(got.value) : notFoundIfWritable(k.value, service, account);
    },
    async set(service, account, secret) {
      const k = await keytar();
      if (!k.ok) return k;
      return bounded('set', () => k.value.setPassword(service, account, secret), timeoutMs);
    },
    async delete(service, account) {
      const k = await keytar();
      if (!k.ok) return k;
      const del = await bounded('delete', () => k.value.deletePassword(service, account), timeoutMs);
      if (!del.ok) return del;
      return del.value ? ok(undefined) : notFoundIfWritable(k.value, service, account);
    },
  };
}
