// A colored Petri net written as a data table: places, transitions with consume/read/inhibit/produce
// arcs, the abstract outputs each action emits, and terminal places with their outcome.
// Guards checkability: the decider runs exactly this table, so what the checker proves is what runs.
export type Outcome = 'swapped' | 'refunded' | 'punished' | 'aborted';
export const OUTCOMES: readonly Outcome[] = ['swapped', 'refunded', 'punished', 'aborted'];

/**
 * `input` transitions fire when an input (peer message, client datum, chain fact, control) arrives and
 * emit nothing; `action` transitions fire on their own once enabled and emit outputs, in order.
 */
export interface TransitionSpec<P extends string = string> {
  readonly id: string;
  /** What a person sees: an action ("Broadcast the lock"), or what an input transition waits for. */
  readonly title: string;
  readonly kind: 'input' | 'action';
  /** Input trigger, e.g. `peer:core-arbitrating-setup`, `client:abort`, `fact:lock-final`. */
  readonly on?: string;
  readonly consume?: readonly P[];
  /** Test arcs: must be marked, stay marked. */
  readonly read?: readonly P[];
  /** Inhibitor arcs: must be unmarked. */
  readonly inhibit?: readonly P[];
  readonly produce?: readonly P[];
  /** Abstract labels of the outputs, in order (`btc:broadcast:lock`, `checkpoint:pre-lock`, ...). */
  readonly emits?: readonly string[];
}

export interface NetSpec<P extends string = string> {
  readonly name: string;
  readonly places: readonly P[];
  readonly initial: readonly P[];
  readonly terminal: Readonly<Partial<Record<P, Outcome>>>;
  readonly transitions: readonly TransitionSpec<P>[];
  /**
   * Actions run again, once synced after a restore, while their condition holds (a request whose
   * answer died with the process). They emit their action's labels and leave the marking as it is;
   * the checker applies the emit rules to them too.
   */
  readonly resends?: readonly TransitionSpec<P>[];
}

export type NetSpecError = { readonly kind: 'net-invalid'; readonly message: string };

/** Structural checks a table must pass before anything runs it (unknown places, duplicate ids, ...). */
export function checkNetSpec(net: NetSpec): NetSpecError[] {
  const out: NetSpecError[] = [];
  const places = new Set(net.places);
  const bad = (message: string) => out.push({ kind: 'net-invalid', message: `${net.name}: ${message}` });
  if (places.size !== net.places.length) bad('duplicate place');
  for (const p of net.initial) if (!places.has(p)) bad(`initial place ${p} unknown`);
  for (const p of Object.keys(net.terminal)) if (!places.has(p)) bad(`terminal place ${p} unknown`);
  const ids = new Set<string>();
  for (const t of net.transitions) {
    if (ids.has(t.id)) bad(`duplicate transition ${t.id}`);
    ids.add(t.id);
    for (const p of [...(t.consume ?? []), ...(t.read ?? []), ...(t.inhibit ?? []), ...(t.produce ?? [])])
      if (!places.has(p)) bad(`${t.id}: unknown place ${p}`);
    if (t.kind === 'input' && !t.on) bad(`${t.id}: input transition without trigger`);
    if (t.kind === 'action' && (t.on || !t.emits || t.emits.length === 0)) bad(`${t.id}: action must emit and have no trigger`);
    if (t.kind === 'input' && t.emits && t.emits.length > 0) bad(`${t.id}: input transitions emit nothing`);
  }
  for (const r of net.resends ?? []) {
    const base = net.transitions.find((t) => `resend:${t.id}` === r.id);
    if (!base || base.kind !== 'action') bad(`${r.id}: resends no action of the net`);
    if (r.consume?.length || r.produce?.length) bad(`${r.id}: a resend must not change the marking`);
    for (const p of [...(r.read ?? []), ...(r.inhibit ?? [])]) if (!places.has(p)) bad(`${r.id}: unknown place ${p}`);
  }
  return out;
}

/** Every transition is inhibited by every terminal place: nothing happens after an outcome. */
export function withTerminalGuards<P extends string>(net: NetSpec<P>): NetSpec<P> {
  const terms = Object.keys(net.terminal) as P[];
  const guard = (t: TransitionSpec<P>) => ({ ...t, inhibit: [...new Set([...(t.inhibit ?? []), ...terms])] });
  return { ...net, transitions: net.transitions.map(guard), ...(net.resends ? { resends: net.resends.map(guard) } : {}) };
}
