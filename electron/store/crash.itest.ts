// Crash tests with real processes and real files: a child appending to several swaps is SIGKILLed at
// every record boundary (after an ack, before a write, before an fdatasync) and at random moments.
// Invariant checked after each crash: every acknowledged record is there, only whole steps of the
// deterministic run are applied, and the store accepts new appends.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { stepBoundaries } from '../../rigs/store/crash-run-plan';
import { sampleEntry } from '../../rigs/store/sample-ledger';
import { ledgerPorts } from '../../rigs/store/sample-ledger';
import { foldAll, newSwapId, openLedgerStore, tempDir } from '../../rigs/store/store-test-helpers';
import { openTranscriptStore } from './transcript-store';

const children = new Set<ReturnType<typeof spawn>>();
// Bundled once to plain JS: a child started through tsx costs most of a second, a bundle ~0.1 s.
const bundle = tempDir('crash-bundle');
const CHILD = path.join(bundle.dir, 'crash-child.mjs');
beforeAll(async () => {
  await build({
    entryPoints: [path.join(import.meta.dirname, '../../rigs/store/crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: CHILD,
    logLevel: 'error',
  });
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  bundle.cleanup();
});

interface ChildRun {
  acked: number[]; // per swap, highest acknowledged seq
  signal: NodeJS.Signals | null;
  code: number | null;
  out: string;
}

/** Runs the child; `killAfterMs` (from its first ack) kills it from outside; `onAck` runs at the first ack. */
function runChild(dir: string, swaps: SwapId[], mode: string, n: number, killAfterMs?: number, onAck?: (kill: () => void) => void): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [CHILD, dir, mode, String(n), ...swaps], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(c);
    const acked = swaps.map(() => 0);
    let out = '';
    let buf = '';
    let timer: NodeJS.Timeout | undefined;
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ack (\d+) (\d+)$/.exec(line);
        if (m) acked[Number(m[1])] = Math.max(acked[Number(m[1])]!, Number(m[2]));
        if (m && killAfterMs !== undefined && !timer) timer = setTimeout(() => c.kill('SIGKILL'), killAfterMs);
        if (m && onAck) {
          const f = onAck;
          onAck = undefined;
          f(() => c.kill('SIGKILL'));
        }
      }
    });
    c.stderr.on('data', (d: Buffer) => (out += d.toString()));
    c.on('error', reject);
    c.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(c);
      resolve({ acked, signal, code, out });
    });
  });
}

async function verify(dir: string, swaps: SwapId[], acked: number[], tag: string) {
  const store = await openLedgerStore(dir);
  try {
    const lens: number[] = [];
    for (const [s, id] of swaps.entries()) {
      const rec = await store.recover(id);
      expect(rec.ok, `${tag}: swap ${s} recovers`).toBe(true);
      if (!rec.ok) continue;
      const len = rec.value.lastSeq;
      expect(len, `${tag}: swap ${s} keeps every acknowledged record`).toBeGreaterThanOrEqual(acked[s]!);
      expect(stepBoundaries(len + 10).has(len), `${tag}: swap ${s} ends on a whole step (len ${len})`).toBe(true);
      const expected = Array.from({ length: len }, (_, i) => sampleEntry(i, 30 + s));
      expect(rec.value.state, `${tag}: swap ${s} holds exactly the run's entries`).toEqual(foldAll(expected));
      lens.push(len);
    }
    return lens;
  } finally {
    await store.close();
  }
}

async function freshRun(tag: string, swapCount: number) {
  const t = tempDir(tag);
  const swaps = Array.from({ length: swapCount }, newSwapId);
  const store = await openLedgerStore(t.dir);
  for (const id of swaps) await store.create(id);
  await store.close();
  return { ...t, swaps };
}

describe('crash at every record boundary (SIGKILL from a fault hook)', () => {
  const modes = ['kill-after-ack', 'kill-before-write', 'kill-before-sync'] as const;
  const points = [1, 2, 3, 4, 5, 6];
  for (const mode of modes) {
    it(`${mode} at call 1..${points.length}: acknowledged records survive, nothing partial is applied`, async () => {
      for (let i = 0; i < points.length; i += 2) {
        await Promise.all(
          points.slice(i, i + 2).map(async (n) => {
            const r = await freshRun(`${mode}-${n}`, 3);
            try {
              const run = await runChild(r.dir, r.swaps, mode, n);
              expect(run.signal, `${mode} ${n}: ${run.out}`).toBe('SIGKILL');
              await verify(r.dir, r.swaps, run.acked, `${mode} ${n}`);
              // and the next writer carries on after the crash
              const again = await runChild(r.dir, r.swaps, 'count', 12);
              expect(again.code, again.out).toBe(0);
              const lens = await verify(r.dir, r.swaps, again.acked, `${mode} ${n} resumed`);
              expect(Math.min(...lens)).toBeGreaterThanOrEqual(12);
            } finally {
              r.cleanup();
            }
          }),
        );
      }
    });
  }
});

describe('crash at random moments (SIGKILL from outside)', () => {
  it('survives repeated random kills of a writer with 4 concurrent swaps', async () => {
    const seed = Date.now() % 100000;
    console.log(`random-kill seed ${seed}`);
    let x = seed;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 1000) / 1000;
    const r = await freshRun('random', 4);
    try {
      let floor = [0, 0, 0, 0];
      for (let round = 0; round < 5; round++) {
        const run = await runChild(r.dir, r.swaps, 'run', 0, Math.floor(rnd() * 150));
        expect(run.signal, run.out).toBe('SIGKILL');
        const acked = run.acked.map((a, i) => Math.max(a, floor[i]!));
        floor = await verify(r.dir, r.swaps, acked, `round ${round} (seed ${seed})`);
      }
    } finally {
      r.cleanup();
    }
  });
});

describe('one writer per data directory, across processes', () => {
  it('a second instance is refused while a live writer runs, and takes over once it was killed', async () => {
    const r = await freshRun('twowriters', 1);
    try {
      let refused: string | null = null;
      const run = await runChild(r.dir, r.swaps, 'run', 0, undefined, (kill) => {
        void openTranscriptStore({ dir: r.dir, ...ledgerPorts }).then(async (second) => {
          refused = second.ok ? null : `${second.error.kind}: ${second.error.message}`;
          if (second.ok) await second.value.close();
          kill();
        });
      });
      expect(run.signal).toBe('SIGKILL');
      expect(refused).toMatch(/^store-locked: .*process \d+ is using it/);
      // the LOCK file of the killed writer is still there: it must be recognised as stale
      const lens = await verify(r.dir, r.swaps, run.acked, 'after takeover');
      expect(lens[0]).toBeGreaterThanOrEqual(run.acked[0]!);
    } finally {
      r.cleanup();
    }
  });
});
