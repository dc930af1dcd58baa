// The QR code is proved by reading it back: the modules (and the SVG the component draws from them)
// are rasterised with a quiet zone into an RGBA image and decoded by jsQR, an independent decoder.
import jsQR from 'jsqr';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QrCode } from './qr-code';
import { QR_QUIET_ZONE, qrMatrix, qrPath, type QrMatrix } from './qr-matrix';

// BIP173 test-vector address (segwit v0, bech32), and a mainnet standard Monero address from
// monero-project's functional tests (shared/crypto/vectors/monero.json).
const BECH32 = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const MONERO = '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';
const PX = 4; // pixels per module

/** An RGBA image of the matrix: white quiet zone, black dark modules, PX pixels per module. */
function rasterise(isDark: (x: number, y: number) => boolean, dim: number): { data: Uint8ClampedArray; width: number } {
  const width = dim * PX;
  const data = new Uint8ClampedArray(width * width * 4);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      const v = isDark(Math.floor(px / PX), Math.floor(py / PX)) ? 0 : 255;
      data.set([v, v, v, 255], (py * width + px) * 4);
    }
  }
  return { data, width };
}

function decodeMatrix(q: QrMatrix): string | undefined {
  const dim = q.size + 2 * QR_QUIET_ZONE;
  const inCode = (c: number) => c >= QR_QUIET_ZONE && c < QR_QUIET_ZONE + q.size;
  const img = rasterise((x, y) => inCode(x) && inCode(y) && q.modules[y - QR_QUIET_ZONE]![x - QR_QUIET_ZONE]!, dim);
  return jsQR(img.data, img.width, img.width, { inversionAttempts: 'dontInvert' })?.data;
}

/** Reads the component's markup back: the viewBox and the 1x1 squares of its one path. */
function decodeSvg(html: string): string | undefined {
  const dim = Number(/viewBox="0 0 (\d+) \1"/.exec(html)?.[1]);
  const d = /<path d="([^"]*)"/.exec(html)?.[1] ?? '';
  const dark = new Set<string>();
  for (const m of d.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) dark.add(`${m[1]},${m[2]}`);
  expect(d.replace(/M\d+,\d+h1v1h-1z/g, '')).toBe('');
  const img = rasterise((x, y) => dark.has(`${x},${y}`), dim);
  return jsQR(img.data, img.width, img.width, { inversionAttempts: 'dontInvert' })?.data;
}

const cases: [string, string][] = [
  ['a bech32 address', BECH32],
  ['an uppercased BITCOIN: URI', `BITCOIN:${BECH32.toUpperCase()}`],
  ['a 95-character Monero address', MONERO],
  ['a BIP21 URI with an amount (what the funding screen shows)', `bitcoin:${BECH32}?amount=0.00123456`],
];

describe('QR code (qrcode package, level M)', () => {
  it('the Monero address is the long one (95 characters)', () => expect(MONERO).toHaveLength(95));

  for (const [what, text] of cases) {
    it(`jsQR reads back ${what} from the modules`, () => {
      const q = qrMatrix(text);
      expect(q.modules).toHaveLength(q.size);
      expect(q.size).toBe(17 + 4 * q.version);
      // Not mirrored (jsQR would read a mirror image too): the standard's always-dark module sits in
      // column 8, row 4V+9, beside the bottom-left finder.
      expect(q.modules[4 * q.version + 9]![8]).toBe(true);
      // Level M: the format information's first two bits (row 8, columns 0 and 1) are M's 00 masked by 10.
      expect([q.modules[8]![0], q.modules[8]![1]]).toEqual([true, false]);
      expect(decodeMatrix(q)).toBe(text);
    });
    it(`jsQR reads back ${what} from the SVG the component draws`, () => {
      const html = renderToStaticMarkup(<QrCode text={text} label="QR code" />);
      expect(decodeSvg(html)).toBe(text);
    });
  }

  it('draws one path of the dark modules inside the quiet zone, as before', () => {
    const text = `bitcoin:${BECH32}?amount=0.001`;
    const q = qrMatrix(text);
    const dim = q.size + 2 * QR_QUIET_ZONE;
    const html = renderToStaticMarkup(<QrCode text={text} label="QR code: pay 0.001 BTC" />);
    expect(html).toBe(
      `<svg class="qr" viewBox="0 0 ${dim} ${dim}" width="200" height="200" role="img" aria-label="QR code: pay 0.001 BTC" shape-rendering="crispEdges">` +
        `<rect width="${dim}" height="${dim}" class="qr-light"></rect><path d="${qrPath(q, QR_QUIET_ZONE)}" class="qr-dark"></path></svg>`,
    );
    expect(qrPath(q, QR_QUIET_ZONE).startsWith(`M${QR_QUIET_ZONE},${QR_QUIET_ZONE}h1v1h-1z`)).toBe(true); // finder corner
    expect(renderToStaticMarkup(<QrCode text={text} label="x" size={120} />)).toContain('width="120" height="120"');
    expect(html).not.toMatch(/data:|<image|<script|style=/);
  });

  it('refuses text that fits in no QR code', () => {
    expect(() => qrMatrix('x'.repeat(3000))).toThrow(/too big/);
  });
});
