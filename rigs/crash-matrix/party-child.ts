// A swap party's daemon in its own process, for the crash matrix: one node (daemon, syncer workers,
// store, headless client) with its real TLS peer link (crash-matrix-party.ts). Fault hook:
// `crashAfterRecord: n` SIGKILLs this process right after entry n is durable, before any output of
// that step is performed (the worst moment for "persist before acting"); `crashAtBoundary` the same
// right after the first step whose folded state is past a named boundary (crash-boundary.ts).
// Test tooling, not a product path.
import type { SwapRecord, TranscriptPort } from '../../electron/daemon/daemon-ports';
import { applyRecord, initialRecord } from '../../electron/daemon/swap-record';
import type { SwapState } from '../../shared/protocol/state';
import { swapDecider } from '../../shared/protocol/swap-decider';
import { BOUNDARIES, pastBoundary, type Boundary } from './crash-boundary';
import { ACTING_KINDS, PartyConfigSchema, startParty, type PartyConfig } from './crash-matrix-party';

export { PartyConfigSchema, type PartyConfig };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'step'; lastSeq: number; kinds: string[] }
  | { type: 'outcome'; outcome: string }
  | { type: 'vanished' }
  | { type: 'log'; line: string };

const send = (m: ChildMessage) => process.send?.(m);

async function main(cfg: PartyConfig): Promise<void> {
  let actingSteps = 0;
  // The mirror of the actor's record (same fold), to test the boundary on the state after each step.
  const decider = swapDecider();
  let mirror: SwapRecord<SwapState> | null = null;
  /** Boundaries passed, each said once (the matrix's timeline of a point: where its seconds go). */
  const reached = new Set<Boundary>();
  const sayReached = () => {
    for (const b of BOUNDARIES) {
      if (reached.has(b) || !mirror || !pastBoundary(b, mirror.core)) continue;
      reached.add(b);
      send({ type: 'log', line: `reached ${b} (entry ${mirror.nextSeq})` });
    }
  };
  const crashHook = (t: TranscriptPort<SwapState>): TranscriptPort<SwapState> => ({
    async create(g) {
      const r = await t.create(g);
      if (r.ok) mirror = initialRecord(decider, g);
      return r;
    },
    checkpoint: (id, r, seq) => t.checkpoint(id, r, seq),
    async recover(id) {
      const r = await t.recover(id);
      if (r.ok) mirror = r.value.record;
      // What the recovered state already passed is not news.
      if (mirror) for (const b of BOUNDARIES) if (pastBoundary(b, mirror.core)) reached.add(b);
      return r;
    },
    list: () => t.list(),
    async append(id, entries) {
      const r = await t.append(id, entries);
      if (r.status === 'durable') {
        if (mirror) for (const e of entries) mirror = applyRecord(decider, mirror, e);
        if (cfg.crashAtBoundary !== null && mirror && pastBoundary(cfg.crashAtBoundary, mirror.core)) {
          send({ type: 'log', line: `killed ${cfg.crashAtBoundary} after entry ${mirror.nextSeq}` });
          process.kill(process.pid, 'SIGKILL');
        }
        sayReached();
        const appended = (entries[entries.length - 1]?.seq ?? -1) + 1;
        send({ type: 'step', lastSeq: appended - 1, kinds: entries.map((e) => e.kind) });
        if (entries.some((e) => ACTING_KINDS.includes(e.kind))) actingSteps++;
        if (cfg.crashAfterRecord !== null && appended >= cfg.crashAfterRecord) process.kill(process.pid, 'SIGKILL');
        if (cfg.crashAtActingStep !== null && actingSteps >= cfg.crashAtActingStep) process.kill(process.pid, 'SIGKILL');
      }
      return r;
    },
  });
  const party = await startParty(cfg, {
    wrapTranscript: crashHook,
    log: (l) => (l.level === 'error' || l.event === 'recovered' ? send({ type: 'log', line: `${l.component} ${l.event} ${l.detail ?? ''}` }) : undefined),
    onNote: (n) => (n.kind === 'outcome' ? send({ type: 'outcome', outcome: n.outcome }) : n.kind === 'halted' ? send({ type: 'outcome', outcome: `halted: ${n.error.message}` }) : undefined),
    // Bob vanishes for good: the process is gone the moment his lock is out (like a kill, no goodbye).
    onVanish: () => {
      send({ type: 'vanished' });
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), 50);
    },
  });
  const stop = () => void party.stop().then(() => process.exit(0));
  process.on('message', (m: unknown) => {
    if ((m as { type?: string }).type === 'stop') stop();
  });
  // The matrix process went away: do not linger with syncer workers and wallet-rpcs.
  process.on('disconnect', stop);
  send({ type: 'ready' });
}

const raw = process.argv[2];
if (raw) {
  const cfg = PartyConfigSchema.parse(JSON.parse(raw));
  main(cfg).catch((e: unknown) => {
    send({ type: 'log', line: `child failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}` });
    process.exit(1);
  });
}
