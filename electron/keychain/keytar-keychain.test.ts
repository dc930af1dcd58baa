// Unit tests of the keytar adapter's own logic (timeout, error mapping, the not-found probe) with a
// stand-in keytar module; the real libsecret round-trip is in keytar-keychain.itest.ts.
import { describe, expect, it } from 'vitest';
import { classifyKeytarError, createKeytarKeychain, type KeytarLike } from './keytar-keychain';

/** A keytar double backed by a Map; `lockedWrites` mimics a locked gnome-keyring collection. */
function fakeKeytar(opts: { lockedWrites?: boolean; hang?: boolean } = {}) {
  const m = new Map<string, string>();
  const log: string[] = [];
  const never = new Promise<never>(() => {});
  const k: KeytarLike = {
    async getPassword(s, a) {
      log.push(`get ${a}`);
      if (opts.hang) return never;
      // A locked libsecret collection answers null, not an error (verified on Debian 12).
      return opts.lockedWrites ? null : (m.get(`${s}/${a}`) ?? null);
    },
    async setPassword(s, a, p) {
      log.push(`set ${a}`);
      if (opts.hang) return never;
      if (opts.lockedWrites) throw new Error('Cannot create an item in a locked collection');
      m.set(`${s}/${a}`, p);
    },
    async deletePassword(s, a) {
      log.push(`delete ${a}`);
      if (opts.hang) return never;
      return opts.lockedWrites ? false : m.delete(`${s}/${a}`);
    },
  };
  return { k, m, log };
}

describe('keytar keychain adapter', () => {
  it('round-trips set/get/delete and reports not-found after delete', async () => {
    const { k, m } = fakeKeytar();
    const kc = createKeytarKeychain({ load: async () => k });
    expect((await kc.set('svc', 'acc', 's3cret')).ok).toBe(true);
    expect(await kc.get('svc', 'acc')).toEqual({ ok: true, value: 's3cret' });
    expect((await kc.delete('svc', 'acc')).ok).toBe(true);
    const again = await kc.get('svc', 'acc');
    expect(again.ok ? 'ok' : again.error.kind).toBe('not-found');
    const del = await kc.delete('svc', 'acc');
    expect(del.ok ? 'ok' : del.error.kind).toBe('not-found');
    // The writability probe cleans up after itself.
    expect([...m.keys()]).toEqual([]);
  });

  it('a null answer from a locked collection is keychain-locked, never not-found', async () => {
    const { k } = fakeKeytar({ lockedWrites: true });
    const kc = createKeytarKeychain({ load: async () => k });
    const got = await kc.get('svc', 'acc');
    expect(got.ok ? 'ok' : got.error.kind).toBe('keychain-locked');
    const set = await kc.set('svc', 'acc', 'x');
    expect(set.ok ? 'ok' : set.error.kind).toBe('keychain-locked');
  });

  it('a hanging store gives timeout within the bound, for every operation', async () => {
    const { k } = fakeKeytar({ hang: true });
    const kc = createKeytarKeychain({ load: async () => k, timeoutMs: 50 });
    const t0 = Date.now();
    const results = await Promise.all([kc.get('s', 'a'), kc.set('s', 'a', 'x'), kc.delete('s', 'a')]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(['timeout', 'timeout', 'timeout']);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('a keytar that fails to load is keychain-unavailable, and the load is attempted once', async () => {
    let loads = 0;
    const kc = createKeytarKeychain({
      load: async () => {
        loads++;
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    for (const r of [await kc.get('s', 'a'), await kc.set('s', 'a', 'x'), await kc.delete('s', 'a')]) {
      expect(r.ok ? 'ok' : r.error.kind).toBe('keychain-unavailable');
    }
    expect(loads).toBe(1);
  });

  it.each([
    ['Cannot create an item in a locked collection', 'keychain-locked'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'keychain-locked'],
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'keychain-unavailable'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'keychain-unavailable'],
    ['Did not receive a reply. Possible causes include: the remote application did not send a reply', 'timeout'],
  ] as const)('classifies %j as %s', (message, kind) => {
    expect(classifyKeytarError(new Error(message)).kind).toBe(kind);
  });
});
