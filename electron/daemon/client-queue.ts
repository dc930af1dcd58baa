// The swap node's client port: the daemon's datum requests queued per swap for the headless client,
// each answered and its datum applied before the next is asked. Invariants: the client's memo is
// read-modify-write, so one request at a time per swap; after a restore the same request comes twice
// (re-ask + pending re-send), so an identical request already queued is not asked again; a client
// restarted with its daemon is given the verified peer reveal before any other request needs it;
// an answer that failed for a passing reason (client-retry.ts) is asked again with a growing delay
// and a logged reason, while its swap runs (the daemon asks each request once per run).
import type { SwapId } from '../../shared/ids';
import type { DatumRequest } from '../../shared/protocol/datum';
import type { SwapState } from '../../shared/protocol/state';
import type { HeadlessClient } from '../client/headless-client';
import { canonicalJson } from '../peer/link-restore';
import { mayAskAgain, retryDelayMs } from './client-retry';
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
  /** The wait before asking again after `failures` failed answers (tests shorten it). */
  readonly retryDelayMs?: (failures: number) => number;
}

export function clientQueue(o: ClientQueueOptions): ClientPort {
  const tail = new Map<string, Promise<void>>();
  const queued = new Map<string, Set<string>>();
  const ensurePeerReveal = peerRevealGiver(o);

  const delayOf = o.retryDelayMs ?? retryDelayMs;

  /** Still worth asking: the swap's actor runs and has no outcome (a stopped node or an ended swap asks nothing). */
  const running = (swapId: SwapId) => {
    const a = o.daemon().actor(swapId);
    return a !== undefined && a.outcome === null;
  };

  /** Queue one attempt behind the swap's earlier requests. */
  const enqueue = (swapId: SwapId, attempt: () => Promise<void>) => {
    const next = (tail.get(swapId) ?? Promise.resolve()).then(attempt);
    tail.set(swapId, next);
  };

  /**
   * Ask the client, then give its datum to the daemon; every failure is logged, none escapes. A
   * failure that may pass is asked again after a delay (the request stays queued, so a repeat of it
   * is folded); `release` runs once the request is done with.
   */
  const ask = async (swapId: SwapId, req: DatumRequest, failures: number, release: () => void) => {
    let again = false;
    try {
      await ensurePeerReveal(swapId, req.kind);
      const d = await o.client.handle(swapId, req);
      if (!d.ok) {
        again = mayAskAgain(req, d.error) && running(swapId);
        if (!again) {
          o.log({ component: 'client', level: 'error', event: 'datum-failed', swapId, detail: d.error.message });
          return;
        }
        const wait = delayOf(failures + 1);
        o.log({ component: 'client', level: 'warn', event: 'datum-retry', swapId, detail: `${req.kind} failed ${failures + 1} time(s): ${d.error.message}; asking the client again in ${Math.round(wait / 1000)} s` });
        const timer = setTimeout(() => {
          if (running(swapId)) enqueue(swapId, () => ask(swapId, req, failures + 1, release));
          else release();
        }, wait);
        timer.unref?.();
        return;
      }
      if (failures > 0) o.log({ component: 'client', level: 'info', event: 'datum-answered', swapId, detail: `${req.kind} answered after ${failures} failure(s)` });
      if (d.value) {
        const r = await o.daemon().onClientDatum(swapId, d.value);
        if (r.status !== 'applied') o.log({ component: 'client', level: 'warn', event: 'datum-not-applied', swapId, detail: r.error.message });
      }
    } catch (e) {
      o.log({ component: 'client', level: 'error', event: 'datum-failed', swapId, detail: e instanceof Error ? e.message : String(e) });
    } finally {
      if (!again) release();
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
      enqueue(swapId, () => ask(swapId, req, 0, () => waiting.delete(key)));
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
