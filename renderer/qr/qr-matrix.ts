// The QR code's modules, made by the `qrcode` package (error-correction level M; it picks the
// segment modes, the smallest version and the mask). Pure: text in, a square matrix of dark modules out.
import QRCode from 'qrcode';

/** Light modules around the code, as the QR standard asks (4). */
export const QR_QUIET_ZONE = 4;

export interface QrMatrix {
  readonly size: number;
  readonly version: number;
  /** modules[y][x]: true = dark. */
  readonly modules: readonly (readonly boolean[])[];
}

/** Throws when the text fits in no QR code (level M holds at most 2331 bytes). */
export function qrMatrix(text: string): QrMatrix {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size } = code.modules;
  const modules = Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => code.modules.get(y, x) !== 0));
  return { size, version: code.version, modules };
}

/** One SVG path of 1x1 squares, one per dark module, shifted right and down by the quiet zone. */
export function qrPath(q: QrMatrix, quiet: number): string {
  const parts: string[] = [];
  q.modules.forEach((row, y) => row.forEach((dark, x) => dark && parts.push(`M${x + quiet},${y + quiet}h1v1h-1z`)));
  return parts.join('');
}
