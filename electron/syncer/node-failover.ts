// Several of the person's endpoints behind one chain backend: the worker polls the one in use, moves
// on to the next that answers when it stays unreachable (after the loop's backoff let it fail a few
// rounds) or falls far behind another, and goes back to an earlier (preferred) one once it is back.
// Invariant: the endpoint in use changes only in switchTo(), which always emits `endpoint-switched` and
// logs it: a failover is never silent. Tasks outlive the switch: the new backend gets every live one.
// For Monero that means each monero-wallet-rpc is stopped and started again against the new daemon (its
// own trust flag and login): a restart rather than `set_daemon`, so no wallet keeps a half-switched view,
// and a sweep already made is found in the wallet's history (a sweep happens once).
import type { TaskId } from '../../shared/ids';
import type { BtcWorkerConfig, EndpointHealth, WorkerConfig, XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { ChainBackend, Emit, Log, PollOutcome } from './chain-backend';

export interface FailoverOptions<T> {
  /** One config per endpoint, in the person's order (endpointConfigs). */
  readonly configs: readonly WorkerConfig[];
  readonly make: (config: WorkerConfig) => ChainBackend<T>;
  readonly emit: Emit;
  readonly log: Log;
  /** Each endpoint's health, sent when it changes. */
  readonly report: (endpoints: EndpointHealth[]) => void;
  readonly now: () => number;
  /** Consecutive failed rounds of the endpoint in use before another is tried (default 3). */
  readonly switchAfterFailures?: number;
  /** How often the other endpoints are asked for their tip (default 30 s). */
  readonly probeEveryMs?: number;
  /** The endpoint in use is left when another answers this many blocks ahead of it (default 6). */
  readonly lagBlocks?: number;
}

interface FailoverState<T> {
  readonly o: FailoverOptions<T>;
  readonly tasks: Map<TaskId, T>;
  readonly health: EndpointHealth[];
  backend: ChainBackend<T>;
  active: number;
  failures: number;
  /** While the old backend closes: tasks are only recorded, the new backend gets them all. */
  switching: boolean;
  lastProbeMs: number;
  lastReport: string;
}

/** host:port of an endpoint URL: what the person recognises, never its credentials. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(bad url)';
  }
}

/** The worker config once per endpoint (the first is the config's own), each without fallbacks. */
export function endpointConfigs(config: WorkerConfig): WorkerConfig[] {
  if (config.chain === 'btc') {
    const { fallbacks, ...base } = config;
    // The fallback's own credentials only: the first endpoint's must never reach another host.
    const { rpcUser: _u, rpcPassword: _p, rpcCookieFile: _c, ...plain } = base as BtcWorkerConfig & { rpcCookieFile?: string };
    const rest = (fallbacks ?? []).map((f): BtcWorkerConfig => ({ ...plain, ...f }));
    return [base, ...rest];
  }
  const { fallbacks, ...base } = config;
  const { daemonLogin: _l, ...plain } = base;
  const rest = (fallbacks ?? []).map(
    (f): XmrWorkerConfig => ({ ...plain, daemonUrl: f.daemonUrl, trustedDaemon: f.trusted, ...(f.daemonLogin ? { daemonLogin: f.daemonLogin } : {}) }) as XmrWorkerConfig,
  );
  return [base, ...rest];
}

const urlOf = (c: WorkerConfig): string => (c.chain === 'btc' ? c.rpcUrl : c.daemonUrl);

export function failoverBackend<T extends { readonly id: TaskId }>(o: FailoverOptions<T>): ChainBackend<T> {
  const s: FailoverState<T> = {
    o,
    tasks: new Map(),
    health: o.configs.map((c, i) => ({ host: hostOf(urlOf(c)), active: i === 0, height: null, error: null, checkedAt: null })),
    backend: o.make(o.configs[0]!),
    active: 0,
    failures: 0,
    switching: false,
    lastProbeMs: Number.NEGATIVE_INFINITY,
    lastReport: '',
  };
  return {
    add(task) {
      s.tasks.set(task.id, task);
      if (!s.switching) s.backend.add(task);
    },
    async remove(id) {
      s.tasks.delete(id);
      if (!s.switching) await s.backend.remove(id);
    },
    async poll() {
      const r = await pollRound(s);
      report(s);
      return r;
    },
    close: () => s.backend.close(),
  };
}

async function pollRound<T extends { readonly id: TaskId }>(s: FailoverState<T>): Promise<PollOutcome> {
  const r = await s.backend.poll();
  mark(s, s.active, r);
  if (s.o.configs.length < 2) return r;
  if (r.ok) {
    s.failures = 0;
    return (await maybeMoveWhileOk(s, r.height)) ?? r;
  }
  s.failures++;
  if (s.failures < (s.o.switchAfterFailures ?? 3)) return r;
  const next = await firstAnswering(s, onwardOrder(s));
  if (next === null) return r;
  return switchTo(s, next, `${s.health[s.active]!.host} unreachable: ${r.error}`);
}

/** While the endpoint in use answers: every probe period, ask the others; go back to a preferred one, or leave one far behind. */
async function maybeMoveWhileOk<T extends { readonly id: TaskId }>(s: FailoverState<T>, height: number): Promise<PollOutcome | null> {
  const now = s.o.now();
  if (now - s.lastProbeMs < (s.o.probeEveryMs ?? 30_000)) return null;
  s.lastProbeMs = now;
  const others = s.o.configs.map((_, i) => i).filter((i) => i !== s.active);
  await Promise.all(others.map((i) => probe(s, i)));
  const lag = s.o.lagBlocks ?? 6;
  const answering = others.filter((i) => s.health[i]!.error === null);
  const best = Math.max(height, ...answering.map((i) => s.health[i]!.height ?? -1));
  if (best - height >= lag) {
    const ahead = answering.find((i) => s.health[i]!.height === best)!;
    return switchTo(s, ahead, `${s.health[s.active]!.host} is ${best - height} blocks behind ${s.health[ahead]!.host}`);
  }
  const back = others.find((i) => i < s.active && s.health[i]!.error === null && (s.health[i]!.height ?? -1) >= height - 1);
  if (back === undefined) return null;
  return switchTo(s, back, `${s.health[back]!.host} answers again (listed before ${s.health[s.active]!.host})`);
}

/** The endpoints after the one in use, then those before it (wrapping round). */
function onwardOrder(s: FailoverState<unknown>): number[] {
  const n = s.o.configs.length;
  return Array.from({ length: n - 1 }, (_, k) => (s.active + 1 + k) % n);
}

async function firstAnswering<T>(s: FailoverState<T>, order: number[]): Promise<number | null> {
  for (const i of order) if (await probe(s, i)) return i;
  return null;
}

/** Ask one endpoint for its tip with a throwaway backend (no tasks): its health, and whether it answers. */
async function probe<T>(s: FailoverState<T>, i: number): Promise<boolean> {
  const b = s.o.make(s.o.configs[i]!);
  try {
    const r = await b.poll();
    mark(s, i, r);
    return r.ok;
  } finally {
    await b.close();
  }
}

function mark<T>(s: FailoverState<T>, i: number, r: PollOutcome): void {
  const h = s.health[i]!;
  s.health[i] = { ...h, height: r.ok ? r.height : h.height, error: r.ok ? null : r.error.slice(0, 500), checkedAt: s.o.now() };
}

/** The one place the endpoint in use changes: close the old backend, hand every task to the new one, announce it. */
async function switchTo<T extends { readonly id: TaskId }>(s: FailoverState<T>, next: number, reason: string): Promise<PollOutcome> {
  const from = s.health[s.active]!.host;
  const to = s.health[next]!.host;
  s.switching = true;
  try {
    await s.backend.close();
    s.backend = s.o.make(s.o.configs[next]!);
    for (const t of s.tasks.values()) s.backend.add(t);
  } finally {
    s.switching = false;
  }
  s.health[s.active] = { ...s.health[s.active]!, active: false };
  s.health[next] = { ...s.health[next]!, active: true };
  s.active = next;
  s.failures = 0;
  s.o.emit({ kind: 'endpoint-switched', from, to, reason: reason.slice(0, 500) });
  s.o.log('warn', `switched to ${to}: ${reason}`);
  const r = await s.backend.poll();
  mark(s, next, r);
  return r;
}

/** Send the endpoints' health when anything but the time of the last check changed. */
function report<T>(s: FailoverState<T>): void {
  const key = JSON.stringify(s.health.map(({ checkedAt: _, ...h }) => h));
  if (key === s.lastReport) return;
  s.lastReport = key;
  s.o.report(s.health.map((h) => ({ ...h })));
}
