// A syncer worker's poll loop: one backend round at a time, health events from each outcome, backoff while the node fails.
// Invariant: rounds never overlap (a kick during a round runs another right after it); the loop goes on while the worker lives.
import { BackendHealth } from '../../shared/syncer/backend-health';
import { backoffDelay } from '../../shared/syncer/backoff';
import type { BtcTask, XmrTask } from '../../shared/syncer/messages';
import type { FromWorker, WorkerConfig } from '../../shared/syncer/worker-protocol';
import type { ChainBackend, Log } from './chain-backend';
import type { SendEvent } from './syncer-events';

type AnyTask = BtcTask | XmrTask;

/** What the loop runs once the worker is configured. */
export interface PollRun {
  readonly backend: ChainBackend<AnyTask>;
  readonly config: WorkerConfig;
  readonly health: BackendHealth;
}

export interface PollLoop {
  run: PollRun | null;
  timer: NodeJS.Timeout | null;
  polling: boolean;
  /** A kick arrived during a round: run the next one at once. */
  again: boolean;
  stopped: boolean;
  /** settled() callers, released after the next completed round. */
  waiters: (() => void)[];
  lastTip: string | null;
  readonly send: (m: FromWorker) => void;
  readonly sendEvent: SendEvent;
  readonly log: Log;
  readonly now: () => number;
}

export function newPollLoop(io: Pick<PollLoop, 'send' | 'sendEvent' | 'log' | 'now'>): PollLoop {
  return { ...io, run: null, timer: null, polling: false, again: false, stopped: false, waiters: [], lastTip: null };
}

export function startPolling(loop: PollLoop, config: WorkerConfig, backend: ChainBackend<AnyTask>): void {
  loop.run = { backend, config, health: new BackendHealth(config.stallMs) };
  schedule(loop, 0);
}

/** A new task: poll now, or right after the round under way. */
export function kickPoll(loop: PollLoop): void {
  if (loop.polling) loop.again = true;
  else schedule(loop, 0);
}

export function whenSettled(loop: PollLoop): Promise<void> {
  return new Promise((r) => loop.waiters.push(r));
}

export async function stopPolling(loop: PollLoop): Promise<void> {
  loop.stopped = true;
  if (loop.timer) clearTimeout(loop.timer);
  await loop.run?.backend.close();
}

function schedule(loop: PollLoop, ms: number): void {
  if (loop.stopped) return;
  if (loop.timer) clearTimeout(loop.timer);
  loop.timer = setTimeout(() => void tick(loop), ms);
}

async function tick(loop: PollLoop): Promise<void> {
  loop.timer = null;
  const run = loop.run;
  if (!run || loop.stopped) return;
  if (loop.polling) {
    loop.again = true;
    return;
  }
  loop.polling = true;
  let delay = run.config.pollMs;
  try {
    delay = await round(loop, run);
  } catch (e) {
    loop.log('error', `poll failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    loop.polling = false;
  }
  const w = loop.waiters;
  loop.waiters = [];
  for (const f of w) f();
  if (loop.again) {
    loop.again = false;
    schedule(loop, 0);
  } else {
    schedule(loop, delay);
  }
}

/** One backend round: report a new tip and the health events; returns the delay before the next round. */
async function round(loop: PollLoop, run: PollRun): Promise<number> {
  const { config, health } = run;
  const r = await run.backend.poll();
  const evs = r.ok ? health.pollOk(r.height, r.hash, loop.now()) : health.pollFailed(r.error, loop.now());
  if (r.ok && r.hash !== loop.lastTip) {
    loop.lastTip = r.hash;
    loop.send({ type: 'tip', height: r.height, hash: r.hash });
  }
  for (const ev of evs) loop.sendEvent(ev);
  if (r.ok) return config.pollMs;
  return backoffDelay({ baseMs: config.pollMs, maxMs: config.maxBackoffMs, factor: 2, jitter: 0.2 }, health.failures - 1);
}
