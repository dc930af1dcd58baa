// A take asked over real TLS 1.3 on 127.0.0.1: the maker's refusal arrives as its typed reason with
// its words; an accepted take leaves the swap's link open, bound to the taker's proven key, and the
// taker's ordinary link then connects to it; a take for a swap already open never reaches the handler
// (another key gets key-mismatch); a maker that takes no takes answers unknown-swap; a wrong pinned key
// never gets the take.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SwapId } from '../../shared/ids';
import { takeSwapId, type TakeRequest } from '../../shared/offer/standing-offer';
import { appError, err, ok } from '../../shared/result';
import { dialPeerLink } from './peer-dialer';
import { generateIdentitySeed, identityFromSeed, type PeerIdentity } from './peer-identity';
import { PeerListener } from './peer-listener';
import type { IncomingMessage } from './peer-link';
import { requestTake } from './take-request';

const Body = z.strictObject({ n: z.number().int() });
type Body = z.infer<typeof Body>;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const OFFER = '00112233445566778899aabbccddeeff' as SwapId;
const NONCE = '0f'.repeat(16);
const newIdentity = (): PeerIdentity => identityFromSeed(generateIdentitySeed());

async function listen(identity: PeerIdentity): Promise<PeerListener> {
  const r = await PeerListener.listen({ identity, helloTimeoutMs: 2000 });
  if (!r.ok) throw new Error(r.error.message);
  cleanups.push(() => r.value.close());
  return r.value;
}

const target = (l: PeerListener, maker: PeerIdentity) => ({ host: '127.0.0.1', port: l.port, key: maker.publicKeyHex });
const takeOf = (btcSats = '1000000'): TakeRequest => ({ offerId: OFFER, nonce: NONCE, btcSats });

describe('take request (real TLS)', () => {
  it('a refused take comes back as the maker typed reason, in its words; the handler saw the taker proven key', async () => {
    const [maker, taker] = [newIdentity(), newIdentity()];
    const l = await listen(maker);
    const seen: Array<[TakeRequest, SwapId, string]> = [];
    l.acceptTakes(async (take, swapId, peerKey) => {
      seen.push([take, swapId, peerKey]);
      return err(appError('offer-full', 'this offer runs 2 swap(s) at once, its capacity'));
    });
    const swapId = takeSwapId(OFFER, taker.publicKeyHex, NONCE);
    const r = await requestTake(target(l, maker), taker, swapId, takeOf());
    expect(r.ok ? 'accepted' : [r.error.kind, r.error.message]).toEqual(['offer-full', 'this offer runs 2 swap(s) at once, its capacity']);
    expect(seen).toEqual([[takeOf(), swapId, taker.publicKeyHex]]);
  });

  it('an accepted take opens the swap link bound to the taker; the taker then links up and messages flow', async () => {
    const [maker, taker, stranger] = [newIdentity(), newIdentity(), newIdentity()];
    const l = await listen(maker);
    const swapId = takeSwapId(OFFER, taker.publicKeyHex, NONCE);
    const got: IncomingMessage<Body>[] = [];
    l.acceptTakes(async (_take, id, peerKey) => {
      const link = l.open<Body>({ swapId: id, bodySchema: Body, takerKey: peerKey });
      cleanups.push(() => link.close());
      link.onMessage((m) => {
        got.push(m);
      });
      return ok(undefined);
    });
    expect((await requestTake(target(l, maker), taker, swapId, takeOf())).ok).toBe(true);
    // The same swap id asked again (by a stranger) goes to the open link, not the handler: the key is bound.
    const again = await requestTake(target(l, maker), stranger, swapId, takeOf());
    expect(again.ok ? 'accepted' : again.error.message).toMatch(/key-mismatch/);
    const link = dialPeerLink<Body>({ swapId, bodySchema: Body, identity: taker, maker: target(l, maker) });
    cleanups.push(() => link.close());
    expect(link.send({ n: 7 }).ok).toBe(true);
    const t0 = Date.now();
    while (got.length === 0 && Date.now() - t0 < 8000) await new Promise((r) => setTimeout(r, 10));
    expect(got.map((m) => [m.body, m.peerKey])).toEqual([[{ n: 7 }, taker.publicKeyHex]]);
  });

  it('a maker that takes no takes answers unknown-swap; a wrong pinned key never hears the take', async () => {
    const [maker, taker, other] = [newIdentity(), newIdentity(), newIdentity()];
    const l = await listen(maker);
    const swapId = takeSwapId(OFFER, taker.publicKeyHex, NONCE);
    const old = await requestTake(target(l, maker), taker, swapId, takeOf());
    expect(!old.ok && old.error.kind).toBe('take-unanswered');
    expect(!old.ok && old.error.message).toMatch(/unknown-swap/);
    let asked = 0;
    l.acceptTakes(async () => {
      asked++;
      return ok(undefined);
    });
    const pinned = await requestTake({ ...target(l, maker), key: other.publicKeyHex }, taker, swapId, takeOf());
    expect(!pinned.ok && pinned.error.kind).toBe('take-unanswered');
    expect(asked).toBe(0);
  });
});
