// Zoom and pan of the net picture's box: the first zoom fits the width unless the text would then be
// smaller than MIN_TEXT_PX; buttons and keys zoom about the box's centre; a drag or the arrow keys
// (native scrolling of the focused box) pan. Only the box scrolls, never the page.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { FONT_PX, type NetLayout, type NodeBox } from './layout';

/** The smallest text (in screen px) the picture starts with; below it, it opens zoomed in. */
const MIN_TEXT_PX = 9;
export const ZOOMS = [1, 1.25, 1.5, 2, 2.5, 3];
export const MAX_ZOOM = 3;

export function useZoomPan(layout: NetLayout, frontier: NodeBox | undefined) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [zoom, setZoom] = useState<number | null>(null);
  const z = zoom ?? 1;

  // Sizes through the DOM (the CSP allows no style attribute in markup); first, so the scroll
  // positions below are set on the zoomed size.
  useLayoutEffect(() => {
    const el = box.current;
    const s = svg.current;
    if (!el || !s) return;
    // At Fit the box takes the picture's proportions; zoomed, it keeps its width and shows a window
    // of at most 70% of the viewport's height (an aspect ratio with a max-height would narrow it).
    el.style.aspectRatio = z > 1 ? '' : `${layout.width} / ${layout.height}`;
    el.style.height = z > 1 ? `${Math.round(Math.min((el.clientWidth * layout.height) / layout.width, window.innerHeight * 0.7))}px` : '';
    el.style.overflow = z > 1 ? 'auto' : 'hidden';
    el.style.cursor = z > 1 ? 'grab' : '';
    s.style.width = `${z * 100}%`;
  }, [layout, z]);

  // First zoom: fit, unless the fitted text would be smaller than MIN_TEXT_PX.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || zoom !== null) return;
    const fit = el.clientWidth / layout.width;
    // A box not laid out yet (0 wide) opens at Fit rather than at the largest zoom.
    if (fit <= 0) return setZoom(1);
    setZoom(Math.min(MAX_ZOOM, Math.max(1, MIN_TEXT_PX / (FONT_PX * fit))));
  }, [layout, zoom]);

  // Keep the frontier in view when it moves (a live swap) or when zoomed in.
  const centre = useRef<{ x: number; y: number } | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || zoom === null || !frontier) return;
    if (centre.current) return;
    const scale = (el.clientWidth * zoom) / layout.width;
    el.scrollLeft = Math.max(0, frontier.x * scale - el.clientWidth / 2);
    el.scrollTop = Math.max(0, frontier.y * scale - el.clientHeight / 2);
  }, [frontier?.id, zoom, layout]); // eslint-disable-line react-hooks/exhaustive-deps

  // A zoom by button or key keeps the point at the box's centre where it was.
  useLayoutEffect(() => {
    const el = box.current;
    const c = centre.current;
    if (!el || !c || zoom === null) return;
    const scale = (el.clientWidth * zoom) / layout.width;
    el.scrollLeft = Math.max(0, c.x * scale - el.clientWidth / 2);
    el.scrollTop = Math.max(0, c.y * scale - el.clientHeight / 2);
  }, [zoom, layout]);

  const zoomTo = (next: number) => {
    const el = box.current;
    if (el) {
      const scale = (el.clientWidth * z) / layout.width;
      centre.current = { x: (el.scrollLeft + el.clientWidth / 2) / scale, y: (el.scrollTop + el.clientHeight / 2) / scale };
    }
    setZoom(next);
  };
  const zoomIn = () => zoomTo(ZOOMS.find((s) => s > z + 0.01) ?? z);
  const zoomOut = () => zoomTo([...ZOOMS].reverse().find((s) => s < z - 0.01) ?? 1);
  const fit = () => zoomTo(1);

  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    const el = box.current;
    if (!el || e.button !== 0 || z <= 1) return;
    drag.current = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop };
    el.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const el = box.current;
    const d = drag.current;
    if (!el || !d) return;
    el.scrollLeft = d.left - (e.clientX - d.x);
    el.scrollTop = d.top - (e.clientY - d.y);
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    drag.current = null;
    box.current?.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === '+' || e.key === '=') zoomIn();
    else if (e.key === '-') zoomOut();
    else if (e.key === '0') fit();
    else return;
    e.preventDefault();
  };

  return { box, svg, z, zoomIn, zoomOut, fit, onKeyDown, onPointerDown, onPointerMove, onPointerUp };
}
