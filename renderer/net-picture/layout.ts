// Lays a Petri net table out in columns for drawing: places and transitions alternate left to right in
// the order the protocol reaches them. Pure and deterministic, so the same net always draws the same.
import type { NetSpec } from '../../shared/petri/net';

export interface NodeBox {
  readonly id: string;
  readonly kind: 'place' | 'transition';
  readonly label: string;
  readonly x: number;
  readonly y: number;
}
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly arc: 'consume' | 'produce' | 'read' | 'inhibit';
}
export interface NetLayout {
  readonly nodes: readonly NodeBox[];
  readonly edges: readonly Edge[];
  readonly width: number;
  readonly height: number;
}

export const COL = 150;
export const ROW = 56;
const MARGIN = 40;
const tid = (id: string) => `t:${id}`;

/**
 * Column of a place = 2 * (rounds of firing before it can first be marked); a transition sits one
 * column after the latest of its input places. Places never reached (should not exist) go last.
 */
export function layoutNet(net: NetSpec, opts: { hide?: readonly string[] } = {}): NetLayout {
  const hidden = new Set(opts.hide ?? []);
  const placeCol = new Map<string, number>();
  for (const p of net.initial) placeCol.set(p, 0);
  const transCol = new Map<string, number>();
  // Relax until stable: at most one round per transition (the tables are acyclic apart from guards).
  for (let round = 0; round <= net.transitions.length; round++) {
    let changed = false;
    for (const t of net.transitions) {
      const inputs = [...(t.consume ?? []), ...(t.read ?? [])];
      if (!inputs.every((p) => placeCol.has(p))) continue;
      const col = Math.max(0, ...inputs.map((p) => placeCol.get(p) ?? 0)) + 1;
      if (transCol.get(t.id) === col) continue;
      if (transCol.has(t.id) && (transCol.get(t.id) ?? 0) >= col) continue;
      transCol.set(t.id, col);
      changed = true;
      for (const p of t.produce ?? []) {
        if (!placeCol.has(p) || (placeCol.get(p) ?? 0) > col + 1) placeCol.set(p, col + 1);
      }
    }
    if (!changed) break;
  }
  const maxCol = Math.max(0, ...placeCol.values(), ...transCol.values());
  const columns = new Map<number, { id: string; kind: 'place' | 'transition'; label: string }[]>();
  const put = (col: number, n: { id: string; kind: 'place' | 'transition'; label: string }) =>
    columns.set(col, [...(columns.get(col) ?? []), n]);
  for (const p of net.places) if (!hidden.has(p)) put(placeCol.get(p) ?? maxCol + 1, { id: p, kind: 'place', label: p.replace(/_/g, ' ') });
  for (const t of net.transitions) put(transCol.get(t.id) ?? maxCol + 1, { id: tid(t.id), kind: 'transition', label: t.title });

  const nodes: NodeBox[] = [];
  let rows = 0;
  for (const col of [...columns.keys()].sort((a, b) => a - b)) {
    const list = columns.get(col) ?? [];
    rows = Math.max(rows, list.length);
    list.forEach((n, i) => nodes.push({ ...n, x: MARGIN + col * (COL / 2), y: MARGIN + i * ROW }));
  }
  const edges: Edge[] = [];
  for (const t of net.transitions) {
    for (const p of t.consume ?? []) if (!hidden.has(p)) edges.push({ from: p, to: tid(t.id), arc: 'consume' });
    for (const p of t.read ?? []) if (!hidden.has(p)) edges.push({ from: p, to: tid(t.id), arc: 'read' });
    for (const p of t.produce ?? []) if (!hidden.has(p)) edges.push({ from: tid(t.id), to: p, arc: 'produce' });
  }
  const width = MARGIN * 2 + (Math.max(...nodes.map((n) => n.x)) - MARGIN) + COL;
  return { nodes, edges, width, height: MARGIN * 2 + rows * ROW };
}
