// node-failover against scripted endpoints: each endpoint is a fake backend whose next answer the test sets.
// Invariants under test: a switch happens only after the endpoint in use failed enough rounds, every switch is
// announced (event + log), the tasks move with it, the preferred endpoint is taken back once it answers, and
// the endpoint in use never changes without an `endpoint-switched` event.
import { describe, expect, it } from 'vitest';
import type { TaskId } from '../../shared/ids';
import type { SyncerEvent } from '../../shared/syncer/messages';
import type { BtcWorkerConfig, EndpointHealth, WorkerConfig } from '../../shared/syncer/worker-protocol';
import type { ChainBackend, PollOutcome } from './chain-backend';
import { endpointConfigs, failoverBackend } from './node-failover';

type Task = { readonly id: TaskId };
const H = (c: string) => c.repeat(64);
const base: BtcWorkerConfig = {
  chain: 'btc',
  rpcUrl: 'http://user:pw@node-a:8332',
  rpcUser: 'alice',
  rpcPassword: 'secret-a',
  feeTargetBlocks: 2,
  pollMs: 10,
  stallMs: 1000,
  rpcTimeoutMs: 1000,
  maxBackoffMs: 100,
  fallbacks: [
    { rpcUrl: 'http://node-b:8332', rpcCookieFile: '/b/.cookie' },
    { rpcUrl: 'http://node-c:8332', rpcUser: 'carol', rpcPassword: 'secret-c' },
  ],
};

/** Three scripted endpoints; `answer[host]` is what the next poll there says. */
function rig(switchAfterFailures = 3) {
  const answer: Record<string, PollOutcome> = {};
  const live: Record<string, { tasks: Set<TaskId>; closed: boolean }[]> = {};
  const events: SyncerEvent[] = [];
  const logs: string[] = [];
  const reports: EndpointHealth[][] = [];
  let now = 0;
  const make = (c: WorkerConfig): ChainBackend<Task> => {
    const host = new URL(c.chain === 'btc' ? c.rpcUrl : c.daemonUrl).host;
    const me = { tasks: new Set<TaskId>(), closed: false };
    (live[host] ??= []).push(me);
    return {
      add: (t) => void me.tasks.add(t.id),
      remove: async (id) => void me.tasks.delete(id),
      poll: async () => answer[host] ?? { ok: false, error: 'connection refused' },
      close: async () => void (me.closed = true),
    };
  };
  const b = failoverBackend<Task>({
    configs: endpointConfigs(base),
    make,
    emit: (ev) => events.push(ev),
    log: (_l, m) => logs.push(m),
    report: (e) => reports.push(e),
    now: () => now,
    switchAfterFailures,
    probeEveryMs: 1000,
  });
  /** The backend that serves the tasks now (the newest one not closed). */
  const serving = () => Object.entries(live).flatMap(([host, bs]) => bs.filter((x) => !x.closed && x.tasks.size > 0).map(() => host));
  return { b, answer, events, logs, reports, serving, tick: (ms: number) => (now += ms), live };
}

const ok = (height: number): PollOutcome => ({ ok: true, height, hash: H(String(height % 10)) });
const switches = (evs: SyncerEvent[]) => evs.filter((e) => e.kind === 'endpoint-switched');

describe('endpointConfigs', () => {
  it('gives each fallback its own credentials only, never the first endpoint\'s', () => {
    const [a, b, c] = endpointConfigs(base) as BtcWorkerConfig[] & { rpcCookieFile?: string }[];
    expect(a).not.toHaveProperty('fallbacks');
    expect(a!.rpcUser).toBe('alice');
    expect(b).toMatchObject({ rpcUrl: 'http://node-b:8332', rpcCookieFile: '/b/.cookie' });
    expect(b).not.toHaveProperty('rpcUser');
    expect(b).not.toHaveProperty('rpcPassword');
    expect(c).toMatchObject({ rpcUser: 'carol', rpcPassword: 'secret-c' });
    expect(c).not.toHaveProperty('rpcCookieFile');
  });

  it('sets each Monero fallback\'s trust and login', () => {
    const cs = endpointConfigs({
      chain: 'xmr',
      daemonUrl: 'http://127.0.0.1:18081',
      daemonLogin: { user: 'me', password: 'x' },
      fallbacks: [{ daemonUrl: 'http://remote:18089', trusted: false }],
      walletRpcBin: 'monero-wallet-rpc',
      walletDir: '/w',
      walletRpcStartTimeoutMs: 1000,
      pollMs: 10,
      stallMs: 1000,
      rpcTimeoutMs: 1000,
      maxBackoffMs: 100,
    });
    expect(cs).toHaveLength(2);
    expect(cs[1]).toMatchObject({ daemonUrl: 'http://remote:18089', trustedDaemon: false });
    expect(cs[1]).not.toHaveProperty('daemonLogin');
  });
});

describe('failoverBackend', () => {
  it('stays on the first endpoint while it answers; its health names it in use', async () => {
    const r = rig();
    r.answer['node-a:8332'] = ok(100);
    r.b.add({ id: 't1' as TaskId });
    expect(await r.b.poll()).toMatchObject({ ok: true, height: 100 });
    expect(switches(r.events)).toEqual([]);
    expect(r.reports.at(-1)![0]).toMatchObject({ host: 'node-a:8332', active: true, height: 100, error: null });
  });

  it('switches only after the configured failed rounds, announces it, and moves every task', async () => {
    const r = rig(3);
    r.answer['node-a:8332'] = ok(100);
    r.answer['node-b:8332'] = ok(101);
    r.b.add({ id: 't1' as TaskId });
    r.b.add({ id: 't2' as TaskId });
    await r.b.poll();
    r.answer['node-a:8332'] = { ok: false, error: 'ECONNREFUSED' };
    expect((await r.b.poll()).ok).toBe(false);
    expect((await r.b.poll()).ok).toBe(false);
    expect(switches(r.events)).toEqual([]);
    const third = await r.b.poll();
    expect(third).toMatchObject({ ok: true, height: 101 });
    expect(switches(r.events)).toEqual([{ kind: 'endpoint-switched', from: 'node-a:8332', to: 'node-b:8332', reason: 'node-a:8332 unreachable: ECONNREFUSED' }]);
    expect(r.logs.some((l) => l.startsWith('switched to node-b:8332'))).toBe(true);
    expect(r.live['node-a:8332']![0]!.closed).toBe(true);
    expect([...r.live['node-b:8332']!.find((x) => !x.closed)!.tasks]).toEqual(['t1', 't2']);
    const last = r.reports.at(-1)!;
    expect(last.map((e) => e.active)).toEqual([false, true, false]);
    expect(last[0]!.error).toBe('ECONNREFUSED');
  });

  it('skips an endpoint that does not answer either, and stays put when none answers', async () => {
    const r = rig(1);
    r.answer['node-a:8332'] = { ok: false, error: 'down' };
    expect((await r.b.poll()).ok).toBe(false);
    expect(switches(r.events)).toEqual([]);
    r.answer['node-c:8332'] = ok(50);
    expect(await r.b.poll()).toMatchObject({ ok: true, height: 50 });
    expect(switches(r.events).map((e) => (e.kind === 'endpoint-switched' ? e.to : ''))).toEqual(['node-c:8332']);
  });

  it('goes back to the preferred endpoint once it answers and is synced, announced again', async () => {
    const r = rig(1);
    r.answer['node-b:8332'] = ok(200);
    r.b.add({ id: 't1' as TaskId });
    await r.b.poll(); // a down: switch to b
    expect(switches(r.events)).toHaveLength(1);
    r.answer['node-a:8332'] = ok(150); // back but behind: not taken
    r.tick(2000);
    await r.b.poll();
    expect(switches(r.events)).toHaveLength(1);
    r.answer['node-a:8332'] = ok(200);
    r.tick(2000);
    await r.b.poll();
    const evs = switches(r.events);
    expect(evs).toHaveLength(2);
    expect(evs[1]).toMatchObject({ from: 'node-b:8332', to: 'node-a:8332' });
    expect(r.serving()).toEqual(['node-a:8332']);
  });

  it('leaves an endpoint that answers but is far behind another', async () => {
    const r = rig();
    r.answer['node-a:8332'] = ok(100);
    r.answer['node-b:8332'] = ok(110);
    await r.b.poll();
    expect(switches(r.events)).toHaveLength(1);
    expect(switches(r.events)[0]).toMatchObject({ to: 'node-b:8332', reason: 'node-a:8332 is 10 blocks behind node-b:8332' });
  });

  it('never changes the endpoint in use without an endpoint-switched event (random script)', async () => {
    const r = rig(2);
    const hosts = ['node-a:8332', 'node-b:8332', 'node-c:8332'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    r.b.add({ id: 't1' as TaskId });
    let inUse = 'node-a:8332';
    for (let i = 0; i < 300; i++) {
      for (const h of hosts) r.answer[h] = rnd() < 0.4 ? { ok: false, error: 'down' } : ok(1000 + Math.floor(rnd() * 8));
      r.tick(Math.floor(rnd() * 1500));
      const before = switches(r.events).length;
      await r.b.poll();
      const now = r.reports.at(-1)?.find((e) => e.active)?.host ?? inUse;
      const evs = switches(r.events).slice(before);
      if (now !== inUse) {
        expect(evs.length).toBeGreaterThan(0);
        expect(evs.at(-1)).toMatchObject({ to: now });
      }
      expect(r.serving()).toEqual([now]);
      inUse = now;
    }
    expect(switches(r.events).length).toBeGreaterThan(3);
  });
});
