// The startup bench's data dir: N swaps on disk written through the daemon's own transcript store
// (StoreTranscript + swapDecider, checkpoints where the decider marks them, as the actor does), from
// simulated full runs of both roles, plus the history index the wallet service writes (HistoryIndex of
// swapSummary). Most swaps are finished (swapped / refunded / punished); a few are cut at a step
// boundary after the BTC lock, as if the wallet stopped there. Cached under os.tmpdir() by version.
import { cpSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../../shared/ipc/channels';
import { simulate, type Behaviour } from '../protocol/swap-sim.helpers';
import type { SwapState } from '../../shared/protocol/state';
import { swapSummary, swapView } from '../../shared/protocol/swap-view';
import { fakeDeal } from '../protocol/synthetic';
import type { TranscriptEntry } from '../../shared/protocol/transcript';
import type { SwapGenesis, SwapRecord } from '../../electron/daemon/daemon-ports';
import { parseSwapState, swapDecider } from '../../shared/protocol/swap-decider';
import { StoreTranscript } from '../../electron/daemon/store-transcript';
import { applyRecord, initialRecord } from '../../electron/daemon/swap-record';
import { HistoryIndex } from '../../electron/app/history-index';

/** Bump when the fixture's content or the store format changes: old caches are then ignored. */
export const FIXTURE_VERSION = 'v3';

const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };
const PATHS = [calm, { ...calm, aliceXmr: 'never' }, { ...calm, bobOffline: 300 }] as const satisfies readonly Behaviour[];

export interface FixtureSpec {
  readonly swaps: number;
  readonly unfinished: number;
}

export interface Fixture {
  /** The cached data dir: copy it before use (a daemon appends to the unfinished transcripts). */
  readonly dataDir: string;
  readonly swapIds: { readonly finished: readonly string[]; readonly unfinished: readonly string[] };
  /** Null when it came from the cache. */
  readonly generatedMs: number | null;
  readonly outcomes: Readonly<Record<string, number>>;
}

/** A step is one input and the outputs it caused (what the actor appends at once). */
function steps(t: readonly TranscriptEntry[]): TranscriptEntry[][] {
  const out: TranscriptEntry[][] = [];
  for (const e of t) {
    if (e.dir === 'in' || out.length === 0) out.push([e]);
    else out[out.length - 1]!.push(e);
  }
  return out;
}

/** Length of the shortest step-aligned prefix whose view shows the BTC lock done and no outcome. */
function cutAfterLock(snapshots: ReadonlyMap<number, SwapState>, at: number): number | null {
  for (const [len, s] of [...snapshots.entries()].sort((a, b) => a[0] - b[0])) {
    // The view's own step list says when the lock is done, so "after the lock" means what the UI shows.
    const v = swapView({ state: s, genesisCreatedAt: at, updatedAt: at, live: true });
    const lockStep = s.deal.role === 'bob' ? 'lock' : 'btc-lock';
    if (v.summary.outcome === 'running' && v.steps.some((x) => x.id === lockStep && x.status === 'done')) return len;
  }
  return null;
}

interface Planned {
  readonly swapId: string;
  readonly genesis: SwapGenesis;
  readonly entries: readonly TranscriptEntry[];
  readonly state: SwapState;
  readonly unfinished: boolean;
}

/** Swap i: a simulated run (path by i), one party's transcript, cut after the lock for the unfinished ones. */
function plan(i: number, spec: FixtureSpec, baseMs: number): Planned {
  const unfinished = i < spec.unfinished;
  const behaviour = unfinished ? calm : PATHS[i % PATHS.length]!;
  // simulate() names the swap swapIdOf(seed % 1000): seeds 0..999 give distinct ids.
  const run = simulate(i, behaviour);
  const party = i % 2 === 0 ? run.bob : run.alice;
  const createdAt = baseMs - (spec.swaps - i) * 3_600_000;
  let entries: readonly TranscriptEntry[] = party.transcript;
  let state = party.state;
  if (unfinished) {
    const cut = cutAfterLock(party.snapshots, createdAt);
    if (cut === null) throw new Error(`bench fixture: simulated run ${i} never had its BTC lock done while running`);
    entries = party.transcript.slice(0, cut);
    state = party.snapshots.get(cut)!;
  }
  const swapId = party.transcript[0]!.swapId;
  return { swapId, genesis: { kind: 'genesis', deal: fakeDeal(party.role, swapId), offer: null, createdAt }, entries, state, unfinished };
}

async function writeSwap(t: StoreTranscript<SwapState>, p: Planned): Promise<void> {
  const decider = swapDecider();
  const c = await t.create(p.genesis);
  if (!c.ok) throw new Error(`bench fixture: create ${p.swapId}: ${c.error.message}`);
  // Every step at once: order is kept and group commit batches the fdatasyncs (as a busy actor would).
  const outs = await Promise.all(steps(p.entries).map((s) => t.append(p.genesis.deal.swapId, s)));
  const bad = outs.find((o) => o.status !== 'durable');
  if (bad && bad.status === 'failed') throw new Error(`bench fixture: append ${p.swapId}: ${bad.error.message}`);
  let rec: SwapRecord<SwapState> = initialRecord(decider, p.genesis);
  for (const e of p.entries) {
    rec = applyRecord(decider, rec, e);
    if (e.kind === 'checkpoint') {
      const w = await t.checkpoint(p.genesis.deal.swapId, rec, e.seq);
      if (!w.ok) throw new Error(`bench fixture: checkpoint ${p.swapId}@${e.seq}: ${w.error.message}`);
    }
  }
}

/** Writes the fixture into `dataDir` (which must not exist yet). */
export async function writeFixture(dataDir: string, spec: FixtureSpec, baseMs = Date.now()): Promise<Omit<Fixture, 'dataDir' | 'generatedMs'>> {
  const daemonDir = path.join(dataDir, 'daemon');
  mkdirSync(daemonDir, { recursive: true });
  const opened = await StoreTranscript.open<SwapState>(daemonDir, swapDecider(), (raw) => parseSwapState(raw));
  if (!opened.ok) throw new Error(`bench fixture: ${opened.error.message}`);
  const t = opened.value;
  const index = new HistoryIndex(daemonDir);
  const finished: string[] = [];
  const unfinished: string[] = [];
  const outcomes: Record<string, number> = {};
  try {
    const BATCH = 16;
    for (let i0 = 0; i0 < spec.swaps; i0 += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, spec.swaps - i0) }, (_, k) => plan(i0 + k, spec, baseMs));
      await Promise.all(batch.map((p) => writeSwap(t, p)));
      for (const p of batch) {
        const lastTs = p.entries.length ? p.entries[p.entries.length - 1]!.ts : p.genesis.createdAt;
        const sum = swapSummary({ state: p.state, genesisCreatedAt: p.genesis.createdAt, updatedAt: Math.max(lastTs, p.genesis.createdAt), live: true });
        if (p.unfinished !== (sum.outcome === 'running')) throw new Error(`bench fixture: swap ${p.swapId} is ${sum.outcome}, planned ${p.unfinished ? 'unfinished' : 'finished'}`);
        index.put(sum);
        outcomes[sum.outcome] = (outcomes[sum.outcome] ?? 0) + 1;
        (p.unfinished ? unfinished : finished).push(p.swapId);
      }
    }
    // What a daemon that ran before leaves: the store's own listing index, fresh.
    const l = await t.list();
    if (!l.ok) throw new Error(`bench fixture: list: ${l.error.message}`);
    if (l.value.length !== spec.swaps) throw new Error(`bench fixture: the store lists ${l.value.length} swaps, expected ${spec.swaps}`);
  } finally {
    index.flush();
    await t.close();
  }
  return { swapIds: { finished, unfinished }, outcomes };
}

/** The cached fixture for `spec`, generated (and timed) when missing. */
export async function cachedFixture(spec: FixtureSpec): Promise<Fixture> {
  const root = path.join(os.tmpdir(), `fc-bench-startup-${FIXTURE_VERSION}-${spec.swaps}-${spec.unfinished}`);
  const dataDir = path.join(root, 'data');
  const meta = path.join(root, 'fixture.json');
  if (existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as Omit<Fixture, 'dataDir' | 'generatedMs'>;
    return { ...m, dataDir, generatedMs: null };
  }
  rmSync(root, { recursive: true, force: true });
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const t0 = performance.now();
  const m = await writeFixture(path.join(tmp, 'data'), spec);
  const generatedMs = performance.now() - t0;
  writeFileSync(path.join(tmp, 'fixture.json'), JSON.stringify(m));
  renameSync(tmp, root); // the marker appears with the data, never before it
  return { ...m, dataDir, generatedMs };
}

/** The swaps the fixture's store index marks settled (none when it cannot be read: then all are copied). */
function settledIds(dataDir: string): Set<string> {
  try {
    const j = JSON.parse(readFileSync(path.join(dataDir, 'daemon', 'index.json'), 'utf8')) as { swaps?: { swapId: string; settled?: boolean }[] };
    return new Set((j.swaps ?? []).filter((s) => s.settled === true).map((s) => s.swapId));
  } catch {
    return new Set();
  }
}

/**
 * A run's data dir: a copy of the fixture (or an empty dir) with settings that need no node (regtest,
 * no sandbox, closed ports). The settled swaps' transcripts and checkpoints are hard links: a daemon
 * never writes a settled swap's files, and 1,000 swaps are about 2 GB with their DLEQ proofs. The
 * others (unfinished, and finished with a sweep standing, which an event may append to) and the index
 * files are real copies, so no run changes the cached fixture.
 */
export function prepareRunDir(target: string, fixture: Fixture | null, closedPorts: { btc: number; xmr: number }): string {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  if (fixture) {
    const settled = settledIds(fixture.dataDir);
    const writable = new Set([...fixture.swapIds.unfinished, ...fixture.swapIds.finished.filter((id) => !settled.has(id))]);
    cpSync(fixture.dataDir, target, {
      recursive: true,
      filter: (src, dst) => {
        const rel = path.relative(fixture.dataDir, src).split(path.sep);
        const finishedFile = rel.length === 3 && (rel[1] === 'transcripts' || rel[1] === 'checkpoints') && !writable.has(rel[2]!.slice(0, 32));
        if (!finishedFile) return true;
        linkSync(src, dst);
        return false;
      },
    });
  }
  const settings: Settings = {
    network: 'regtest',
    sandbox: false,
    bitcoinNodes: [{ url: `http://127.0.0.1:${closedPorts.btc}`, auth: { kind: 'none' } }],
    moneroNodes: [{ url: `http://127.0.0.1:${closedPorts.xmr}`, trusted: true }],
    dataDir: target,
  };
  writeFileSync(path.join(target, 'settings.json'), JSON.stringify(settings, null, 2));
  return target;
}
