// Firing rule of a safe colored net over a JSON marking (place -> token datum, `true` when plain).
// Guards safety: firing onto an already-marked place is a bug (the net would not be 1-bounded).
import type { NetSpec, TransitionSpec } from './net';

/** Marked places with the datum their token carries. Plain JSON so a checkpoint can hold it. */
export type Marking = Readonly<Record<string, unknown>>;

export const has = (m: Marking, p: string): boolean => m[p] !== undefined;

export function isEnabled(t: TransitionSpec, m: Marking): boolean {
  if (t.consume) for (const p of t.consume) if (m[p] === undefined) return false;
  if (t.read) for (const p of t.read) if (m[p] === undefined) return false;
  if (t.inhibit) for (const p of t.inhibit) if (m[p] !== undefined) return false;
  return true;
}

/**
 * Fire `t`: its consumed tokens go, its first produced place carries `datum` (others `true`). Throws on a
 * disabled transition or a second token on a place: both mean the caller or the table is wrong.
 */
export function fire(t: TransitionSpec, m: Marking, datum?: unknown): Marking {
  if (!isEnabled(t, m)) throw new Error(`bug: ${t.id} fired while disabled`);
  const next: Record<string, unknown> = { ...m };
  if (t.consume) for (const p of t.consume) delete next[p];
  if (t.produce)
    t.produce.forEach((p, i) => {
      if (next[p] !== undefined) throw new Error(`bug: ${t.id} puts a second token on ${p}`);
      next[p] = i === 0 && datum !== undefined ? datum : true;
    });
  return next;
}

export function initialMarking(net: NetSpec): Marking {
  const m: Record<string, unknown> = {};
  for (const p of net.initial) m[p] = true;
  return m;
}

export const terminalOutcome = (net: NetSpec, m: Marking) => {
  for (const [p, o] of Object.entries(net.terminal)) if (m[p] !== undefined) return o ?? null;
  return null;
};

/** A net with lookup tables for the hot path (fold of long transcripts). */
export interface CompiledNet {
  readonly spec: NetSpec;
  readonly byId: ReadonlyMap<string, TransitionSpec>;
  readonly byTrigger: ReadonlyMap<string, readonly TransitionSpec[]>;
  readonly actions: readonly TransitionSpec[];
  readonly factTriggers: readonly string[];
}

export function compileNet(spec: NetSpec): CompiledNet {
  const byTrigger = new Map<string, TransitionSpec[]>();
  for (const t of spec.transitions) if (t.on) byTrigger.set(t.on, [...(byTrigger.get(t.on) ?? []), t]);
  return {
    spec,
    byId: new Map(spec.transitions.map((t) => [t.id, t])),
    byTrigger,
    actions: spec.transitions.filter((t) => t.kind === 'action'),
    factTriggers: [...byTrigger.keys()].filter((k) => k.startsWith('fact:')),
  };
}

/** The input transition `trigger` fires in `m`, if any (the checker proves there is at most one). */
export function enabledFor(net: CompiledNet, m: Marking, trigger: string): TransitionSpec | null {
  const ts = net.byTrigger.get(trigger);
  if (ts) for (const t of ts) if (isEnabled(t, m)) return t;
  return null;
}
