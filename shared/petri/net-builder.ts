// Small constructors for net tables, so each role's net reads as a list of facts and steps.
// Guards pitfall 11.2 #3 by construction: every action reads the `live` place, so nothing is emitted
// while a restored swap is still catching up with the chains.
import type { TransitionSpec } from './net';

type Arcs<P extends string> = Pick<TransitionSpec<P>, 'consume' | 'read' | 'inhibit' | 'produce'>;

export const LIVE = 'live';

export const input = <P extends string>(id: string, on: string, title: string, arcs: Arcs<P>): TransitionSpec<P> => ({
  id,
  kind: 'input',
  on,
  title,
  ...arcs,
});

export const action = <P extends string>(
  id: string,
  title: string,
  arcs: Arcs<P> & { readonly emits: readonly string[] },
): TransitionSpec<P> => ({ id, kind: 'action', title, ...arcs, read: [...(arcs.read ?? []), LIVE as P] });

/** Re-run `actionId` after a restore while `read`/`inhibit` hold: same labels, no marking change. */
export function resend<P extends string>(
  transitions: readonly TransitionSpec<P>[],
  actionId: string,
  read: readonly P[],
  inhibit: readonly P[] = [],
): TransitionSpec<P> {
  const base = transitions.find((t) => t.id === actionId && t.kind === 'action');
  if (!base) throw new Error(`bug: resend of unknown action ${actionId}`);
  return { id: `resend:${actionId}`, kind: 'action', title: `Ask again: ${base.title}`, read: [...read, LIVE as P], inhibit, emits: base.emits ?? [] };
}
