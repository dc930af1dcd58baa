// Draws a role's Petri net with the current marking: marked places carry a token, enabled transitions
// are highlighted, terminal places show their outcome. SVG only: no script, CSP-clean.
import { useEffect, useId, useMemo, useRef } from 'react';
import type { NetSpec } from '../../shared/petri/net';
import { layoutNet } from './layout';

export interface NetPictureProps {
  net: NetSpec;
  marking: Readonly<Record<string, unknown>>;
  enabled?: readonly string[];
  hide?: readonly string[];
  title: string;
}

const wrap = (s: string, max = 18): string[] => {
  const words = s.split(' ');
  const lines: string[] = [''];
  for (const w of words) {
    const cur = lines[lines.length - 1] ?? '';
    if ((cur + ' ' + w).trim().length > max && cur) lines.push(w);
    else lines[lines.length - 1] = (cur + ' ' + w).trim();
  }
  return lines.slice(0, 3);
};

export function NetPicture(props: NetPictureProps) {
  // One marker id per picture: two nets on a page must not share (or fight over) one id.
  const arrowId = `arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const layout = useMemo(() => layoutNet(props.net, { hide: props.hide }), [props.net, props.hide]);
  const pos = new Map(layout.nodes.map((n) => [n.id, n]));
  const enabled = new Set((props.enabled ?? []).map((id) => `t:${id}`));
  const terminal = props.net.terminal as Record<string, string | undefined>;
  // Wide nets scroll: keep the swap's frontier (the right-most marked place) in view.
  const scroller = useRef<HTMLDivElement>(null);
  const frontier = Math.max(0, ...layout.nodes.filter((n) => n.kind === 'place' && props.marking[n.id] !== undefined).map((n) => n.x));
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = Math.max(0, frontier - el.clientWidth * 0.6);
  }, [frontier]);
  return (
    <figure className="net-picture">
      <figcaption>{props.title}</figcaption>
      <div className="net-scroll" ref={scroller} tabIndex={0} role="region" aria-label={`${props.title}: scrollable picture`}>
        <svg viewBox={`0 0 ${layout.width} ${layout.height}`} width={layout.width} height={layout.height} role="img" aria-label={props.title}>
          <defs>
            <marker id={arrowId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="net-arrowhead" />
            </marker>
          </defs>
          {layout.edges.map((e, i) => {
            const a = pos.get(e.from);
            const b = pos.get(e.to);
            if (!a || !b) return null;
            const mx = (a.x + b.x) / 2;
            return (
              <path
                key={i}
                d={`M${a.x},${a.y} C${mx},${a.y} ${mx},${b.y} ${b.x},${b.y}`}
                className={`net-edge ${e.arc}`}
                markerEnd={e.arc === 'read' ? undefined : `url(#${arrowId})`}
              />
            );
          })}
          {layout.nodes.map((n) => {
            const marked = n.kind === 'place' && props.marking[n.id] !== undefined;
            const lines = wrap(n.label);
            return (
              <g key={n.id} transform={`translate(${n.x},${n.y})`} data-node={n.id} data-marked={marked || undefined}>
                {n.kind === 'place' ? (
                  <circle r={14} className={`net-place${marked ? ' marked' : ''}${terminal[n.id] ? ' terminal' : ''}`} />
                ) : (
                  <rect x={-6} y={-16} width={12} height={32} className={`net-transition${enabled.has(n.id) ? ' enabled' : ''}`} />
                )}
                {marked && <circle r={5} className="net-token" />}
                <text y={n.kind === 'place' ? 26 : 28} className="net-label" textAnchor="middle">
                  {lines.map((l, i) => (
                    <tspan key={i} x={0} dy={i === 0 ? 0 : 11}>
                      {l}
                    </tspan>
                  ))}
                </text>
                <title>{n.kind === 'place' ? `${n.label}${terminal[n.id] ? ` (outcome: ${terminal[n.id]})` : ''}` : n.label}</title>
              </g>
            );
          })}
        </svg>
      </div>
      <p className="hint">
        Circles are conditions (a dot: true now); bars are protocol steps (highlighted: can happen next).
      </p>
    </figure>
  );
}
