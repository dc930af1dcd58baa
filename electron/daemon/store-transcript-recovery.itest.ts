// Recovery with the real swap fold and the daemon's transcript codec (store-transcript.ts) on a real
// disk. Invariant, named first: for random two-party runs (toy chain, crashes, evictions, misbehaviour),
// newest valid checkpoint + replay of later entries equals the full fold of the transcript and the live
// state of the run, also when checkpoints are damaged.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSwapState } from '../../shared/protocol/decider';
import type { TranscriptEntry } from '../../shared/protocol/transcript';
import { fakeDeal } from '../../rigs/protocol/synthetic';
import { simulate, type Behaviour } from '../../rigs/protocol/swap-sim.helpers';
import { tempDir } from '../../rigs/store/store-test-helpers';
import { openTranscriptStore } from '../store/transcript-store';
import type { SwapGenesis } from './daemon-ports';
import { swapDecider } from '../../shared/protocol/swap-decider';
import { storePorts, type StoredEntry } from './store-transcript';

const RUNS = Number(process.env['FC_RUNS'] ?? 6);
const SEED = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A step is one input and the outputs it caused: split before every input entry. */
function steps(t: readonly TranscriptEntry[]): TranscriptEntry[][] {
  const out: TranscriptEntry[][] = [];
  for (const e of t) {
    if (e.dir === 'in' || out.length === 0) out.push([e]);
    else out[out.length - 1]!.push(e);
  }
  return out;
}

const behaviour: fc.Arbitrary<Behaviour> = fc.record({
  aliceXmr: fc.constantFrom('exact', 'exact', 'over', 'never'),
  bobAbortAt: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 1 }),
  bobOffline: fc.constantFrom(0, 0, 300),
  aliceOffline: fc.constantFrom(0, 0, 60),
  mineBtc: fc.integer({ min: 5, max: 40 }),
  mineXmr: fc.integer({ min: 20, max: 90 }),
  crash: fc.integer({ min: 0, max: 6 }),
  evict: fc.integer({ min: 0, max: 6 }),
});

describe('recovery with the real swap fold', () => {
  it('property: checkpoint + replay equals the full fold and the live state, for random runs of both roles', async () => {
    console.log(`store-transcript-recovery seed ${SEED} runs ${RUNS}`);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        behaviour,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
        fc.boolean(),
        async (seed, b, cps, damageNewest) => {
          const run = simulate(seed, b);
          for (const party of [run.alice, run.bob]) {
            const t = party.transcript;
            if (t.length === 0) continue;
            const genesis: SwapGenesis = { kind: 'genesis', deal: fakeDeal(party.role, t[0]!.swapId), offer: null, createdAt: 1_700_000_000_000 };
            const ports = storePorts(swapDecider(), parseSwapState);
            const d = tempDir('proto');
            cleanups.push(d.cleanup);
            const opened = await openTranscriptStore({ dir: d.dir, ...ports });
            if (!opened.ok) throw new Error(opened.error.message);
            const store = opened.value;
            cleanups.push(() => store.close());
            const id = t[0]!.swapId;
            expect((await store.create(id)).ok).toBe(true);
            // the genesis first (record 1), then every step at once: order is kept, group commit batches the fdatasyncs
            const all: StoredEntry[][] = [[genesis], ...steps(t)];
            const outcomes = await Promise.all(all.map((s) => store.append(id, s)));
            expect(outcomes.every((o) => o.status === 'durable')).toBe(true);

            const upTo = (n: number) => [genesis, ...t.slice(0, n)].reduce(ports.fold.apply, ports.fold.initial);
            const full = upTo(t.length);
            expect(full.kind).toBe('ok');
            if (full.kind === 'ok') expect(full.record.core).toEqual(party.state);

            // a checkpoint after n entries covers store records 1..n+1 (the genesis is record 1)
            const ends = [...new Set(cps.map((c) => Math.max(1, Math.ceil(c * t.length))))].sort((x, y) => x - y);
            for (const n of ends) {
              const r = await store.checkpoint(id, upTo(n), n + 1);
              expect(r.ok).toBe(true);
            }
            const files = fs.readdirSync(path.join(d.dir, 'checkpoints')).sort().reverse();
            if (damageNewest && files[0]) {
              const p = path.join(d.dir, 'checkpoints', files[0]);
              const bytes = fs.readFileSync(p);
              bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x20;
              fs.writeFileSync(p, bytes);
            }
            await store.close();

            const again = await openTranscriptStore({ dir: d.dir, ...ports });
            if (!again.ok) throw new Error(again.error.message);
            cleanups.push(() => again.value.close());
            const rec = await again.value.recover(id);
            expect(rec.ok).toBe(true);
            if (!rec.ok) continue;
            expect(rec.value.state).toEqual(full);
            expect(rec.value.lastSeq).toBe(t.length + 1);
            const usable = damageNewest ? files.slice(1, 2) : files.slice(0, 1);
            expect(rec.value.from.kind).toBe(usable.length > 0 ? 'checkpoint' : 'start');
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
