// Seed loading and first-run creation against keychains that misbehave: a seed is used only once
// the keychain holds it, a first-run race resolves to the stored seed, and nothing is overwritten;
// a restore writes only an empty keychain (or replaces when asked).
import { describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import { appError, err, ok } from '../../shared/result';
import type { Keychain } from '../keychain/keychain-port';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { loadOrCreateSeed, restoreSeed, seedFingerprint } from './seed-store';

const fixedRandom = (byte: number) => (n: number) => new Uint8Array(n).fill(byte);

describe('seed store', () => {
  it('first run stores 32 random bytes as hex and reports created; later runs load the same', async () => {
    const kc = createMemoryKeychain();
    const first = await loadOrCreateSeed(kc, fixedRandom(0xab));
    expect(first.ok && [toHex(first.value.seed), first.value.created]).toEqual(['ab'.repeat(32), true]);
    expect(await kc.get(KEYCHAIN_SERVICE, SEED_ACCOUNT)).toEqual({ ok: true, value: 'ab'.repeat(32) });
    const second = await loadOrCreateSeed(kc, fixedRandom(0xcd));
    expect(second.ok && [toHex(second.value.seed), second.value.created]).toEqual(['ab'.repeat(32), false]);
    expect(second.ok && second.value.fingerprint).toBe(seedFingerprint(new Uint8Array(32).fill(0xab)));
  });

  it('a failed store gives an error and no seed (the generated one is never used)', async () => {
    const kc: Keychain = {
      get: async () => err(appError('not-found', 'empty')),
      set: async () => err(appError('timeout', 'slow')),
      delete: async () => ok(undefined),
    };
    const r = await loadOrCreateSeed(kc, fixedRandom(1));
    expect(r.ok ? 'ok' : r.error.kind).toBe('timeout');
  });

  it('a store that accepts but cannot read back gives an error, not the unconfirmed seed', async () => {
    let sets = 0;
    const kc: Keychain = {
      get: async () => err(appError('not-found', 'empty')),
      set: async () => (sets++, ok(undefined)),
      delete: async () => ok(undefined),
    };
    const r = await loadOrCreateSeed(kc, fixedRandom(1));
    expect(r.ok ? 'ok' : r.error.kind).toBe('not-found');
    expect(sets).toBe(1);
  });

  it('a first-run race resolves to the seed the keychain holds (created: false)', async () => {
    const winner = 'ee'.repeat(32);
    let reads = 0;
    const kc: Keychain = {
      get: async () => (reads++ === 0 ? err(appError('not-found', 'empty')) : ok(winner)),
      set: async () => ok(undefined),
      delete: async () => ok(undefined),
    };
    const r = await loadOrCreateSeed(kc, fixedRandom(1));
    expect(r.ok && [toHex(r.value.seed), r.value.created]).toEqual([winner, false]);
  });

  it.each(['', 'zz'.repeat(32), 'ab'.repeat(31), 'AB'.repeat(32), 'ab'.repeat(33)])('refuses the stored value %j as seed-corrupt and leaves it', async (bad) => {
    const kc = createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, bad]]);
    const r = await loadOrCreateSeed(kc, fixedRandom(1));
    expect(r.ok ? 'ok' : r.error.kind).toBe('seed-corrupt');
    expect(kc.calls.set).toBe(0);
  });

  it('locked and unavailable keychains are passed up without creating a seed', async () => {
    const kc = createMemoryKeychain();
    kc.setLocked(true);
    const r = await loadOrCreateSeed(kc, fixedRandom(1));
    expect(r.ok ? 'ok' : r.error.kind).toBe('keychain-locked');
    expect(kc.calls.set).toBe(0);
  });
});

describe('restoreSeed', () => {
  const seedA = new Uint8Array(32).fill(0xa1);
  const seedB = new Uint8Array(32).fill(0xb2);

  it('writes into an empty keychain, and the loader then reads that seed (not created)', async () => {
    const kc = createMemoryKeychain();
    const r = await restoreSeed(kc, seedA, { replace: false });
    expect(r.ok && r.value).toEqual({ fingerprint: seedFingerprint(seedA), outcome: 'written' });
    const loaded = await loadOrCreateSeed(kc, fixedRandom(9));
    expect(loaded.ok && [toHex(loaded.value.seed), loaded.value.created]).toEqual([toHex(seedA), false]);
  });

  it('the same seed again is "same" and writes nothing', async () => {
    const kc = createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(seedA)]]);
    const r = await restoreSeed(kc, seedA, { replace: false });
    expect(r.ok && r.value.outcome).toBe('same');
    expect(kc.calls.set).toBe(0);
  });

  it.each([toHex(new Uint8Array(32).fill(0xb2)), 'not a seed'])('never overwrites another stored entry (%j) without replace', async (stored) => {
    const kc = createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, stored]]);
    const r = await restoreSeed(kc, seedA, { replace: false });
    expect(r.ok ? 'ok' : r.error.kind).toBe('seed-exists');
    expect(kc.calls.set).toBe(0);
    expect(await kc.get(KEYCHAIN_SERVICE, SEED_ACCOUNT)).toEqual({ ok: true, value: stored });
  });

  it('replaces another seed when asked', async () => {
    const kc = createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(seedB)]]);
    const r = await restoreSeed(kc, seedA, { replace: true });
    expect(r.ok && r.value.outcome).toBe('replaced');
    expect(await kc.get(KEYCHAIN_SERVICE, SEED_ACCOUNT)).toEqual({ ok: true, value: toHex(seedA) });
  });

  it('a locked keychain is passed up and nothing is written', async () => {
    const kc = createMemoryKeychain();
    kc.setLocked(true);
    const r = await restoreSeed(kc, seedA, { replace: true });
    expect(r.ok ? 'ok' : r.error.kind).toBe('keychain-locked');
    expect(kc.calls.set).toBe(0);
  });
});
