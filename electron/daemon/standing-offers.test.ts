// The maker's take handler when a taker asks the same take again (same nonce, so the same swap id)
// because the first answer was late: the ask joins the take in flight and gets its answer; exactly one
// swap is created and one place of the offer taken (before, the second ask was refused as a reused
// swap id, and a taker that then asked with a fresh nonce left an orphan swap at the maker). An ask
// naming the same swap id with other terms is refused and changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { identityKeyOf } from '../../shared/offer/offer';
import { runningTakes } from '../../shared/offer/offer-registry';
import type { OfferTerms } from '../../shared/offer/offer-schema';
import { takeSwapId, type TakeError, type TakeRequest } from '../../shared/offer/standing-offer';
import type { Deal } from '../../shared/protocol/deal';
import { ok, type Result } from '../../shared/result';
import { TakerBindings } from '../peer/peer-files';
import type { PeerListener, TakeHandler } from '../peer/peer-listener';
import { OfferBook } from './offer-book';
import { serveStandingOffers } from './standing-offers';
import type { SwapNode } from './swap-node';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standing-offers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const NOW = 1_800_000_000;
const OFFER = '00112233445566778899aabbccddeeff' as SwapId;
const MAKER_SEED = new Uint8Array(32).fill(7);
const terms: OfferTerms = {
  offerId: OFFER, network: 'regtest', makerRole: 'alice', btcSats: '2000000', xmrPiconero: '3000000000000',
  cancelTimelock: 60, punishTimelock: 80, fee: { kind: 'fixed', satPerKvB: 2000 }, expiresAt: NOW + 3600,
  makerKey: identityKeyOf(MAKER_SEED), makerAddress: { host: '127.0.0.1', port: 40123 },
  standing: { minBtcSats: '500000', capacity: 3 },
};
const TAKER = identityKeyOf(new Uint8Array(32).fill(9));
const NONCE = toHex(new Uint8Array(16).fill(1));
const SWAP = takeSwapId(OFFER, TAKER, NONCE);
const take = (btcSats = '1000000'): TakeRequest => ({ offerId: OFFER, nonce: NONCE, btcSats });

/** A maker whose swap creation waits until the test releases it: the time a busy maker takes. */
function maker(name: string) {
  let handler: TakeHandler | undefined;
  const listener = { acceptTakes: (h: TakeHandler) => void (handler = h) } as unknown as PeerListener;
  const created: Deal[] = [];
  let release!: () => void;
  const slow = new Promise<void>((r) => (release = r));
  const node = {
    identitySeed: MAKER_SEED,
    daemon: {
      createSwap: async (deal: Deal) => {
        created.push(deal);
        await slow;
        return ok({});
      },
    },
    openOnListener: () => ok(undefined),
  } as unknown as SwapNode;
  const opened = OfferBook.open(path.join(dir, name, 'offers.json'));
  if (!opened.ok) throw new Error(opened.error.message);
  const book = opened.value;
  const standing = serveStandingOffers({
    node, client: { register: async () => undefined }, book, listener, bindings: new TakerBindings(path.join(dir, name, 'takers')), nowSec: () => NOW,
  });
  const published = standing.publish(terms, { nowSec: NOW });
  if (!published.ok) throw new Error(published.error.message);
  const ask = (t: TakeRequest, key = TAKER): Promise<Result<void, TakeError>> => handler!(t, SWAP, key);
  return { ask, created, release, running: () => runningTakes(book.snapshot.offers[OFFER]!).map((t) => t.swapId) };
}

describe('a take asked again while the maker is making its swap', () => {
  it('joins the take in flight: both asks accepted, one swap created, one place taken', async () => {
    const m = maker('again');
    const first = m.ask(take());
    const second = m.ask(take());
    // Let both asks reach the handler before the swap is made.
    await new Promise((r) => setTimeout(r, 20));
    m.release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(true);
    expect(m.created.map((d) => d.swapId)).toEqual([SWAP]);
    expect(m.running()).toEqual([SWAP]);
  });

  it('an ask naming the same swap id with another amount is refused and takes nothing', async () => {
    const m = maker('other-terms');
    const first = m.ask(take());
    const other = await m.ask(take('600000'));
    expect(!other.ok && other.error.kind).toBe('take-bad-swap-id');
    m.release();
    expect((await first).ok).toBe(true);
    expect(m.created).toHaveLength(1);
    expect(m.running()).toEqual([SWAP]);
  });
});
