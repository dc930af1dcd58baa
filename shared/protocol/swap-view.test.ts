// The swap view over real simulated runs of both roles (happy, refund, punish, abort): after every
// step the view parses, steps never go back, deadlines only count down, the enabled transitions are
// the engine's, and needsAction is exactly "an ask or a danger warning". Plus a fast-check property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwapViewSchema, type SwapView } from '../ipc/channels';
import { isEnabled } from '../petri/engine';
import { deciderFor } from './decider';
import { simulate, type Behaviour } from '../../rigs/protocol/swap-sim.helpers';
import { behaviourArbitrary } from '../../rigs/protocol/swap-sim-behaviour';
import type { SwapState } from './state';
import { swapSummary, swapView } from './swap-view';
import { runScript, prefixInputs, fakeDeal, FUNDING_AMOUNT } from '../../rigs/protocol/synthetic';

const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };
const PATHS = {
  happy: calm,
  refund: { ...calm, aliceXmr: 'never' },
  punish: { ...calm, bobOffline: 300 },
  abort: { ...calm, bobAbortAt: 3 },
} satisfies Record<string, Behaviour>;

const viewOf = (s: SwapState, live = true) => swapView({ state: s, genesisCreatedAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 + s.seq, live });

/** The live state after every step of one party, in order. */
function statesOf(p: { snapshots: Map<number, SwapState> }): SwapState[] {
  return [...p.snapshots.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

/** Invariants of one view sequence; returns the views for path-specific checks. */
function checkSequence(states: readonly SwapState[]): SwapView[] {
  const views: SwapView[] = [];
  const done = new Set<string>();
  const lastLeft = new Map<string, number>();
  for (const s of states) {
    const v = viewOf(s);
    expect(SwapViewSchema.safeParse(v).success, JSON.stringify(SwapViewSchema.safeParse(v).error?.issues[0])).toBe(true);
    // A done step never goes back.
    for (const id of done) expect(v.steps.find((x) => x.id === id)?.status, `step ${id} went back at ${v.summary.stage}`).toBe('done');
    for (const x of v.steps) if (x.status === 'done') done.add(x.id);
    // Deadlines only count down while they apply.
    for (const dl of v.deadlines) {
      if (dl.blocksLeft === null) continue;
      const before = lastLeft.get(dl.id);
      if (before !== undefined) expect(dl.blocksLeft, `${dl.id} deadline went up`).toBeLessThanOrEqual(before);
      lastLeft.set(dl.id, dl.blocksLeft);
    }
    // Enabled transitions are exactly the engine's.
    const net = deciderFor(s.deal.role).net;
    expect(v.transitions.filter((t) => t.enabled).map((t) => t.id)).toEqual(net.transitions.filter((t) => isEnabled(t, s.marking)).map((t) => t.id));
    expect(v.transitions.every((t) => t.enabled || t.reason.length > 0)).toBe(true);
    expect(v.summary.needsAction).toBe(v.asks.length > 0 || v.warnings.some((w) => w.level === 'danger'));
    // A running swap always has a step in progress; an ended one has none open and asks nothing.
    if (v.summary.outcome === 'running') expect(v.steps.some((x) => x.status === 'active')).toBe(true);
    else expect([v.steps.every((x) => x.status === 'done' || x.status === 'skipped'), v.asks]).toEqual([true, []]);
    // The funding address is never shown before the daemon watches it (a payment could be missed).
    if (s.marking['funding_watched'] === undefined && s.funding === null) expect(v.funding).toBeNull();
    // Never "send the XMR" and "do not send XMR" at once.
    if (v.asks.some((a) => a.id === 'lock-xmr')) expect(v.warnings.filter((w) => /Do not send/.test(w.message))).toEqual([]);
    views.push(v);
  }
  return views;
}

function run(path: keyof typeof PATHS, seed = 7) {
  const r = simulate(seed, PATHS[path]);
  return { r, alice: checkSequence(statesOf(r.alice)), bob: checkSequence(statesOf(r.bob)) };
}

const last = (vs: readonly SwapView[]): SwapView => vs[vs.length - 1] as SwapView;
const statuses = (v: SwapView) => Object.fromEntries(v.steps.map((x) => [x.id, x.status]));
const everSaw = (vs: readonly SwapView[], pred: (v: SwapView) => boolean) => vs.some(pred);

describe('swapView over simulated swaps', () => {
  it('happy path: both end swapped, every step done; Bob was asked to fund, Alice to lock XMR', () => {
    const { alice, bob } = run('happy');
    const b = last(bob);
    const a = last(alice);
    expect([b.summary.outcome, b.summary.stage]).toEqual(['swapped', 'Swapped: the XMR is in your wallet']);
    expect([a.summary.outcome, a.summary.stage]).toEqual(['swapped', 'Swapped: the BTC is yours']);
    expect(b.steps.map((x) => x.id)).toEqual(['keys', 'fund', 'lock', 'xmr', 'buysig', 'buy', 'sweep', 'done']);
    expect(new Set(b.steps.map((x) => x.status))).toEqual(new Set(['done']));
    expect(a.steps.map((x) => x.id)).toEqual(['keys', 'sign', 'btc-lock', 'xmr-lock', 'buy', 'done']);
    expect(new Set(a.steps.map((x) => x.status))).toEqual(new Set(['done']));
    for (const v of [a, b]) {
      expect(v.summary.needsAction).toBe(false);
      expect(v.summary.next).toBe('Nothing: the swap is over.');
      expect(v.deadlines.map((d) => d.blocksLeft)).toEqual([null, null]);
      expect(v.abort.allowed).toBe(false);
      expect(v.transitions.some((t) => t.enabled)).toBe(false);
    }
    const fundAsk = bob.find((v) => v.asks.length > 0);
    expect(fundAsk?.asks[0]?.detail).toMatch(/^Pay exactly 0\.00100300 BTC to rltc1q[0-9a-f]{40}$/);
    expect(fundAsk?.summary.stage).toBe('Waiting for your BTC payment');
    expect(fundAsk?.summary.needsAction).toBe(true);
    expect(b.funding).toMatchObject({ sats: FUNDING_AMOUNT, seen: { sats: FUNDING_AMOUNT } });
    // The whole story: the funding, every swap tx that reached a chain (prepared alternatives dropped), the sweep.
    expect(b.txs.map((t) => t.name)).toEqual(['funding', 'lock', 'xmr-lock', 'buy', 'xmr-sweep']);
    expect(b.txs.map((t) => t.chain)).toEqual(['btc', 'btc', 'xmr', 'btc', 'xmr']);
    // The story at the end: Bob paid the funding (amount + lock fee) and got the locked XMR; Alice got the BTC less the buy fee.
    expect(b.story?.sent).toEqual([expect.objectContaining({ chain: 'btc', amount: FUNDING_AMOUNT })]);
    expect(b.story?.received).toEqual([expect.objectContaining({ chain: 'xmr', amount: '1000000000000' })]);
    expect(b.story?.fees.map((x) => x.what.split(',')[0])).toEqual(['lock fee', 'buy fee']);
    const buyFee = BigInt(a.story?.fees.find((x) => x.what.startsWith('buy fee'))?.amount ?? '0');
    expect(buyFee).toBeGreaterThan(0n);
    expect(a.story?.received).toEqual([expect.objectContaining({ chain: 'btc', amount: (BigInt(a.summary.btcSats) - buyFee).toString() })]);
    expect(a.story?.sent).toEqual([expect.objectContaining({ chain: 'xmr', amount: '1000000000000' })]);
    for (const v of [a, b]) expect(v.story?.endedAt).toBe(v.summary.updatedAt);
    const xmrAsk = alice.find((v) => v.asks.length > 0);
    expect(xmrAsk?.asks[0]?.detail).toMatch(/^Send exactly 1 XMR \(1000000000000 piconero\) to 4\w{94}$/);
    expect(a.funding).toBeNull();
    // While locked and waiting, Bob is told when the daemon cancels.
    expect(everSaw(bob, (v) => /^Waiting for Alice's XMR lock\. The swap daemon will cancel in about \d+ blocks? if Alice does not lock\.$/.test(v.next))).toBe(true);
    expect(everSaw(bob, (v) => v.steps.some((x) => x.id === 'lock' && x.progress?.unit === 'confirmations'))).toBe(true);
  });

  it('refund path: Alice never locks XMR; Bob cancels and refunds, the happy tail is skipped', () => {
    const { alice, bob } = run('refund');
    const b = last(bob);
    const a = last(alice);
    expect([b.summary.outcome, b.summary.stage]).toEqual(['refunded', 'Refunded: the BTC is back in your wallet']);
    expect(a.summary.outcome).toBe('refunded');
    expect(statuses(b)).toEqual({ keys: 'done', fund: 'done', lock: 'done', xmr: 'skipped', buysig: 'skipped', buy: 'skipped', sweep: 'skipped', done: 'skipped', cancel: 'done', refund: 'done' });
    expect(statuses(a)).toMatchObject({ 'xmr-lock': 'skipped', buy: 'skipped', cancel: 'done', refund: 'done', punish: 'skipped' });
    // The cancel deadline ran down to 0, then punish applied; near them the person was warned.
    expect(everSaw(bob, (v) => v.deadlines[0]?.blocksLeft === 0)).toBe(true);
    expect(everSaw(bob, (v) => v.deadlines[1]?.blocksLeft !== null)).toBe(true);
    const danger = bob.find((v) => v.warnings.some((w) => w.code === 'cancel-deadline' && w.level === 'danger'));
    expect(danger?.summary.needsAction).toBe(true);
    expect(danger?.warnings.find((w) => w.code === 'cancel-deadline')?.message).toMatch(/Keep the wallet online/);
    expect(everSaw(bob, (v) => v.warnings.some((w) => w.code === 'cancel-deadline' && w.level === 'warning'))).toBe(true);
    expect(everSaw(bob, (v) => v.summary.blocksToDeadline !== null)).toBe(true);
  });

  it('punish path: Bob is offline after his lock; Alice cancels and punishes', () => {
    const { alice, bob } = run('punish');
    const a = last(alice);
    const b = last(bob);
    expect([a.summary.outcome, a.summary.stage]).toEqual(['punished', 'Punished: Bob did not refund in time and the BTC is yours']);
    expect([b.summary.outcome, b.summary.stage]).toEqual(['punished', 'Punished: the refund came too late and Alice took the BTC']);
    expect(statuses(a)).toMatchObject({ buy: 'skipped', cancel: 'done', refund: 'skipped', 'sweep-back': 'skipped', punish: 'done' });
    expect(statuses(b)).toMatchObject({ punished: 'done', refund: 'skipped' });
    // Alice watched the punish timelock count down, in blocks, and was told when she punishes.
    expect(everSaw(alice, (v) => v.steps.some((x) => x.id === 'punish' && x.progress?.unit === 'blocks'))).toBe(true);
    expect(everSaw(alice, (v) => /the daemon punishes in about \d+ blocks?/.test(v.next))).toBe(true);
    expect(everSaw(alice, (v) => v.warnings.some((w) => w.code === 'punish-deadline'))).toBe(true);
  });

  it('abort before lock: both end aborted, open steps skipped', () => {
    const { alice, bob } = run('abort');
    for (const v of [last(alice), last(bob)]) {
      expect(v.summary.outcome).toBe('aborted');
      expect(v.steps.at(-1)).toMatchObject({ id: 'abort', status: 'done' });
      expect(v.steps.every((x) => x.status === 'done' || x.status === 'skipped')).toBe(true);
    }
    expect(last(bob).summary.stage).toBe('Aborted before any BTC was locked');
    expect(everSaw(bob, (v) => v.abort.allowed)).toBe(true);
  });
});

describe('swapView on single states', () => {
  const bobLocked = () => {
    const prefix = prefixInputs('bob', fakeDeal('bob').swapId);
    return runScript('bob', () => prefix.shift() ?? null, 100).state;
  };

  it('a fresh swap: running, keys active, nothing to do, summary = the view summary', () => {
    const init = deciderFor('alice').initialState(fakeDeal('alice'));
    if (!init.ok) throw new Error(init.error.message);
    const v = viewOf(init.value);
    expect(v.summary).toMatchObject({ outcome: 'running', role: 'alice', stage: 'Agreeing on keys with Bob', needsAction: false, blocksToDeadline: null });
    expect(v.steps[0]).toMatchObject({ id: 'keys', status: 'active' });
    expect(v.abort).toEqual({ allowed: true, reason: 'nothing is locked yet' });
    expect(swapSummary({ state: init.value, genesisCreatedAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, live: true })).toEqual(v.summary);
  });

  it('Bob after lock broadcast: stage, abort refused, disabled transitions say what they need', () => {
    const v = viewOf(bobLocked());
    // Stage and next name the same wait: the lock is not confirmed yet.
    expect(v.summary.stage).toBe('Bitcoin lock broadcast; waiting for it to confirm (0/1 confirmation)');
    expect(v.summary.next).toBe('Waiting for the BTC lock to confirm.');
    expect(v.abort.allowed).toBe(false);
    expect(v.transitions.find((t) => t.id === 'send_buysig')?.reason).toBe('needs: the XMR lock final');
    expect(v.transitions.find((t) => t.id === 'see_xmr_ok')).toMatchObject({ enabled: true, reason: "Waiting for the counterparty's XMR lock" });
    expect(v.transitions.find((t) => t.id === 'show_funding')?.reason).toMatch(/^needs: nothing locked yet; not after: the funding address shown$/);
  });

  it('after a restore: not live, held actions carry their reason, an info warning says why', () => {
    const s = bobLocked();
    const restored: SwapState = { ...s, marking: Object.fromEntries(Object.entries(s.marking).filter(([p]) => p !== 'live').concat([['syncing', true]])) };
    const v = viewOf(restored, true);
    expect(v.live).toBe(false);
    expect(v.warnings.map((w) => [w.code, w.level])).toContainEqual(['catching-up', 'info']);
    expect(v.summary.next).toMatch(/^Nothing runs until both chains have caught up/);
    expect(viewOf(s, false).live).toBe(false);
  });

  it('a damaged swap: outcome damaged, a danger warning, needsAction', () => {
    const v = swapView({ state: bobLocked(), genesisCreatedAt: 5, updatedAt: 3, live: true, damaged: 'bad CRC at record 17' });
    expect(v.summary).toMatchObject({ outcome: 'damaged', needsAction: true, updatedAt: 5 });
    expect(v.warnings[0]).toMatchObject({ code: 'damaged', level: 'danger' });
    expect(v.summary.next).toContain('bad CRC at record 17');
    expect(SwapViewSchema.safeParse(v).success).toBe(true);
  });
});

const behaviour = behaviourArbitrary;

describe('swapView property', () => {
  it('over random runs (crashes, evictions, misbehaviour) every view parses and keeps its invariants', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), behaviour, (seed, b) => {
        const r = simulate(seed, b);
        for (const p of [r.alice, r.bob]) {
          const views = checkSequence(statesOf(p));
          expect(last(views).summary.outcome).toBe(p.d.outcome(p.state) ?? 'running');
        }
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 15) },
    );
  }, 120_000);
});
