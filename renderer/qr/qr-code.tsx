// A QR code as SVG rects (one path), so it needs neither a data: image nor a canvas under the CSP.
// The modules come from the `qrcode` package (qr-matrix.ts).
import { useMemo } from 'react';
import { QR_QUIET_ZONE, qrMatrix, qrPath } from './qr-matrix';

export function QrCode(props: { text: string; label: string; size?: number }) {
  const q = useMemo(() => qrMatrix(props.text), [props.text]);
  const dim = q.size + QR_QUIET_ZONE * 2;
  const d = useMemo(() => qrPath(q, QR_QUIET_ZONE), [q]);
  return (
    <svg className="qr" viewBox={`0 0 ${dim} ${dim}`} width={props.size ?? 200} height={props.size ?? 200} role="img" aria-label={props.label} shapeRendering="crispEdges">
      <rect width={dim} height={dim} className="qr-light" />
      <path d={d} className="qr-dark" />
    </svg>
  );
}
