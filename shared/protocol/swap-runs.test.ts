// Property tests: random runs of Alice and Bob against each other on a toy chain with random block
// timing, crashes, mempool evictions and misbehaviour. Invariants, named first: the fold of every
// prefix equals the live state; replay is deterministic; each run ends in one allowed joint outcome
// that matches the chain; protected outputs follow their watch/checkpoint; junk input changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeDeal, fakeTxid, fakeCommit, fakeSessionParams } from '../../rigs/protocol/synthetic';
import { simulate, type Behaviour } from '../../rigs/protocol/swap-sim.helpers';
import { taskId } from './task-ids';
import { orderProblems } from '../../rigs/protocol/output-order.helpers';
import type { TranscriptEntry, InputBody } from './transcript';
import type { SwapState } from './state';
import { parseSwapState } from './decider';

const RUNS = Number(process.env['FC_RUNS'] ?? 20);
const SEED = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);

const behaviour: fc.Arbitrary<Behaviour> = fc.record({
  aliceXmr: fc.constantFrom('exact', 'exact', 'exact', 'over', 'never'),
  bobAbortAt: fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 1 }),
  bobOffline: fc.constantFrom(0, 0, 0, 300),
  aliceOffline: fc.constantFrom(0, 0, 0, 60),
  mineBtc: fc.integer({ min: 5, max: 40 }),
  mineXmr: fc.integer({ min: 20, max: 90 }),
  crash: fc.integer({ min: 0, max: 6 }),
  evict: fc.integer({ min: 0, max: 6 }),
});

const ALLOWED = new Set(['swapped/swapped', 'refunded/refunded', 'punished/punished', 'aborted/aborted']);

/** Random input that must be refused in any state, with the state left exactly as it was. */
function junk(state: SwapState, rnd: () => number, history: readonly TranscriptEntry[]): { body: InputBody; seq: number } {
  const swapId = state.deal.swapId;
  const pick = Math.floor(rnd() * 5);
  const ownRole = state.deal.role;
  const pastPeer = history.filter((e) => e.kind === 'peer-in');
  if (pick === 0 || (pick === 4 && pastPeer.length === 0))
    return { body: { kind: 'btc-event', dir: 'in', event: { kind: 'height', taskId: taskId(swapId, 'btc', 'watch-height', 'tip'), height: 1, blockHash: '00'.repeat(32) } }, seq: state.seq + 1 + Math.floor(rnd() * 3) };
  if (pick === 1)
    return { body: { kind: 'btc-event', dir: 'in', event: { kind: 'tx-confirmations', taskId: taskId(swapId, 'btc', 'watch-tx', 'lock'), txid: fakeTxid(9999), confirmations: 3, blockHash: null, txHex: null } }, seq: state.seq };
  if (pick === 2) return { body: { kind: 'peer-in', dir: 'in', msg: fakeCommit(ownRole, swapId) }, seq: state.seq };
  if (pick === 3) return { body: { kind: 'client-datum', dir: 'in', datum: fakeSessionParams(ownRole === 'alice' ? 'bob' : 'alice', swapId) }, seq: state.seq };
  const dup = pastPeer[Math.floor(rnd() * pastPeer.length)] as TranscriptEntry & { kind: 'peer-in' };
  return { body: { kind: 'peer-in', dir: 'in', msg: dup.msg }, seq: state.seq };
}

describe(`random swaps (fast-check seed ${SEED}, ${RUNS} runs)`, () => {
  it('every run: fold = live state at every step, replay deterministic, one allowed outcome matching the chain, ordered outputs, junk refused', () => {
    console.log(`swap-runs: fast-check seed ${SEED} (set FC_SEED to replay, FC_RUNS for more runs)`);
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), behaviour, (seed, b) => {
        let junkTried = 0;
        const r = simulate(seed, b, 4000, (p, rnd) => {
          const before = p.state;
          const frozen = JSON.stringify(before);
          const j = junk(p.state, rnd, p.transcript);
          const res = p.d.step(p.state, { ...p.d.input(p.state, j.body, 1), seq: j.seq } as never);
          expect(res.ok, `junk ${j.body.kind} accepted`).toBe(false);
          expect(p.state).toBe(before);
          expect(JSON.stringify(p.state)).toBe(frozen);
          junkTried++;
        });
        for (const p of [r.alice, r.bob]) {
          // Invariant 1: the fold of every prefix that ended a step equals the live state then.
          const init = p.d.initialState(fakeDeal(p.role, p.state.deal.swapId));
          if (!init.ok) throw new Error('deal');
          let s = init.value;
          p.transcript.forEach((e, i) => {
            const a = p.d.apply(s, e);
            if (!a.ok) throw new Error(`${p.role} fold failed at ${i}: ${a.error.message}`);
            s = a.value;
            const live = p.snapshots.get(i + 1);
            if (live) expect(s).toEqual(live);
          });
          expect(s).toEqual(p.state);
          // Invariant 2: replay is deterministic, and checkpoint (as JSON) + later entries = full fold.
          const again = p.d.recover(init.value, p.transcript);
          expect(again.ok && JSON.stringify(again.value)).toBe(JSON.stringify(s));
          const cut = seed % (p.transcript.length + 1);
          const head = p.d.recover(init.value, p.transcript.slice(0, cut));
          if (!head.ok) throw new Error('prefix fold');
          const cp = parseSwapState(JSON.parse(JSON.stringify(head.value)));
          if (!cp.ok) throw new Error(cp.error.message);
          const tail = p.d.recover(cp.value, p.transcript.slice(cut));
          expect(tail.ok && tail.value).toEqual(p.state);
          // Invariant 4: protected outputs after their watch/checkpoint; nothing after the outcome.
          expect(orderProblems(p.role, p.transcript)).toEqual([]);
          // Invariant 5: at the end every standing task is either left by the end (a blind sweep) or aborted by a
          // recorded output, so a finished swap costs the syncers nothing and a restart sends it nothing else.
          if (p.d.outcome(p.state) !== null) {
            const aborted = new Set<string>(p.transcript.flatMap((e) => ((e.kind === 'btc-task' || e.kind === 'xmr-task') && e.task.kind === 'abort' && e.cause.by === 'end' ? [e.task.target] : [])));
            const kept = new Set<string>(p.d.afterEnd(p.state).flatMap((o) => (o.kind === 'btc-task' || o.kind === 'xmr-task' ? [o.task.id] : [])));
            expect(Object.keys(p.state.standing).filter((id) => !aborted.has(id) && !kept.has(id))).toEqual([]);
            expect([...kept].filter((id) => aborted.has(id))).toEqual([]);
          }
        }
        // Invariant 3: one allowed joint outcome, matching what the chain shows.
        const a = r.alice.d.outcome(r.alice.state);
        const bo = r.bob.d.outcome(r.bob.state);
        const joint = `${a}/${bo}`;
        expect(ALLOWED.has(joint), `${joint} after ${r.ticks} ticks`).toBe(true);
        const confirmed = new Set(r.chain.confirmed);
        if (a === 'swapped') expect([confirmed.has('buy'), r.chain.xmrSweptBy]).toEqual([true, 'bob']);
        if (a === 'refunded') expect([confirmed.has('refund'), confirmed.has('buy'), confirmed.has('punish')]).toEqual([true, false, false]);
        if (a === 'refunded' && r.chain.xmrLocked) expect(r.chain.xmrSweptBy).toBe('alice');
        if (a === 'punished') expect([confirmed.has('punish'), confirmed.has('refund')]).toEqual([true, false]);
        if (a === 'aborted') expect(confirmed.has('lock')).toBe(false);
        seen.set(joint, (seen.get(joint) ?? 0) + 1);
        void junkTried;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`swap-runs outcomes: ${JSON.stringify(Object.fromEntries(seen))}`);
  }, 120_000);
});
