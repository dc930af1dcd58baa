// Explicit-state exploration of a net under every interleaving of inputs and actions, tracking which
// guarded labels were emitted so far. Proves: no deadlock, a terminal is reachable from everywhere,
// one outcome per terminal, 1-safety, deterministic inputs, the emit rules, silence after an outcome.
import { OUTCOMES, type NetSpec, type Outcome } from '../../shared/petri/net';
import type { EmitRule } from './rules';

export interface Violation {
  readonly rule: string;
  readonly detail: string;
}

export interface ExploreReport {
  readonly places: number;
  readonly transitions: number;
  readonly reachable: number;
  readonly edges: number;
  readonly terminal: Partial<Record<Outcome, number>>;
  readonly deadlocks: number;
  readonly violations: number;
  readonly violationList: readonly Violation[];
  readonly ms: number;
}

export interface Graph {
  readonly states: readonly { readonly marked: readonly string[]; readonly outcome: Outcome | null }[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly transition: string }[];
}

interface Compiled {
  id: string;
  kind: 'input' | 'action';
  on: string | undefined;
  // Markings are two 32-bit words (places 0..31, 32..63): plain numbers keep the hot loop fast.
  needLo: number;
  needHi: number;
  conLo: number;
  conHi: number;
  inhLo: number;
  inhHi: number;
  proLo: number;
  proHi: number;
  emits: readonly string[];
  emitMask: number;
  checks: readonly { rule: EmitRule; label: string; before: readonly string[] }[];
}

/** High-resolution clock when the host has one (shared/ sees no DOM or Node typings). */
const now = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

/** Labels the rules require earlier; only these are tracked, so the product stays small. */
function trackedLabels(net: NetSpec, rules: readonly EmitRule[]): Map<string, number> {
  const all = new Set<string>();
  for (const t of net.transitions) for (const l of t.emits ?? []) all.add(l);
  const tracked = new Map<string, number>();
  for (const r of rules)
    for (const l of all) {
      const m = r.when.exec(l);
      if (!m) continue;
      for (const b of r.emittedBefore ?? []) {
        const need = b.replace('$1', m[1] ?? '');
        if (!tracked.has(need)) tracked.set(need, tracked.size);
      }
    }
  return tracked;
}

export function explore(net: NetSpec, rules: readonly EmitRule[], opts: { graph?: boolean; limit?: number } = {}): { report: ExploreReport; graph?: Graph } {
  const t0 = now();
  if (net.places.length > 64) throw new Error(`bug: explorer handles up to 64 places, ${net.name} has ${net.places.length}`);
  const idx = new Map(net.places.map((p, i) => [p, i]));
  const words = (ps: readonly string[] | undefined): [number, number] => {
    let lo = 0;
    let hi = 0;
    for (const p of ps ?? []) {
      const i = idx.get(p);
      if (i === undefined) continue;
      if (i < 32) lo |= 1 << i;
      else hi |= 1 << (i - 32);
    }
    return [lo, hi];
  };
  const tracked = trackedLabels(net, rules);
  if (tracked.size > 16) throw new Error('bug: explorer tracks up to 16 labels');
  const resendIds = new Set((net.resends ?? []).map((r) => r.id));
  const trans: Compiled[] = [...net.transitions, ...(net.resends ?? [])].map((t) => {
    const emits = t.emits ?? [];
    const checks: Compiled['checks'][number][] = [];
    for (const label of emits)
      for (const rule of rules) {
        const m = rule.when.exec(label);
        if (m) checks.push({ rule, label, before: (rule.emittedBefore ?? []).map((b) => b.replace('$1', m[1] ?? '')) });
      }
    const [needLo, needHi] = words([...(t.consume ?? []), ...(t.read ?? [])]);
    const [conLo, conHi] = words(t.consume);
    const [inhLo, inhHi] = words(t.inhibit);
    const [proLo, proHi] = words(t.produce);
    return {
      id: t.id,
      kind: t.kind,
      on: t.on,
      needLo,
      needHi,
      conLo,
      conHi,
      inhLo,
      inhHi,
      proLo,
      proHi,
      emits,
      emitMask: emits.reduce((m, l) => (tracked.has(l) ? m | (1 << (tracked.get(l) ?? 0)) : m), 0),
      checks,
    };
  });
  const has = (lo: number, hi: number, p: string): boolean => {
    const i = idx.get(p);
    if (i === undefined) return false;
    return i < 32 ? (lo & (1 << i)) !== 0 : (hi & (1 << (i - 32))) !== 0;
  };
  const terminals = Object.entries(net.terminal).map(([p, o]) => ({ p, o: o as Outcome }));
  const [termLo, termHi] = words(terminals.map((t) => t.p));
  const liveIdx = net.places.indexOf('live');
  const violations: Violation[] = [];
  const seenViolation = new Set<string>();
  const violate = (rule: string, detail: string) => {
    const k = `${rule}|${detail}`;
    if (!seenViolation.has(k)) {
      seenViolation.add(k);
      violations.push({ rule, detail });
    }
  };
  const names = (lo: number, hi: number) => net.places.filter((p) => has(lo, hi, p));

  // A state is (marking, emitted tracked labels), interned as lo -> (hi * 2^16 + emitted) -> id.
  const ids = new Map<number, Map<number, number>>();
  const mLo: number[] = [];
  const mHi: number[] = [];
  const emitted: number[] = [];
  const succ: number[][] = [];
  const edges: { from: number; to: number; transition: string }[] = [];
  const add = (lo: number, hi: number, e: number): number => {
    let inner = ids.get(lo);
    if (!inner) ids.set(lo, (inner = new Map()));
    const k = (hi >>> 0) * 65536 + e;
    let id = inner.get(k);
    if (id === undefined) {
      id = mLo.length;
      inner.set(k, id);
      mLo.push(lo);
      mHi.push(hi);
      emitted.push(e);
      succ.push([]);
    }
    return id;
  };
  const [startLo, startHi] = words(net.initial);
  add(startLo, startHi, 0);
  const terminalCount: Partial<Record<Outcome, number>> = {};
  let deadlocks = 0;
  const limit = opts.limit ?? 200_000;
  for (let s = 0; s < mLo.length; s++) {
    if (mLo.length > limit) {
      violate('state-explosion', `more than ${limit} states`);
      break;
    }
    const lo = mLo[s] ?? 0;
    const hi = mHi[s] ?? 0;
    const e = emitted[s] ?? 0;
    const outs = terminals.filter((t) => has(lo, hi, t.p));
    if (outs.length > 1) violate('one-outcome', `marking with ${outs.map((o) => o.o).join('+')}: ${names(lo, hi).join(',')}`);
    const byTrigger = new Map<string, string>();
    let any = false;
    for (const t of trans) {
      if ((lo & t.needLo) !== t.needLo || (hi & t.needHi) !== t.needHi || (lo & t.inhLo) !== 0 || (hi & t.inhHi) !== 0) continue;
      // A restart alone is not progress: a marking that only allows `restored` is dead.
      // Nor is asking the client again (a resend leaves the marking as it is).
      if (t.on !== 'control:restored' && !resendIds.has(t.id)) any = true;
      if (outs.length > 0) violate('silent-after-outcome', `${t.id} enabled after ${outs[0]?.o}`);
      if (t.kind === 'action' && (liveIdx < 0 || !has(lo, hi, 'live'))) violate('gated-until-synced', `${t.id} enabled while not live`);
      if (t.on) {
        const other = byTrigger.get(t.on);
        if (other) violate('deterministic-input', `${t.on} enables both ${other} and ${t.id}`);
        byTrigger.set(t.on, t.id);
      }
      for (const c of t.checks) {
        const held = (c.rule.holds ?? []).filter((p) => !has(lo, hi, p));
        const open = (c.rule.notHolds ?? []).filter((p) => has(lo, hi, p));
        const missing = c.before.filter((l) => (e & (1 << (tracked.get(l) ?? 0))) === 0);
        if (held.length + open.length + missing.length > 0)
          violate(c.rule.name, `${t.id} emits ${c.label} without ${[...held, ...missing].join(',')}${open.length ? ` while ${open.join(',')}` : ''}`);
      }
      const aLo = lo & ~t.conLo;
      const aHi = hi & ~t.conHi;
      if ((aLo & t.proLo) !== 0 || (aHi & t.proHi) !== 0) violate('safe', `${t.id} puts a second token on ${names(aLo & t.proLo, aHi & t.proHi).join(',')}`);
      const to = add(aLo | t.proLo, aHi | t.proHi, e | t.emitMask);
      succ[s]?.push(to);
      if (opts.graph) edges.push({ from: s, to, transition: t.id });
    }
    if (outs.length === 1) {
      const o = outs[0]?.o as Outcome;
      terminalCount[o] = (terminalCount[o] ?? 0) + 1;
    } else if (!any) {
      deadlocks++;
      violate('no-deadlock', `dead marking: ${names(lo, hi).join(',')}`);
    }
  }
  // Every reachable state must still be able to reach an outcome (no livelock, no trap).
  const canEnd = mLo.map((lo, i) => (lo & termLo) !== 0 || ((mHi[i] ?? 0) & termHi) !== 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (let s = 0; s < mLo.length; s++)
      if (!canEnd[s] && (succ[s] ?? []).some((t) => canEnd[t])) {
        canEnd[s] = true;
        changed = true;
      }
  }
  const trapped = canEnd.filter((c) => !c).length;
  if (trapped > 0) {
    const first = canEnd.findIndex((c) => !c);
    violate('outcome-reachable', `${trapped} states cannot reach an outcome, e.g. ${names(mLo[first] ?? 0, mHi[first] ?? 0).join(',')}`);
  }
  const report: ExploreReport = {
    places: net.places.length,
    transitions: net.transitions.length,
    reachable: mLo.length,
    edges: succ.reduce((n, s) => n + s.length, 0),
    terminal: Object.fromEntries(OUTCOMES.filter((o) => terminalCount[o] !== undefined).map((o) => [o, terminalCount[o]])),
    deadlocks,
    violations: violations.length,
    violationList: violations,
    ms: Math.round((now() - t0) * 10) / 10,
  };
  if (!opts.graph) return { report };
  return {
    report,
    graph: { states: mLo.map((lo, i) => ({ marked: names(lo, mHi[i] ?? 0), outcome: terminals.find((t) => has(lo, mHi[i] ?? 0, t.p))?.o ?? null })), edges },
  };
}
