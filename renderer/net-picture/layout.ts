// Lays a Petri net table out for drawing with dagre (a layered-graph layout): places and transitions are
// nodes, arcs are edges, top to bottom in the order the protocol reaches them. Each node's box is sized
// from its label, wrapped over lines (never cut), so no two boxes overlap and every label sits inside
// its box (layout.test.ts and e2e/net-picture.spec.ts check both). Pure and deterministic: the same
// net always draws the same, and the result is cached per table (dagre takes a few hundred ms).
import dagre from '@dagrejs/dagre';
import type { NetSpec } from '../../shared/petri/net';

export interface NodeBox {
  readonly id: string;
  readonly kind: 'place' | 'transition';
  /** The whole label, for the tooltip. */
  readonly label: string;
  /** The label as drawn: whole words, wrapped. */
  readonly lines: readonly string[];
  /** Centre of the node's box; the shape sits at the top of the box, the label lines below it. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly arc: 'consume' | 'produce' | 'read';
  /** The route dagre chose, first point at `from`, last at `to`. */
  readonly points: readonly { x: number; y: number }[];
}
export interface NetLayout {
  readonly nodes: readonly NodeBox[];
  readonly edges: readonly Edge[];
  readonly width: number;
  readonly height: number;
  /** Places read by so many steps that their read arcs are left out (listed under the picture). */
  readonly quiet: readonly string[];
}

/** Drawing sizes, shared with net-picture.tsx so the boxes fit what it draws. */
export const FONT_PX = 11;
export const LINE_PX = 13;
/** A generous estimate of a character's width at FONT_PX in system-ui (wide letters included). */
export const CHAR_PX = 6.3;
export const WRAP_CHARS = 16;
export const PLACE_R = 11;
export const BAR_W = 30;
export const BAR_H = 8;
/** Gap between the shape and the first label line. */
export const LABEL_GAP = 4;
const PAD_X = 6;
const PAD_Y = 3;
/** A place read by more than this many transitions is a guard (prelock): its read arcs cross everything. */
const QUIET_READS = 4;

const tid = (id: string) => `t:${id}`;

/** Whole words over lines of at most `max` characters; a word longer than a line gets its own line. */
export function wrapLabel(s: string, max = WRAP_CHARS): string[] {
  const lines: string[] = [];
  for (const w of s.split(/\s+/).filter(Boolean)) {
    const cur = lines[lines.length - 1];
    if (cur !== undefined && (cur + ' ' + w).length <= max) lines[lines.length - 1] = cur + ' ' + w;
    else lines.push(w);
  }
  return lines.length ? lines : [''];
}

/** Shape height at the top of a node's box. */
export const shapeHeight = (kind: NodeBox['kind']) => (kind === 'place' ? PLACE_R * 2 : BAR_H);
/** Estimated width of a drawn line of text. */
export const textWidth = (line: string) => line.length * CHAR_PX;

function boxSize(kind: NodeBox['kind'], lines: readonly string[]) {
  const shapeW = kind === 'place' ? PLACE_R * 2 : BAR_W;
  const width = Math.ceil(Math.max(shapeW, ...lines.map(textWidth)) + PAD_X * 2);
  const height = Math.ceil(PAD_Y * 2 + shapeHeight(kind) + LABEL_GAP + lines.length * LINE_PX);
  return { width, height };
}

const cache = new WeakMap<NetSpec, Map<string, NetLayout>>();

export function layoutNet(net: NetSpec, opts: { hide?: readonly string[] } = {}): NetLayout {
  const key = [...(opts.hide ?? [])].sort().join(',');
  const hit = cache.get(net)?.get(key);
  if (hit) return hit;
  const made = computeLayout(net, new Set(opts.hide ?? []));
  const perNet = cache.get(net) ?? new Map<string, NetLayout>();
  perNet.set(key, made);
  cache.set(net, perNet);
  return made;
}

function computeLayout(net: NetSpec, hidden: ReadonlySet<string>): NetLayout {
  const readers = new Map<string, number>();
  for (const t of net.transitions) for (const p of t.read ?? []) readers.set(p, (readers.get(p) ?? 0) + 1);
  const quiet = net.places.filter((p) => !hidden.has(p) && (readers.get(p) ?? 0) > QUIET_READS);
  const quietSet = new Set(quiet);

  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 14, ranksep: 22, edgesep: 8, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const labels = new Map<string, { kind: NodeBox['kind']; label: string; lines: string[] }>();
  const addNode = (id: string, kind: NodeBox['kind'], label: string) => {
    const lines = wrapLabel(label);
    labels.set(id, { kind, label, lines });
    g.setNode(id, boxSize(kind, lines));
  };
  for (const p of net.places) if (!hidden.has(p)) addNode(p, 'place', p.replace(/_/g, ' '));
  for (const t of net.transitions) addNode(tid(t.id), 'transition', t.title);

  const arcs: { from: string; to: string; arc: Edge['arc']; name: string }[] = [];
  for (const t of net.transitions) {
    for (const p of t.consume ?? []) if (!hidden.has(p)) arcs.push({ from: p, to: tid(t.id), arc: 'consume', name: `c:${p}:${t.id}` });
    for (const p of t.read ?? [])
      if (!hidden.has(p) && !quietSet.has(p)) arcs.push({ from: p, to: tid(t.id), arc: 'read', name: `r:${p}:${t.id}` });
    for (const p of t.produce ?? []) if (!hidden.has(p)) arcs.push({ from: tid(t.id), to: p, arc: 'produce', name: `p:${p}:${t.id}` });
  }
  // Read arcs weigh less: the flow of tokens (consume, produce) decides the layers first.
  for (const a of arcs) g.setEdge(a.from, a.to, { weight: a.arc === 'read' ? 1 : 2 }, a.name);
  dagre.layout(g);

  const round = (v: number) => Math.round(v * 10) / 10;
  const nodes: NodeBox[] = [...labels].map(([id, l]) => {
    const n = g.node(id);
    return { id, kind: l.kind, label: l.label, lines: l.lines, x: round(n.x ?? 0), y: round(n.y ?? 0), width: n.width, height: n.height };
  });
  const edges: Edge[] = arcs.map((a) => ({
    from: a.from,
    to: a.to,
    arc: a.arc,
    points: (g.edge({ v: a.from, w: a.to, name: a.name }).points ?? []).map((p: { x: number; y: number }) => ({ x: round(p.x), y: round(p.y) })),
  }));
  const graph = g.graph();
  return { nodes, edges, width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0), quiet };
}
