// keytar against a REAL gnome-keyring on a private D-Bus (never the user's keyring): round-trip,
// and every failure mode (locked, hung, no secret service) gives a typed error within the bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeychainChild } from '../../rigs/keychain/run-keychain-child';
import { secretServiceMissingReason, startPrivateSecretService, type PrivateSecretService } from './private-secret-service';

const skipReason = secretServiceMissingReason();
if (skipReason) console.warn(`[keytar-keychain.itest] skipped: ${skipReason}`);

const runChild = runKeychainChild;

const S = 'farcaster-swap-wallet-itest';

describe.skipIf(skipReason !== null)('keytar adapter on a real gnome-keyring', () => {
  let svc: PrivateSecretService;
  beforeAll(async () => {
    svc = await startPrivateSecretService({ unlock: true });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('set / get / delete round-trip, then not-found', async () => {
    const r = await runChild(svc.env, 5_000, [
      { op: 'get', service: S, account: 'a' },
      { op: 'set', service: S, account: 'a', secret: 'v1' },
      { op: 'get', service: S, account: 'a' },
      { op: 'set', service: S, account: 'a', secret: 'v2' },
      { op: 'get', service: S, account: 'a' },
      { op: 'delete', service: S, account: 'a' },
      { op: 'get', service: S, account: 'a' },
      { op: 'delete', service: S, account: 'a' },
    ]);
    expect(r.map((x) => (x.ok ? `ok:${String(x.value ?? '')}` : x.kind))).toEqual([
      'not-found', 'ok:', 'ok:v1', 'ok:', 'ok:v2', 'ok:', 'not-found', 'not-found',
    ]);
  });

  it('a value survives a new process (it lives in the keyring, not in memory)', async () => {
    await runChild(svc.env, 5_000, [{ op: 'set', service: S, account: 'persist', secret: 'kept' }]);
    const r = await runChild(svc.env, 5_000, [{ op: 'get', service: S, account: 'persist' }]);
    expect(r[0]).toMatchObject({ ok: true, value: 'kept' });
  });

  it('a locked keyring gives keychain-locked for get and set (never not-found), and the entry is intact after unlock', async () => {
    await runChild(svc.env, 5_000, [{ op: 'set', service: S, account: 'locked-case', secret: 'precious' }]);
    await svc.restartKeyring({ unlock: false });
    try {
      const r = await runChild(svc.env, 5_000, [
        { op: 'get', service: S, account: 'locked-case' },
        { op: 'set', service: S, account: 'locked-case', secret: 'overwrite' },
      ]);
      expect(r.map((x) => x.kind)).toEqual(['keychain-locked', 'keychain-locked']);
    } finally {
      await svc.restartKeyring({ unlock: true });
    }
    const after = await runChild(svc.env, 5_000, [{ op: 'get', service: S, account: 'locked-case' }]);
    expect(after[0]).toMatchObject({ ok: true, value: 'precious' });
  });

  it('a hung secret service gives timeout within the bound, not after D-Bus gives up (~25 s)', async () => {
    svc.freezeKeyring();
    try {
      const r = await runChild(svc.env, 1_000, [{ op: 'get', service: S, account: 'a' }]);
      expect(r[0]?.kind).toBe('timeout');
      // Generous margin for a loaded CI box; the point is: far below libsecret's ~25 s.
      expect(r[0]?.ms).toBeLessThan(10_000);
    } finally {
      svc.thawKeyring();
    }
  });

  it('no D-Bus session at all gives keychain-unavailable', async () => {
    const { DBUS_SESSION_BUS_ADDRESS: _drop, ...env } = svc.env;
    const r = await runChild(env, 5_000, [{ op: 'get', service: S, account: 'a' }, { op: 'set', service: S, account: 'a', secret: 'x' }]);
    expect(r.map((x) => x.kind)).toEqual(['keychain-unavailable', 'keychain-unavailable']);
  });

  it('a D-Bus session without any secret service gives keychain-unavailable', async () => {
    const bare = await startPrivateSecretService({ unlock: false, withKeyring: false });
    try {
      const r = await runChild(bare.env, 5_000, [{ op: 'get', service: S, account: 'a' }]);
      expect(r[0]?.kind).toBe('keychain-unavailable');
    } finally {
      await bare.stop();
    }
  });
});
