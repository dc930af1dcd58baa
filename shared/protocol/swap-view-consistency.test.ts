// One truth per swap, checked at every step of random simulated runs of both nets: "where it stands"
// (stage), "next", the steps, the transactions table, the asks and the notices made from the view never
// contradict one another (issue 22's observed contradictions, each as a rule), the nearest deadline only
// counts down, and the history row is the view's own summary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SwapView } from '../ipc/channels';
import { simulate, type Behaviour } from '../../rigs/protocol/swap-sim.helpers';
import { behaviourArbitrary } from '../../rigs/protocol/swap-sim-behaviour';
import type { SwapState } from './state';
import { swapSummary, swapView, type SwapViewInput } from './swap-view';
import { swapNotices } from './swap-view-notices';

const CHAIN: Readonly<Record<string, 'btc' | 'xmr'>> = {
  funding: 'btc',
  lock: 'btc',
  'xmr-lock': 'xmr',
  buy: 'btc',
  cancel: 'btc',
  refund: 'btc',
  punish: 'btc',
  'xmr-sweep': 'xmr',
  'btc-sweep': 'btc',
};
/** Which transaction a step's confirmation bar counts, per role. */
const STEP_TX: Readonly<Record<'alice' | 'bob', Readonly<Record<string, string>>>> = {
  bob: { lock: 'lock', xmr: 'xmr-lock', buy: 'buy', cancel: 'cancel', refund: 'refund', sweep: 'xmr-lock' },
  alice: { 'btc-lock': 'lock', 'xmr-lock': 'xmr-lock', buy: 'buy', cancel: 'cancel', refund: 'refund', punish: 'punish', 'sweep-back': 'xmr-lock' },
};
/** A wait named by next, and the step it waits for: that step is never done while next names it. */
const NEXT_WAITS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Waiting for the BTC lock to confirm/, 'lock'],
  [/^Waiting for Alice's XMR lock/, 'xmr'],
  [/^Waiting for Alice to take the BTC/, 'buy'],
  [/^Waiting for Bob's BTC lock/, 'btc-lock'],
  [/^Waiting for Bob's buy signature/, 'buy'],
  [/^Waiting for Bob's refund/, 'refund'],
];

const inputOf = (s: SwapState): SwapViewInput => ({ state: s, genesisCreatedAt: 1_000, updatedAt: 1_000 + s.seq, live: true });
const statesOf = (p: { snapshots: Map<number, SwapState> }): SwapState[] => [...p.snapshots.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
const confsOf = (v: SwapView, name: string): number[] => v.txs.filter((t) => t.name === name).map((t) => t.confs ?? -1);

/** The rules within one view; `where` says which state broke one. */
function checkView(s: SwapState, v: SwapView): void {
  const where = `${s.deal.role} seq ${s.seq}: stage "${v.summary.stage}", next "${v.next}"`;
  const step = (id: string) => v.steps.find((x) => x.id === id);
  // The history row and the Resume card are the view's own summary.
  expect(swapSummary(inputOf(s)), where).toEqual(v.summary);
  // The table: known names, each on its chain; once ended, only what reached a chain (a sweep has no count).
  for (const t of v.txs) {
    expect(CHAIN[t.name], `${where}: tx name ${t.name}`).toBe(t.chain);
    if (v.summary.outcome !== 'running' && !t.name.endsWith('sweep')) expect(t.confs, `${where}: ended with ${t.name} not seen`).not.toBeNull();
  }
  // A confirmation bar of a step is never ahead of its transaction's row ("✓ 1/1" beside "not yet seen").
  for (const x of v.steps) {
    const tx = STEP_TX[s.deal.role][x.id];
    if (!tx || !x.progress || x.progress.unit !== 'confirmations' || x.progress.current < 1) continue;
    const rows = confsOf(v, tx);
    expect(rows.length, `${where}: step ${x.id} at ${x.progress.current} with no ${tx} row`).toBeGreaterThan(0);
    for (const c of rows) expect(c, `${where}: step ${x.id} at ${x.progress.current}, ${tx} row at ${c}`).toBeGreaterThanOrEqual(x.progress.current);
  }
  // A done lock step: its row shows at least the finality the step needed.
  const lockStep = step(s.deal.role === 'bob' ? 'lock' : 'btc-lock');
  if (lockStep?.status === 'done' && lockStep.progress) expect(Math.max(...confsOf(v, 'lock')), where).toBeGreaterThanOrEqual(lockStep.progress.target);
  // Stage and next name the same wait.
  if (/^Bitcoin locked/.test(v.summary.stage)) expect(Math.max(-1, ...confsOf(v, 'lock')), where).toBeGreaterThanOrEqual(1);
  for (const [re, id] of NEXT_WAITS) if (re.test(v.next) && step(id)) expect(step(id)?.status, `${where}: next waits for ${id}`).not.toBe('done');
  if (/^Waiting for the BTC lock to confirm/.test(v.next)) expect(v.summary.stage, where).not.toMatch(/^Bitcoin locked/);
  // An ask lives exactly as long as its condition.
  for (const a of v.asks) {
    if (a.id === 'fund') {
      expect(v.funding?.seen ?? null, `${where}: fund ask with a payment seen`).toBeNull();
      expect(confsOf(v, 'funding'), where).toEqual([]);
      expect(step('fund')?.status, where).toBe('active');
    }
    if (a.id === 'lock-xmr') {
      expect(confsOf(v, 'xmr-lock'), `${where}: lock-xmr ask with XMR seen`).toEqual([]);
      expect(step('xmr-lock')?.status, where).not.toBe('done');
    }
  }
  // The notices are the view's asks and warnings above info, and an ended swap has none.
  const notices = swapNotices(v);
  if (v.summary.outcome !== 'running') expect(notices, where).toEqual([]);
  else expect(notices.map((n) => n.id.split(':').slice(1).join(':')).sort(), where).toEqual([...v.asks.map((a) => `ask:${a.id}`), ...v.warnings.filter((w) => w.level !== 'info').map((w) => w.code)].sort());
  // Every "in about K blocks" next says is a deadline's count (never a block number mixing two reports).
  const allowed = new Set(v.deadlines.flatMap((d) => [d.blocksLeft, d.total]));
  for (const m of v.next.matchAll(/in about (\d+) blocks?/g)) expect(allowed.has(Number(m[1])), `${where}: ${m[0]}`).toBe(true);
  expect(v.next, where).not.toMatch(/at block \d+/);
}

/** The rules along one party's run. */
function checkRun(states: readonly SwapState[]): SwapView[] {
  const views: SwapView[] = [];
  let last: { kind: string; left: number; height: number } | null = null;
  for (const s of states) {
    const v = swapView(inputOf(s));
    checkView(s, v);
    // The nearest deadline counts down while the tip does not go back (per deadline: cancel, then punish).
    const left = v.summary.blocksToDeadline;
    if (left !== null) {
      const kind = v.deadlines.find((d) => d.id === 'punish')?.blocksLeft !== null ? 'punish' : 'cancel';
      if (last && last.kind === kind && s.btcHeight >= last.height) expect(left, `${s.deal.role} seq ${s.seq}: ${kind} deadline went up`).toBeLessThanOrEqual(last.left);
      last = { kind, left, height: s.btcHeight };
    }
    views.push(v);
  }
  const end = views.at(-1);
  // The whole story at the end: every transaction of the outcome is on the page, and when it ended.
  if (end && end.summary.outcome === 'swapped') {
    const names = new Set(end.txs.map((t) => t.name));
    const want = states[0]?.deal.role === 'bob' ? ['funding', 'lock', 'xmr-lock', 'buy'] : ['lock', 'xmr-lock', 'buy'];
    for (const n of want) expect(names.has(n), `swapped without ${n}`).toBe(true);
    expect(end.story?.received.length).toBeGreaterThan(0);
    expect(end.story?.endedAt).not.toBeNull();
  }
  return views;
}

const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };
const behaviour = behaviourArbitrary;

describe('one swap view, consistent at every step', () => {
  it('the happy path of both roles: Bob sees every tx of the swap at the end, the sweep included', () => {
    const r = simulate(7, calm);
    checkRun(statesOf(r.alice));
    const bob = checkRun(statesOf(r.bob));
    expect(bob.at(-1)?.txs.map((t) => t.name)).toEqual(['funding', 'lock', 'xmr-lock', 'buy', 'xmr-sweep']);
  });

  it('over random runs of both nets (refunds, punishes, aborts, crashes, evictions)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), behaviour, (seed, b) => {
        const r = simulate(seed, b);
        checkRun(statesOf(r.alice));
        checkRun(statesOf(r.bob));
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 15) },
    );
  }, 120_000);
});
