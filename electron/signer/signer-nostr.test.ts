// The signer's Nostr requests: the public key is nostr-tools' getPublicKey of the derived key; a signed
// offer event verifies in nostr-tools (verifyEvent) with the id nostr-tools computes; the key signs only
// offer events and their deletions (a note, a DM, an offer with disagreeing tags: policy); nothing
// secret in the log.
import { getEventHash, getPublicKey, verifyEvent, type Event } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import { deriveNostrKey } from '../../shared/crypto/nostr-key';
import { deletionTemplate, nostrKeyBinding, orderTemplate } from '../../shared/offer/nostr-order';
import { signedOffer, standingTerms, testMaker } from '../../rigs/nostr/order-fixtures';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { masterSeedFromEntropy } from './key-source';
import { createSignerCore } from './signer-core';
import { NostrPublicKeyValueSchema, NostrSignValueSchema, type SignerLogLine } from './signer-protocol';

const ENTROPY = new Uint8Array(32).fill(9);

function core(logs: SignerLogLine[] = []) {
  const c = createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(ENTROPY)]]), log: (l) => logs.push(l) });
  let id = 0;
  return async (body: unknown) => (await c.handle({ id: ++id, body })).result;
}

const maker = testMaker(5);

describe('signer: nostr-public-key and nostr-sign', () => {
  it("answers the key nostr-tools derives from the seed's Nostr secret, and signs an offer event nostr-tools verifies", async () => {
    const logs: SignerLogLine[] = [];
    const call = core(logs);
    const pk = await call({ kind: 'nostr-public-key' });
    if (!pk.ok) throw new Error(pk.error.message);
    const { pubkey } = NostrPublicKeyValueSchema.parse(pk.value);
    const secret = deriveNostrKey(masterSeedFromEntropy(ENTROPY));
    if (!secret.ok) throw new Error(secret.error.message);
    expect(getPublicKey(secret.value.secret)).toBe(pubkey);

    const terms = standingTerms(maker);
    const t = orderTemplate(signedOffer(maker, terms), terms, { status: 'pending', remaining: 2 }, nostrKeyBinding(maker.identitySeed, pubkey), 1_800_000_000);
    const r = await call({ kind: 'nostr-sign', event: t });
    if (!r.ok) throw new Error(r.error.message);
    const s = NostrSignValueSchema.parse(r.value);
    const event: Event = { ...t, tags: t.tags.map((x) => [...x]), ...s };
    expect(s.pubkey).toBe(pubkey);
    expect(getEventHash(event)).toBe(s.id);
    expect(verifyEvent(event)).toBe(true);

    const del = deletionTemplate(pubkey, terms.offerId, [s.id], 1_800_000_001);
    const d = await call({ kind: 'nostr-sign', event: del });
    if (!d.ok) throw new Error(d.error.message);
    expect(verifyEvent({ ...del, tags: del.tags.map((x) => [...x]), ...NostrSignValueSchema.parse(d.value) })).toBe(true);

    expect(JSON.stringify(logs)).not.toContain(toHex(secret.value.secret));
    expect(logs.filter((l) => l.event === 'nostr-signed')).toHaveLength(2);
  });

  it('refuses to sign anything but an offer event or its deletion (policy), and bad input (bad-request)', async () => {
    const call = core();
    const kindOf = (r: Awaited<ReturnType<typeof call>>) => (r.ok ? 'ok' : r.error.kind);
    expect(kindOf(await call({ kind: 'nostr-sign', event: { kind: 1, created_at: 1, tags: [], content: 'gm' } }))).toBe('policy');
    expect(kindOf(await call({ kind: 'nostr-sign', event: { kind: 4, created_at: 1, tags: [['p', 'ab'.repeat(32)]], content: 'secret' } }))).toBe('policy');
    const terms = standingTerms(maker);
    const t = orderTemplate(signedOffer(maker, terms), terms, { status: 'pending', remaining: 2 }, maker.binding, 1);
    const lying = { ...t, tags: t.tags.map((x) => (x[0] === 'amt' ? ['amt', '1'] : [...x])) };
    expect(kindOf(await call({ kind: 'nostr-sign', event: lying }))).toBe('policy');
    expect(kindOf(await call({ kind: 'nostr-sign', event: { ...t, content: 'x'.repeat(5000) } }))).toBe('bad-request');
    expect(kindOf(await call({ kind: 'nostr-sign', event: t, id: 'ab'.repeat(32) }))).toBe('bad-request');
    expect(kindOf(await call({ kind: 'nostr-public-key', extra: 1 }))).toBe('bad-request');
  });
});
