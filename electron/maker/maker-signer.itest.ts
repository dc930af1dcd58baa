// The maker's signer process (signer-main.ts with FC_SIGNER_SEED=parent, a real child process): it
// takes the maker's seed over IPC and answers with the keys of THAT seed (the same public keys and
// Nostr key as the signer core in-process over it), its DLEQ proof runs there, the maker's event loop
// keeps turning meanwhile, the same proof asked three times at once is made once, and stop() ends it.
import { afterAll, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { toHex } from '../../shared/hex';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { inProcessNostrSigner } from '../nostr/nostr-signer';
import { createSignerCore } from '../signer/signer-core';
import { startMakerSigner, type MakerSigner } from './maker-signer';

const SEED = new Uint8Array(32).map((_, i) => (i * 7 + 1) & 0xff);
const REF = { swapId: '0123456789abcdef0123456789abcdef' as SwapId, role: 'alice' as const };
let signer: MakerSigner | undefined;
const lines: string[] = [];
afterAll(async () => signer?.stop());

describe("the maker's signer process", () => {
  it('serves the keys of the seed it was handed, proves off this event loop, and stops', async () => {
    signer = await startMakerSigner(SEED, { onLog: (l) => lines.push(l) });
    const pid = signer.pid;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    const there = await signer.swaps.publicKeys(REF);
    const here = await inProcessSignerWithSeed(SEED).publicKeys(REF);
    if (!there.ok || !here.ok) throw new Error('public keys refused');
    expect(toHex(there.value.xmrSpendPublic)).toBe(toHex(here.value.xmrSpendPublic));
    expect(toHex(there.value.adaptor)).toBe(toHex(here.value.adaptor));
    const nostr = await signer.nostr.publicKey();
    const nostrHere = await inProcessNostrSigner(createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(SEED)]]) })).publicKey();
    expect(nostr).toEqual(nostrHere);

    // While the proof is made in the signer process, this loop's 10 ms timer keeps firing on time
    // (in-process, the proof held the loop for its whole ~1-4 s).
    let worstGapMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstGapMs = Math.max(worstGapMs, now - last);
      last = now;
    }, 10);
    const t0 = performance.now();
    const proof = await signer.swaps.dleqProof(REF);
    const proofMs = performance.now() - t0;
    clearInterval(ticker);
    expect(proof.ok).toBe(true);
    console.log(`DLEQ proof in the signer process: ${Math.round(proofMs)} ms; this loop's worst timer gap meanwhile ${Math.round(worstGapMs)} ms`);
    // Under a loaded machine a gap can stretch, but never to the proof's own length.
    expect(worstGapMs).toBeLessThan(Math.max(500, proofMs / 2));

    // The same proof asked three times at once (a datum retry while the first waits in the queue): one
    // proof made in the signer, three equal answers.
    const proved = () => lines.filter((l) => l.includes('"dleq-proved"')).length;
    const before = proved();
    const three = await Promise.all([0, 1, 2].map(() => signer!.swaps.dleqProof({ ...REF, swapId: 'fedcba9876543210fedcba9876543210' as SwapId })));
    expect(three.every((r) => r.ok)).toBe(true);
    expect(new Set(three.map((r) => (r.ok ? toHex(r.value.proof) : ''))).size).toBe(1);
    expect(proved() - before).toBe(1);

    await signer.stop();
    expect(() => process.kill(pid!, 0)).toThrow();
    signer = undefined;
  }, 120_000);
});
