// Explicit-state exploration of a net under every interleaving of inputs and actions, tracking which
// guarded labels were emitted so far. Proves: no deadlock, a terminal is reachable from everywhere,
// one outcome per terminal, 1-safety, deterministic inputs, the emit rules, silence after an outcome.
import { OUTCOMES, type NetSpec, type Outcome } from '../petri/net';
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
  need: bigint; // consume | read
  consume: bigint;
  inhibit: bigint;
  produce: bigint;
  emits: readonly string[];
  emitMask: bigint;
  checks: readonly { rule: EmitRule; label: string; before: readonly string[] }[];
}

const bit = (i: number) => 1n << BigInt(i);
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
  const idx = new Map(net.places.map((p, i) => [p, i]));
  const mask = (ps: readonly string[] | undefined) => (ps ?? []).reduce((m, p) => m | bit(idx.get(p) ?? -1), 0n);
  const tracked = trackedLabels(net, rules);
  const trans: Compiled[] = net.transitions.map((t) => {
    const emits = t.emits ?? [];
    const checks: Compiled['checks'][number][] = [];
    for (const label of emits)
      for (const rule of rules) {
        const m = rule.when.exec(label);
        if (m) checks.push({ rule, label, before: (rule.emittedBefore ?? []).map((b) => b.replace('$1', m[1] ?? '')) });
      }
    return {
      id: t.id,
      kind: t.kind,
      on: t.on,
      need: mask(t.consume) | mask(t.read),
      consume: mask(t.consume),
      inhibit: mask(t.inhibit),
      produce: mask(t.produce),
      emits,
      emitMask: emits.reduce((m, l) => (tracked.has(l) ? m | bit(tracked.get(l) ?? 0) : m), 0n),
      checks,
    };
  });
  const terminals = Object.entries(net.terminal).map(([p, o]) => ({ m: bit(idx.get(p) ?? 0), o: o as Outcome }));
  const termMask = terminals.reduce((m, t) => m | t.m, 0n);
  const violations: Violation[] = [];
  const seenViolation = new Set<string>();
  const violate = (rule: string, detail: string) => {
    const k = `${rule}|${detail}`;
    if (!seenViolation.has(k)) {
      seenViolation.add(k);
      violations.push({ rule, detail });
    }
  };
  const names = (m: bigint) => net.places.filter((_, i) => (m & bit(i)) !== 0n);

  // A state is (marking, emitted-tracked-labels); keys are strings so a Map can hold them.
  const start = mask(net.initial);
  const keyOf = (m: bigint, e: bigint) => `${m.toString(36)}.${e.toString(36)}`;
  const ids = new Map<string, number>();
  const marks: bigint[] = [];
  const emitted: bigint[] = [];
  const succ: number[][] = [];
  const edges: { from: number; to: number; transition: string }[] = [];
  const add = (m: bigint, e: bigint): number => {
    const k = keyOf(m, e);
    let id = ids.get(k);
    if (id === undefined) {
      id = marks.length;
      ids.set(k, id);
      marks.push(m);
      emitted.push(e);
      succ.push([]);
    }
    return id;
  };
  add(start, 0n);
  const terminalCount: Partial<Record<Outcome, number>> = {};
  let deadlocks = 0;
  const limit = opts.limit ?? 200_000;
  for (let s = 0; s < marks.length; s++) {
    if (marks.length > limit) {
      violate('state-explosion', `more than ${limit} states`);
      break;
    }
    const m = marks[s] ?? 0n;
    const e = emitted[s] ?? 0n;
    const outs = terminals.filter((t) => (m & t.m) !== 0n);
    if (outs.length > 1) violate('one-outcome', `marking with ${outs.map((o) => o.o).join('+')}: ${names(m).join(',')}`);
    const byTrigger = new Map<string, string>();
    let any = false;
    for (const t of trans) {
      if ((m & t.need) !== t.need || (m & t.inhibit) !== 0n) continue;
      // A restart alone is not progress: a marking that only allows `restored` is dead.
      if (t.on !== 'control:restored') any = true;
      if (outs.length > 0) violate('silent-after-outcome', `${t.id} enabled after ${outs[0]?.o}`);
      if (t.kind === 'action' && (m & bit(idx.get('live') ?? 0)) === 0n) violate('gated-until-synced', `${t.id} enabled while not live`);
      if (t.on) {
        const other = byTrigger.get(t.on);
        if (other) violate('deterministic-input', `${t.on} enables both ${other} and ${t.id}`);
        byTrigger.set(t.on, t.id);
      }
      for (const c of t.checks) {
        const held = (c.rule.holds ?? []).filter((p) => (m & bit(idx.get(p) ?? 0)) === 0n);
        const open = (c.rule.notHolds ?? []).filter((p) => (m & bit(idx.get(p) ?? 0)) !== 0n);
        const missing = c.before.filter((l) => (e & bit(tracked.get(l) ?? 0)) === 0n);
        if (held.length + open.length + missing.length > 0)
          violate(c.rule.name, `${t.id} emits ${c.label} without ${[...held, ...missing].join(',')}${open.length ? ` while ${open.join(',')}` : ''}`);
      }
      const after = m & ~t.consume;
      if ((after & t.produce) !== 0n) violate('safe', `${t.id} puts a second token on ${names(after & t.produce).join(',')}`);
      const to = add(after | t.produce, e | t.emitMask);
      succ[s]?.push(to);
      if (opts.graph) edges.push({ from: s, to, transition: t.id });
    }
    if (outs.length === 1) {
      const o = outs[0]?.o as Outcome;
      terminalCount[o] = (terminalCount[o] ?? 0) + 1;
    } else if (!any) {
      deadlocks++;
      violate('no-deadlock', `dead marking: ${names(m).join(',')}`);
    }
  }
  // Every reachable state must still be able to reach an outcome (no livelock, no trap).
  const canEnd = marks.map((m) => (m & termMask) !== 0n);
  for (let changed = true; changed; ) {
    changed = false;
    for (let s = 0; s < marks.length; s++)
      if (!canEnd[s] && (succ[s] ?? []).some((t) => canEnd[t])) {
        canEnd[s] = true;
        changed = true;
      }
  }
  const trapped = canEnd.filter((c) => !c).length;
  if (trapped > 0) {
    const first = canEnd.findIndex((c) => !c);
    violate('outcome-reachable', `${trapped} states cannot reach an outcome, e.g. ${names(marks[first] ?? 0n).join(',')}`);
  }
  const report: ExploreReport = {
    places: net.places.length,
    transitions: net.transitions.length,
    reachable: marks.length,
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
    graph: { states: marks.map((m) => ({ marked: names(m), outcome: terminals.find((t) => (m & t.m) !== 0n)?.o ?? null })), edges },
  };
}
