// Draws a role's Petri net with the current marking: marked places carry a token, enabled transitions
// are highlighted, terminal places show their outcome. SVG only: no script, CSP-clean (styles set
// through the DOM, never a style attribute in markup).
// The picture is scaled to its box (viewBox, width 100% at "Fit"); when the fitted text would be too
// small to read it starts zoomed in on the swap's frontier, and the person zooms (+ / − / Fit, or the
// + - 0 keys) and pans (drag, arrow keys, scroll) the box, never the page.
import { useId, useMemo } from 'react';
import type { NetSpec } from '../../shared/petri/net';
import { BAR_H, BAR_W, FONT_PX, LABEL_GAP, LINE_PX, PLACE_R, layoutNet, type NodeBox } from './layout';
import { MAX_ZOOM, useZoomPan } from './use-zoom-pan';

export interface NetPictureProps {
  net: NetSpec;
  marking: Readonly<Record<string, unknown>>;
  enabled?: readonly string[];
  hide?: readonly string[];
  title: string;
}

const PAD_TOP = 3;

const edgePath = (pts: readonly { x: number; y: number }[]) => pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');

function NodeShape(props: { n: NodeBox; marked: boolean; enabled: boolean; terminal?: string }) {
  const { n } = props;
  const cx = n.width / 2;
  const shapeH = n.kind === 'place' ? PLACE_R * 2 : BAR_H;
  const firstBaseline = PAD_TOP + shapeH + LABEL_GAP + LINE_PX - 3;
  return (
    <g
      transform={`translate(${n.x - n.width / 2},${n.y - n.height / 2})`}
      data-node={n.id}
      data-kind={n.kind}
      data-marked={props.marked || undefined}
      data-enabled={props.enabled || undefined}
    >
      <rect className="net-box" width={n.width} height={n.height} />
      {n.kind === 'place' ? (
        <circle cx={cx} cy={PAD_TOP + PLACE_R} r={PLACE_R} className={`net-place${props.marked ? ' marked' : ''}${props.terminal ? ' terminal' : ''}`} />
      ) : (
        <rect x={cx - BAR_W / 2} y={PAD_TOP} width={BAR_W} height={BAR_H} className={`net-transition${props.enabled ? ' enabled' : ''}`} />
      )}
      {props.marked && <circle cx={cx} cy={PAD_TOP + PLACE_R} r={4.5} className="net-token" />}
      <text className="net-label" textAnchor="middle" fontSize={FONT_PX} data-label={n.id}>
        {n.lines.map((l, i) => (
          <tspan key={i} x={cx} y={firstBaseline + i * LINE_PX}>
            {l}
          </tspan>
        ))}
      </text>
      <title>{n.kind === 'place' ? `${n.label}${props.terminal ? ` (outcome: ${props.terminal})` : ''}${props.marked ? ' (true now)' : ''}` : `${n.label}${props.enabled ? ' (can happen next)' : ''}`}</title>
    </g>
  );
}

export function NetPicture(props: NetPictureProps) {
  // One marker id per picture: two nets on a page must not share (or fight over) one id.
  const arrowId = `arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const layout = useMemo(() => layoutNet(props.net, { hide: props.hide }), [props.net, props.hide]);
  const enabled = new Set((props.enabled ?? []).map((id) => `t:${id}`));
  const terminal = props.net.terminal as Record<string, string | undefined>;
  const quietSet = new Set(layout.quiet);
  const marked = layout.nodes.filter((n) => n.kind === 'place' && props.marking[n.id] !== undefined && !quietSet.has(n.id));
  // The swap's frontier: the lowest marked place (the layers run top to bottom in protocol order),
  // guards such as prelock aside (marked from the start, drawn wherever their arcs put them).
  const frontier = marked.reduce<NodeBox | undefined>((a, n) => (!a || n.y > a.y ? n : a), undefined);
  const { box, svg, z, zoomIn, zoomOut, fit, onKeyDown, onPointerDown, onPointerMove, onPointerUp } = useZoomPan(layout, frontier);
  const quiet = layout.quiet.map((p) => p.replace(/_/g, ' '));
  return (
    <figure className="net-picture" data-zoom={z}>
      <figcaption>{props.title}</figcaption>
      <div className="net-tools" role="group" aria-label={`Zoom: ${props.title}`}>
        <button type="button" className="secondary" onClick={zoomIn} disabled={z >= MAX_ZOOM} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="secondary" onClick={zoomOut} disabled={z <= 1} aria-label="Zoom out">
          −
        </button>
        <button type="button" className="secondary" onClick={fit} disabled={z <= 1} aria-label="Fit the whole picture">
          Fit
        </button>
        <span className="hint" aria-live="polite">
          {z <= 1 ? 'Whole picture' : `Zoomed ${Math.round(z * 100)}%: drag or use the arrow keys to move`}
        </span>
      </div>
      <div
        className="net-scroll"
        ref={box}
        tabIndex={0}
        role="region"
        aria-label={`${props.title}: picture (+ and − zoom, 0 fits, arrows move)`}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <svg ref={svg} viewBox={`0 0 ${layout.width} ${layout.height}`} preserveAspectRatio="xMidYMin meet" role="img" aria-label={props.title}>
          <defs>
            <marker id={arrowId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="net-arrowhead" />
            </marker>
          </defs>
          {layout.edges.map((e) => (
            <path
              key={`${e.arc}:${e.from}:${e.to}`}
              d={edgePath(e.points)}
              className={`net-edge ${e.arc}`}
              markerEnd={e.arc === 'read' ? undefined : `url(#${arrowId})`}
            />
          ))}
          {layout.nodes.map((n) => (
            <NodeShape
              key={n.id}
              n={n}
              marked={n.kind === 'place' && props.marking[n.id] !== undefined}
              enabled={enabled.has(n.id)}
              terminal={terminal[n.id]}
            />
          ))}
        </svg>
      </div>
      <p className="hint">
        Circles are conditions (a dot: true now); bars are protocol steps (highlighted: can happen next); a dashed line
        is a condition a step checks without using it up.
        {quiet.length > 0 && ` Not drawn, to keep the picture legible: the checks of ${quiet.join(', ')} (each checked by many steps).`}
      </p>
    </figure>
  );
}
