// Unit test of the supervisor's bookkeeping with a fake spawn port (no processes): restarts, re-sent task sets, replays, aborts.
// Invariant under test: the task set survives any number of worker deaths, one-shots finish once, and nothing a worker says twice is passed on twice.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSupervisor, type SupervisorEvent } from './supervisor';
import type { SpawnPort, WorkerHandle } from './spawn-port';
import type { BtcWorkerConfig } from '../../shared/syncer/worker-protocol';

interface FakeWorker {
  readonly pid: number;
  readonly inbox: unknown[];
  say(m: unknown): void;
  die(): void;
}

function fakePort() {
  const workers: FakeWorker[] = [];
  const port: SpawnPort = {
    spawn() {
      let onMsg: (m: unknown) => void = () => undefined;
      let onExit: (c: number | null, s: string | null) => void = () => undefined;
      let alive = true;
      const inbox: unknown[] = [];
      const pid = 1000 + workers.length;
      const h: WorkerHandle = {
        pid,
        send: (m) => {
          if (alive) inbox.push(m);
          // A worker told to shut down exits.
          if (alive && (m as { type?: string }).type === 'shutdown') queueMicrotask(() => h.kill());
          return alive;
        },
        onMessage: (f) => (onMsg = f),
        onExit: (f) => (onExit = f),
        kill: () => {
          if (alive) {
            alive = false;
            onExit(null, 'SIGKILL');
          }
        },
      };
      workers.push({ pid, inbox, say: (m) => onMsg(m), die: () => h.kill() });
      return h;
    },
  };
  return { port, workers };
}

const config: BtcWorkerConfig = {
  chain: 'btc', rpcUrl: 'http://127.0.0.1:1', feeTargetBlocks: 2, pollMs: 50, stallMs: 1e6, rpcTimeoutMs: 1000, maxBackoffMs: 1000,
};
const H = (c: string) => c.repeat(64);
const tasksIn = (w: FakeWorker) => w.inbox.flatMap((m) => ((m as { type: string }).type === 'task' ? [(m as { task: { id: string } }).task.id] : []));
const syncerEvents = (evs: SupervisorEvent[]) => evs.flatMap((e) => (e.type === 'syncer' ? [e.event] : []));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('supervisor', () => {
  it('configures a ready worker, then hands it the whole task set again after every death, with growing backoff', async () => {
    const { port, workers } = fakePort();
    const sup = startSupervisor({ config, spawn: port, backoff: { baseMs: 100, maxMs: 1_000, factor: 2, jitter: 0 }, stableMs: 60_000 });
    const evs: SupervisorEvent[] = [];
    sup.subscribe((e) => evs.push(e));
    expect(sup.send({ kind: 'watch-height', id: 'h' }).ok).toBe(true); // before the worker is ready: kept, sent later
    workers[0]!.say({ type: 'ready', chain: 'btc', pid: 1000 });
    expect(workers[0]!.inbox[0]).toEqual({ type: 'configure', config });
    sup.send({ kind: 'watch-tx', id: 't', txid: H('a'), confirmationBound: 3 });
    expect(tasksIn(workers[0]!)).toEqual(['h', 't']);

    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const w = workers.at(-1)!;
      w.die();
      expect(sup.health().worker).toBe('down');
      const n = workers.length;
      let waited = 0;
      while (workers.length === n) {
        await vi.advanceTimersByTimeAsync(10);
        waited += 10;
      }
      delays.push(waited);
      workers.at(-1)!.say({ type: 'ready', chain: 'btc', pid: workers.at(-1)!.pid });
      expect(tasksIn(workers.at(-1)!)).toEqual(['h', 't']);
    }
    expect(delays).toEqual([100, 200, 400, 800]);
    expect(sup.health()).toMatchObject({ worker: 'up', restarts: 4 });
    await sup.stop();
  });

  it('finished one-shots are not re-sent; repeats replay recorded events; a restarted worker repeating itself is silent', async () => {
    const { port, workers } = fakePort();
    const sup = startSupervisor({ config, spawn: port, backoff: { baseMs: 10, maxMs: 10, factor: 1, jitter: 0 } });
    const evs: SupervisorEvent[] = [];
    sup.subscribe((e) => evs.push(e));
    workers[0]!.say({ type: 'ready', chain: 'btc', pid: 1 });
    sup.send({ kind: 'broadcast', id: 'b', txHex: 'aa' });
    sup.send({ kind: 'watch-tx', id: 't', txid: H('a'), confirmationBound: 3 });
    const conf = { kind: 'tx-confirmations', taskId: 't', txid: H('a'), confirmations: 1, blockHash: H('b'), txHex: null };
    workers[0]!.say({ type: 'event', event: { kind: 'broadcast-result', taskId: 'b', txid: H('a'), ok: true, error: null } });
    workers[0]!.say({ type: 'event', event: conf });
    expect(syncerEvents(evs).map((e) => e.kind)).toEqual(['broadcast-result', 'tx-confirmations']);

    // The daemon asks again (e.g. after its own restart): answered at once from the record, nothing forwarded.
    const sent = workers[0]!.inbox.length;
    sup.send({ kind: 'broadcast', id: 'b', txHex: 'aa' });
    expect(workers[0]!.inbox.length).toBe(sent);
    expect(syncerEvents(evs).map((e) => e.kind)).toEqual(['broadcast-result', 'tx-confirmations', 'broadcast-result']);

    workers[0]!.die();
    await vi.advanceTimersByTimeAsync(20);
    workers[1]!.say({ type: 'ready', chain: 'btc', pid: 2 });
    expect(tasksIn(workers[1]!)).toEqual(['t']); // the finished broadcast is not sent again
    workers[1]!.say({ type: 'event', event: conf }); // the new worker reports the same state
    expect(syncerEvents(evs)).toHaveLength(3);
    workers[1]!.say({ type: 'event', event: { ...conf, confirmations: 2 } });
    expect(syncerEvents(evs)).toHaveLength(4);
    await sup.stop();
  });

  it('refuses invalid and conflicting tasks, survives garbage from the worker, aborts while the worker is down', async () => {
    const { port, workers } = fakePort();
    const sup = startSupervisor({ config, spawn: port, backoff: { baseMs: 1_000, maxMs: 1_000, factor: 1, jitter: 0 } });
    const evs: SupervisorEvent[] = [];
    sup.subscribe((e) => evs.push(e));
    workers[0]!.say({ type: 'ready', chain: 'btc', pid: 1 });
    const bad = sup.send({ kind: 'watch-tx', id: 'x', txid: 'zz', confirmationBound: 1 });
    expect(bad.ok ? null : bad.error.kind).toBe('invalid-task');
    const xmrTask = sup.send({ kind: 'sweep', id: 's' });
    expect(xmrTask.ok ? null : xmrTask.error.kind).toBe('invalid-task');
    sup.send({ kind: 'watch-height', id: 'h' });
    const clash = sup.send({ kind: 'estimate-fee', id: 'h', floorSatPerKvB: 1 });
    expect(clash.ok ? null : clash.error.kind).toBe('task-conflict');
    expect(tasksIn(workers[0]!)).toEqual(['h']);

    workers[0]!.say('garbage');
    workers[0]!.say({ type: 'event', event: { kind: 'height', taskId: 'h', height: -1 } });
    expect(evs.filter((e) => e.type === 'protocol-error')).toHaveLength(2);

    workers[0]!.die();
    sup.send({ kind: 'abort', id: 'a', target: 'h' });
    expect(syncerEvents(evs)).toEqual([
      { kind: 'task-aborted', taskId: 'h' },
      { kind: 'task-aborted', taskId: 'a' },
    ]);
    await vi.advanceTimersByTimeAsync(1_000);
    workers[1]!.say({ type: 'ready', chain: 'btc', pid: 2 });
    expect(tasksIn(workers[1]!)).toEqual([]);
    expect(sup.pendingTasks()).toEqual([]);
    await sup.stop();
    const after = sup.send({ kind: 'watch-height', id: 'h2' });
    expect(after.ok ? null : after.error.kind).toBe('stopped');
  });

  it('kills and replaces a worker that never says ready', async () => {
    const { port, workers } = fakePort();
    const sup = startSupervisor({ config, spawn: port, readyTimeoutMs: 500, backoff: { baseMs: 10, maxMs: 10, factor: 1, jitter: 0 } });
    await vi.advanceTimersByTimeAsync(499);
    expect(workers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(workers).toHaveLength(2);
    workers[1]!.say({ type: 'ready', chain: 'btc', pid: 1001 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(workers).toHaveLength(2);
    expect(sup.health()).toMatchObject({ worker: 'up', restarts: 1 });
    await sup.stop();
  });

  it('tracks backend health from worker reports', async () => {
    const { port, workers } = fakePort();
    const sup = startSupervisor({ config, spawn: port });
    workers[0]!.say({ type: 'ready', chain: 'btc', pid: 7 });
    expect(sup.health()).toMatchObject({ worker: 'up', backend: 'unknown', workerPid: 7 });
    workers[0]!.say({ type: 'tip', height: 5, hash: H('c') });
    expect(sup.health()).toMatchObject({ backend: 'ok', tipHeight: 5 });
    workers[0]!.say({ type: 'event', event: { kind: 'backend-unreachable', error: 'ECONNREFUSED' } });
    expect(sup.health()).toMatchObject({ backend: 'unreachable', error: 'ECONNREFUSED' });
    workers[0]!.say({ type: 'event', event: { kind: 'backend-recovered' } });
    workers[0]!.say({ type: 'event', event: { kind: 'tip-stalled', height: 5, sinceMs: 9000 } });
    expect(sup.health()).toMatchObject({ backend: 'stalled', error: null });
    await sup.stop();
  });
});

describe('supervisor reconfigure (new endpoints from Settings)', () => {
  it('restarts the worker at once with the new config and hands it the live task set; the failover health is kept and reset', async () => {
    const { port, workers } = fakePort();
    const sup = startSupervisor({ config, spawn: port, backoff: { baseMs: 5_000, maxMs: 5_000, factor: 1, jitter: 0 } });
    workers[0]!.say({ type: 'ready', chain: 'btc', pid: 1000 });
    sup.send({ kind: 'watch-tx', id: 't', txid: H('a'), confirmationBound: 3 });
    const endpoints = [{ host: '127.0.0.1:1', active: true, height: 5, error: null, checkedAt: 1 }];
    workers[0]!.say({ type: 'endpoints', endpoints });
    workers[0]!.say({ type: 'event', event: { kind: 'endpoint-switched', from: 'a:1', to: 'b:2', reason: 'a:1 unreachable: down' } });
    expect(sup.health()).toMatchObject({ endpoints, lastSwitch: { from: 'a:1', to: 'b:2', reason: 'a:1 unreachable: down' } });

    const next: BtcWorkerConfig = { ...config, rpcUrl: 'http://127.0.0.1:2', fallbacks: [{ rpcUrl: 'http://127.0.0.1:3' }] };
    await sup.reconfigure(next);
    expect(workers).toHaveLength(2); // no backoff wait: the restart is asked for, not a crash
    expect(workers[0]!.inbox.at(-1)).toEqual({ type: 'shutdown' });
    expect(sup.health()).toMatchObject({ restarts: 0, endpoints: [], lastSwitch: null });
    workers[1]!.say({ type: 'ready', chain: 'btc', pid: 1001 });
    expect(workers[1]!.inbox[0]).toEqual({ type: 'configure', config: next });
    expect(tasksIn(workers[1]!)).toEqual(['t']);
    await expect(sup.reconfigure({ ...next, chain: 'xmr' } as never)).rejects.toThrow(/xmr config for the btc syncer/);
    await sup.stop();
  });
});
