// The maker's publisher on relays that are not there (a closed loopback port, a real relay pool): no
// relay configured starts nothing; otherwise the first tick starts it with the maker's Nostr key, the
// status names the key and the failing relay with its error, the log says so once, and close ends it.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyRegistry, type OfferRegistry } from '../../shared/offer/offer-registry';
import { deriveNostrKey } from '../../shared/crypto/nostr-key';
import { masterSeedFromEntropy } from '../signer/key-source';
import type { MakerLog } from './maker-log';
import { makerPublisher, type MakerPublisher } from './maker-publisher';
import { toHex } from '../../shared/hex';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { inProcessNostrSigner } from '../nostr/nostr-signer';
import { createSignerCore } from '../signer/signer-core';

const SEED = new Uint8Array(32).fill(5);
const registry = { snapshot: emptyRegistry() as OfferRegistry, onChange: () => () => undefined };
// The signer core the maker's signer process runs, here in-process: the publisher sees the same answers.
const makerSigner = (seed: Uint8Array) => ({ nostr: inProcessNostrSigner(createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(seed)]]) })) });
let open: MakerPublisher | null = null;
afterEach(() => open?.close());

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('the maker publisher', () => {
  it('no relays: nothing starts, the status says so', async () => {
    const lines: string[] = [];
    const p = (open = makerPublisher({ relays: [], signer: makerSigner(SEED).nostr, identitySeed: SEED, registry, log: (_l, _c, e) => lines.push(e) }));
    await p.tick();
    expect(p.status()).toEqual({ pubkey: null, relays: [] });
    expect(lines).toEqual([]);
  });

  it('a relay that refuses connections: the key is known, the relay failing with its error, logged once; closed after close', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const lines: Array<{ level: string; event: string; msg: string }> = [];
    const log: MakerLog = (level, _c, event, f) => lines.push({ level, event, msg: String(f?.msg ?? '') });
    const p = (open = makerPublisher({ relays: [url], signer: makerSigner(SEED).nostr, identitySeed: SEED, registry, log }));
    expect(p.status()).toEqual({ pubkey: null, relays: [{ url, status: 'connecting', lastError: null }] });
    await p.tick();
    const expected = deriveNostrKey(masterSeedFromEntropy(SEED));
    if (!expected.ok) throw new Error(expected.error.message);
    expect(p.status().pubkey).toBe(expected.value.publicKey);
    for (let i = 0; i < 100 && p.status().relays[0]?.status !== 'failing'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(p.status().relays[0]).toMatchObject({ url, status: 'failing', lastError: expect.any(String) });
    await p.tick();
    await p.tick();
    expect(lines.filter((l) => l.event === 'relay-failing')).toHaveLength(1);
    expect(lines.find((l) => l.event === 'relay-failing')).toMatchObject({ level: 'warn', msg: expect.stringContaining(url) });
    expect(lines.find((l) => l.event === 'publishing')?.msg).toContain(expected.value.publicKey);
    p.close();
    await p.tick();
    expect(p.status()).toEqual({ pubkey: expected.value.publicKey, relays: [{ url, status: 'closed', lastError: null }] });
  });
});
