// The wallet's Nostr key: deterministic per seed, a valid BIP340 key, under its own label (not any
// swap or funding key of the same seed); NIP-01 event ids and signatures verify and any change breaks them.
// (That nostr-tools agrees with these ids, keys and signatures is checked in electron/signer/signer-nostr.test.ts.)
import { schnorr } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { toHex } from '../hex';
import { deriveNostrKey, nostrEventId, signNostrEvent, verifyNostrEvent } from './nostr-key';
import { deriveXmrFundingKeys } from './xmr-funding-keys';

const seed = new Uint8Array(64).fill(3);
const key = () => {
  const k = deriveNostrKey(seed);
  if (!k.ok) throw new Error(k.error.message);
  return k.value;
};

describe('the Nostr key', () => {
  it('is the same for the same seed, another for another seed, and its public key is BIP340 x-only of its secret', () => {
    const k = key();
    expect(key()).toEqual(k);
    const other = deriveNostrKey(new Uint8Array(64).fill(4));
    expect(other.ok && other.value.publicKey).not.toBe(k.publicKey);
    expect(k.publicKey).toBe(toHex(schnorr.getPublicKey(k.secret)));
    expect(k.publicKey).toMatch(/^[0-9a-f]{64}$/);
    // A regression vector: a change of label or scheme would silently move every maker to a new Nostr name.
    expect(k.publicKey).toBe(NOSTR_PUBKEY_OF_SEED_03);
  });

  it('shares nothing with the XMR funding wallet of the same seed', () => {
    const f = deriveXmrFundingKeys(seed, new Uint8Array(16));
    expect(f.ok && toHex(f.value.spend.secret)).not.toBe(toHex(key().secret));
  });

  it('refuses a seed of a wrong length', () => {
    const r = deriveNostrKey(new Uint8Array(8));
    expect(r.ok ? 'ok' : r.error.kind).toBe('bad-length');
  });
});

describe('NIP-01 events', () => {
  const t = { kind: 38383, created_at: 1_800_000_000, tags: [['d', 'x'], ['y', 'farcaster-swap']], content: 'fcswap1…"\\\n' };

  it('the id is sha256 of the canonical array; the signature verifies; any change to id, content, tag, time or signature fails', () => {
    const e = signNostrEvent(key().secret, t);
    expect(e.pubkey).toBe(key().publicKey);
    expect(e.id).toBe(nostrEventId(e.pubkey, t));
    expect(verifyNostrEvent(e)).toBe(true);
    expect(verifyNostrEvent({ ...e, content: 'other' })).toBe(false);
    expect(verifyNostrEvent({ ...e, tags: [['d', 'y']] })).toBe(false);
    expect(verifyNostrEvent({ ...e, created_at: e.created_at + 1 })).toBe(false);
    expect(verifyNostrEvent({ ...e, sig: e.sig.replace(/.$/, e.sig.endsWith('0') ? '1' : '0') })).toBe(false);
    expect(verifyNostrEvent({ ...e, pubkey: 'zz' })).toBe(false);
  });
});

const NOSTR_PUBKEY_OF_SEED_03 = '636a1d0c52d0c97656cdc0af043cc07c89f1dd5b9d1c1034b1bc168d261bc6bb';
