// A QR code as SVG rects (one path), so it needs neither a data: image nor a canvas under the CSP.
import { useMemo } from 'react';
import { encodeQr } from './qr-encode';

export function QrCode(props: { text: string; label: string; size?: number }) {
  const q = useMemo(() => encodeQr(props.text), [props.text]);
  const quiet = 4;
  const dim = q.size + quiet * 2;
  const d = useMemo(() => {
    const parts: string[] = [];
    q.modules.forEach((row, y) => row.forEach((dark, x) => dark && parts.push(`M${x + quiet},${y + quiet}h1v1h-1z`)));
    return parts.join('');
  }, [q]);
  return (
    <svg className="qr" viewBox={`0 0 ${dim} ${dim}`} width={props.size ?? 200} height={props.size ?? 200} role="img" aria-label={props.label} shapeRendering="crispEdges">
      <rect width={dim} height={dim} className="qr-light" />
      <path d={d} className="qr-dark" />
    </svg>
  );
}
