// DOT (Graphviz) renderings of a net and of its reachability graph, for the UI and the docs.
// Guards nothing at runtime; pure strings so the renderer can draw the same picture the checker saw.
import type { NetSpec } from '../../shared/petri/net';
import type { Graph } from './explore';

const q = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

export function netToDot(net: NetSpec): string {
  const lines = [`digraph ${q(net.name)} {`, '  rankdir=TB; node [fontname="Helvetica", fontsize=10];'];
  for (const p of net.places) {
    const term = net.terminal[p];
    const init = net.initial.includes(p);
    lines.push(`  ${q(`p:${p}`)} [shape=circle, label=${q(term ? `${p}\n(${term})` : p)}${init ? ', style=filled, fillcolor="#dddddd"' : ''}${term ? ', peripheries=2' : ''}];`);
  }
  const terms = new Set(Object.keys(net.terminal));
  for (const t of net.transitions) {
    const label = t.kind === 'input' ? `${t.id}\n[${t.on ?? ''}]` : `${t.id}\n${(t.emits ?? []).join('\n')}`;
    lines.push(`  ${q(`t:${t.id}`)} [shape=box, label=${q(label)}${t.kind === 'action' ? ', style=filled, fillcolor="#cfe8ff"' : ''}];`);
    for (const p of t.consume ?? []) lines.push(`  ${q(`p:${p}`)} -> ${q(`t:${t.id}`)};`);
    for (const p of t.produce ?? []) lines.push(`  ${q(`t:${t.id}`)} -> ${q(`p:${p}`)};`);
    for (const p of t.read ?? []) if (p !== 'live') lines.push(`  ${q(`p:${p}`)} -> ${q(`t:${t.id}`)} [style=dashed, arrowhead=none];`);
    for (const p of t.inhibit ?? []) if (!terms.has(p)) lines.push(`  ${q(`p:${p}`)} -> ${q(`t:${t.id}`)} [arrowhead=odot, color=gray];`);
  }
  lines.push('}');
  return lines.join('\n');
}

export function graphToDot(name: string, g: Graph): string {
  const lines = [`digraph ${q(`${name}-reachability`)} {`, '  node [shape=point]; edge [fontsize=7];'];
  g.states.forEach((s, i) => {
    if (i === 0) lines.push(`  s0 [shape=doublecircle, label="", width=0.15];`);
    else if (s.outcome) lines.push(`  s${i} [shape=box, label=${q(s.outcome)}, fontsize=8];`);
  });
  for (const e of g.edges) lines.push(`  s${e.from} -> s${e.to} [label=${q(e.transition)}];`);
  lines.push('}');
  return lines.join('\n');
}
