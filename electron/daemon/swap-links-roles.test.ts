// Who dials whom does not follow the protocol role: the node whose identity signed the offer is the
// maker (it answers on its listener and binds the first taker key), every other node dials the offer's
// address, whether the maker is Alice or Bob (issue #20: the roles reversed).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { createOffer, identityKeyOf } from '../../shared/offer/offer';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import { TakerBindings } from '../peer/peer-files';
import { identityFromSeed } from '../peer/peer-identity';
import type { PeerLink } from '../peer/peer-link';
import type { PeerListener } from '../peer/peer-listener';
import { SwapLinks } from './swap-links';

const NOW = 1_800_000_000;
const SWAP = '00112233445566778899aabbccddeeff' as SwapId;
const makerSeed = new Uint8Array(32).fill(3);
const takerSeed = new Uint8Array(32).fill(4);

function offerFor(makerRole: 'alice' | 'bob', port: number): string {
  const r = createOffer(
    {
      offerId: SWAP, network: 'regtest', makerRole, btcSats: '100000', xmrPiconero: '1000000000000', cancelTimelock: 10, punishTimelock: 20,
      fee: { kind: 'fixed', satPerKvB: 1000 }, expiresAt: NOW + 3600, makerKey: identityKeyOf(makerSeed), makerAddress: { host: '127.0.0.1', port },
    },
    makerSeed,
    { nowSec: NOW },
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A link as the listener hands it out: records the handler the node installs. */
function fakeLink() {
  const link = { handler: null as null | ((m: { peerKey: string; body: PeerMessage }) => Promise<void>), onMessage(h: never) { link.handler = h; }, send: vi.fn(() => ({ ok: true })), close: vi.fn() };
  return link;
}

const dirs: string[] = [];
const linksMade: SwapLinks[] = [];
afterEach(() => {
  for (const l of linksMade.splice(0)) l.closeAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function nodeLinks(seed: Uint8Array, offer: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-links-'));
  dirs.push(dir);
  const bindings = new TakerBindings(dir);
  const onPeerMessage = vi.fn(async () => ({ status: 'accepted' }) as never);
  const actor = { status: 'running', record: { genesis: { offer, createdAt: NOW * 1000 }, evidence: { peerOut: [] } } };
  const daemon = { actor: (id: string) => (id === SWAP ? actor : undefined), swapIds: [SWAP], onPeerMessage };
  const links = new SwapLinks({ daemon: () => daemon as never, identity: identityFromSeed(seed), bindings, log: () => {} });
  linksMade.push(links);
  return { links, bindings, onPeerMessage };
}

function fakeListener() {
  const opened: Array<{ swapId: string; takerKey?: string; link: ReturnType<typeof fakeLink> }> = [];
  const listener = {
    open: (o: { swapId: string; takerKey?: string }) => {
      const link = fakeLink();
      opened.push({ swapId: o.swapId, ...(o.takerKey ? { takerKey: o.takerKey } : {}), link });
      return link as unknown as PeerLink<PeerMessage>;
    },
  };
  return { listener: listener as unknown as PeerListener, opened };
}

describe.each(['alice', 'bob'] as const)('maker role %s', (makerRole) => {
  it('the node holding the offer key is the maker: it waits for a listener, opens the swap on it, and binds the first taker key before the daemon sees the message', async () => {
    const { links, bindings, onPeerMessage } = nodeLinks(makerSeed, offerFor(makerRole, 1));
    expect(links.planResumed([SWAP])).toEqual({ [SWAP]: 'awaiting-listener' });
    const { listener, opened } = fakeListener();
    links.serve(listener);
    expect(opened.map((o) => o.swapId)).toEqual([SWAP]);
    expect(links.get(SWAP)).toBe(opened[0]!.link);
    const takerKey = identityKeyOf(takerSeed);
    await opened[0]!.link.handler!({ peerKey: takerKey, body: { type: 'abort' } as never });
    expect(bindings.get(SWAP)).toBe(takerKey);
    expect(onPeerMessage).toHaveBeenCalledTimes(1);
    // Resumed later: the link is opened bound to that taker key only.
    expect(opened[0]!.takerKey).toBeUndefined();
    expect(links.openOnListener(SWAP).ok).toBe(true);
    expect(opened.map((o) => o.takerKey)).toEqual([undefined, takerKey]);
  });

  it('any other node is the taker: serve() opens nothing for it, and resuming dials the offer address', async () => {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const dialed = new Promise<void>((r) => server.once('connection', () => r()));
      const { links, bindings } = nodeLinks(takerSeed, offerFor(makerRole, port));
      const { listener, opened } = fakeListener();
      links.serve(listener);
      expect(opened).toEqual([]);
      expect(links.planResumed([SWAP])).toEqual({ [SWAP]: 'dialed' });
      await dialed; // the connection reached the offer's host and port
      expect(links.get(SWAP)).toBeDefined();
      expect(bindings.get(SWAP)).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
