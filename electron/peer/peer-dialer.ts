// The taker's side of a link: dial the maker at the offer's address, pin the offer's key, and
// redial with capped exponential backoff (with jitter) until the link is closed. Guards: the
// taker never gives up silently and never talks to an unpinned key; every failure shows in the status.
import { setTimeout as sleep } from 'node:timers/promises';
import { PeerLink, type PeerLinkOptions } from './peer-link';
import type { PeerIdentity } from './peer-identity';
import { dialTls, type DialTarget } from './tls-dial';

export interface DialOptions<B> extends PeerLinkOptions<B> {
  readonly identity: PeerIdentity;
  /** From the verified offer: makerAddress.host/port and makerKey. */
  readonly maker: DialTarget;
}

/** Delay before attempt n (0-based) after a failure: initial * 2^n, capped, times a jitter in [0.5, 1). */
export function backoffMs(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(raw * (0.5 + random() / 2));
}

export function dialPeerLink<B>(opts: DialOptions<B>): PeerLink<B> {
  const link = new PeerLink<B>({ ...opts, peerKey: opts.maker.key });
  void dialLoop(link, opts);
  return link;
}

async function dialLoop<B>(link: PeerLink<B>, opts: DialOptions<B>): Promise<void> {
  const { timing } = link;
  let attempt = 0;
  while (!link.isClosed) {
    link.reportStatus({ state: 'connecting' });
    const dialed = await dialTls(opts.maker, opts.identity, timing.connectTimeoutMs, link.closedSignal);
    if (link.isClosed) {
      if (dialed.ok) dialed.value.destroy();
      return;
    }
    let error;
    if (dialed.ok) {
      const end = await link.attachInitiator(dialed.value, opts.maker.key);
      if (end.established) attempt = 0;
      error = end.error;
    } else {
      error = dialed.error;
    }
    if (link.isClosed) return;
    const delay = backoffMs(attempt++, timing.backoffInitialMs, timing.backoffMaxMs);
    link.reportStatus({ state: 'disconnected', error, retryInMs: delay });
    try {
      await sleep(delay, undefined, { signal: link.closedSignal });
    } catch {
      return; // closed while waiting
    }
  }
}
