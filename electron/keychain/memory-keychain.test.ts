// The in-memory keychain must behave like the port promises, since other modules' tests rely on it.
// Checks the round-trip, not-found, and that a locked store refuses everything.
import { describe, expect, it } from 'vitest';
import { createMemoryKeychain } from './memory-keychain';

describe('memory keychain', () => {
  it('round-trips and separates services and accounts', async () => {
    const kc = createMemoryKeychain([['svc', 'a', 'one']]);
    expect(await kc.get('svc', 'a')).toEqual({ ok: true, value: 'one' });
    const other = await kc.get('svc2', 'a');
    expect(other.ok ? 'ok' : other.error.kind).toBe('not-found');
    await kc.set('svc', 'b', 'two');
    expect(await kc.get('svc', 'b')).toEqual({ ok: true, value: 'two' });
    expect((await kc.delete('svc', 'a')).ok).toBe(true);
    const gone = await kc.delete('svc', 'a');
    expect(gone.ok ? 'ok' : gone.error.kind).toBe('not-found');
    expect(kc.calls).toEqual({ get: 3, set: 1, delete: 2 });
  });

  it('refuses every call while locked and serves again once unlocked', async () => {
    const kc = createMemoryKeychain([['svc', 'a', 'one']]);
    kc.setLocked(true);
    for (const r of [await kc.get('svc', 'a'), await kc.set('svc', 'a', 'x'), await kc.delete('svc', 'a')]) {
      expect(r.ok ? 'ok' : r.error.kind).toBe('keychain-locked');
    }
    kc.setLocked(false);
    expect(await kc.get('svc', 'a')).toEqual({ ok: true, value: 'one' });
  });
});
