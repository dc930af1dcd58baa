// The swap node's client port: the daemon's datum requests queued per swap for the headless client,
// each answered and its datum applied before the next is asked. Invariants: the client's memo is
// read-modify-write, so one request at a time per swap; after a restore the same request comes twice
// (re-ask + pending re-send), so an identical request already queued is not asked again; a client
// restarted with its daemon is given the verified peer reveal before any other request needs it.
import type { SwapId } from '../../shared/ids';
import type { DatumRequest } from '../../shared/protocol/datum';
import type { SwapState } from '../../shared/protocol/state';
import type { HeadlessClient } from '../client/headless-client';
import { canonicalJson } from '../peer/link-restore';
import type { ClientNote, ClientPort, Logger } from './daemon-ports';
import type { SwapDaemon } from './swap-daemon';

export interface ClientQueueOptions {
  readonly client: Pick<HeadlessClient, 'handle'>;
  /** The daemon the datums go to (it is created after the port: read only once it exists). */
  readonly daemon: () => Pick<SwapDaemon<SwapState>, 'actor' | 'onClientDatum'>;
  readonly log: Logger;
  readonly onNote?: (swapId: SwapId, note: ClientNote) => void;
  /** A swap begins (its first request, session-params): e.g. start the DLEQ verifier pool. */
  readonly onSwapBegins?: () => void;
}

export function clientQueue(o: ClientQueueOptions): ClientPort {
  const tail = new Map<string, Promise<void>>();
  const queued = new Map<string, Set<string>>();
  const ensurePeerReveal = peerRevealGiver(o);

  /** Ask the client, then give its datum to the daemon; every failure is logged, none escapes. `release` runs last. */
  const ask = async (swapId: SwapId, req: DatumRequest, release: () => void) => {
    try {
      await ensurePeerReveal(swapId, req.kind);
      const d = await o.client.handle(swapId, req);
      if (!d.ok) {
        o.log({ component: 'client', level: 'error', event: 'datum-failed', swapId, detail: d.error.message });
        return;
      }
      if (d.value) {
        const r = await o.daemon().onClientDatum(swapId, d.value);
        if (r.status !== 'applied') o.log({ component: 'client', level: 'warn', event: 'datum-not-applied', swapId, detail: r.error.message });
      }
    } catch (e) {
      o.log({ component: 'client', level: 'error', event: 'datum-failed', swapId, detail: e instanceof Error ? e.message : String(e) });
    } finally {
      release();
    }
  };

  return {
    request: (swapId, req) => {
      if (req.kind === 'session-params') o.onSwapBegins?.();
      const key = canonicalJson(req);
      const waiting = queued.get(swapId) ?? new Set<string>();
      queued.set(swapId, waiting);
      if (waiting.has(key)) return;
      waiting.add(key);
      const run = () => ask(swapId, req, () => waiting.delete(key));
      const next = (tail.get(swapId) ?? Promise.resolve()).then(run);
      tail.set(swapId, next);
    },
    notify: (swapId, note) => o.onNote?.(swapId, note),
  };
}

/**
 * A client restarted with its daemon may lack the verified peer reveal: after a restore the synced
 * step's own requests (e.g. sign-refund-procedure) are performed before the actor re-sends
 * peer-params. Give it first, once per swap and process lifetime (peer-params is idempotent).
 */
function peerRevealGiver(o: ClientQueueOptions): (swapId: SwapId, kind: DatumRequest['kind']) => Promise<void> {
  const given = new Set<string>();
  return async (swapId, kind) => {
    if (kind === 'peer-params') return void given.add(swapId);
    if (kind === 'session-params' || given.has(swapId)) return;
    const reveal = o.daemon().actor(swapId)?.record.evidence.peerReveal;
    if (!reveal) return;
    const r = await o.client.handle(swapId, { kind: 'peer-params', reveal });
    if (r.ok) given.add(swapId);
  };
}
