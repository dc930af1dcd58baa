// Test and sandbox aid: records a supervisor's events and waits for one matching a predicate, with a deadline.
// Invariant: a wait never hangs a test: it fails after its timeout with the events seen so far in the message.
import type { SyncerEvent } from '../../shared/syncer/messages';
import type { Supervisor, SupervisorEvent } from '../../electron/syncer/supervisor';

export interface ProbedEvent {
  readonly at: number;
  readonly event: SupervisorEvent;
}

export interface SupervisorProbe {
  readonly all: ProbedEvent[];
  /** Syncer events only, in arrival order. */
  syncerEvents(): SyncerEvent[];
  /**
   * Resolve with the first syncer event at index >= `since` (default 0: the whole history, because an event
   * can arrive while the test still awaits the action that caused it) that matches.
   */
  next<E extends SyncerEvent>(pred: (e: SyncerEvent) => e is E, timeoutMs?: number, since?: number): Promise<E & { at: number }>;
  next(pred: (e: SyncerEvent) => boolean, timeoutMs?: number, since?: number): Promise<SyncerEvent & { at: number }>;
  nextRaw(pred: (e: SupervisorEvent) => boolean, timeoutMs?: number, since?: number): Promise<SupervisorEvent & { at: number }>;
  /** Index to pass as `since` to only look at later events. */
  mark(): number;
  close(): void;
}

export function probe(sup: Supervisor): SupervisorProbe {
  const all: ProbedEvent[] = [];
  const waiters = new Set<() => void>();
  const off = sup.subscribe((event) => {
    all.push({ at: performance.now(), event });
    for (const w of [...waiters]) w();
  });
  const nextRaw = (pred: (e: SupervisorEvent) => boolean, timeoutMs = 20_000, since = 0) =>
    new Promise<SupervisorEvent & { at: number }>((resolve, reject) => {
      let i = since;
      const check = () => {
        for (; i < all.length; i++) {
          const p = all[i]!;
          if (pred(p.event)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve({ ...p.event, at: p.at });
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const seen = all.slice(since).map((p) => JSON.stringify(p.event).slice(0, 200));
        reject(new Error(`no matching event within ${timeoutMs} ms; seen since: \n${seen.join('\n')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    all,
    syncerEvents: () => all.flatMap((p) => (p.event.type === 'syncer' ? [p.event.event] : [])),
    nextRaw,
    next: (async (pred: (e: SyncerEvent) => boolean, timeoutMs?: number, since?: number) => {
      const r = await nextRaw((e) => e.type === 'syncer' && pred(e.event), timeoutMs, since);
      if (r.type !== 'syncer') throw new Error('unreachable');
      return { ...r.event, at: r.at };
    }) as SupervisorProbe['next'],
    mark: () => all.length,
    close: off,
  };
}
