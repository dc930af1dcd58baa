import { describe, expect, it } from 'vitest';
import { encodeQr } from './qr-encode';
import reference from './qr-reference.fixture.json';

// Made once with python-qrcode 8 (byte mode, level M, fixed mask, border 0); see the test names.
const fixtures = reference as {
  text: string;
  mask: number;
  version: number;
  rows: string[];
}[];

const rowsOf = (m: readonly (readonly boolean[])[]) => m.map((r) => r.map((b) => (b ? '1' : '0')).join(''));

describe('QR encoder', () => {
  for (const f of fixtures) {
    it(`matches python-qrcode module for module: ${f.text.length} bytes, version ${f.version}, mask ${f.mask}`, () => {
      const q = encodeQr(f.text, { mask: f.mask });
      expect(q.version).toBe(f.version);
      expect(q.size).toBe(f.rows.length);
      expect(rowsOf(q.modules)).toEqual(f.rows);
    });
  }
  it('picks a mask by penalty and keeps the function patterns', () => {
    const q = encodeQr('bitcoin:rltc1qexample?amount=0.001');
    expect(q.mask).toBeGreaterThanOrEqual(0);
    expect(q.mask).toBeLessThan(8);
    // Finder pattern corners: dark 7x7 ring at the top left, light separator after it.
    expect(q.modules[0]!.slice(0, 8).map(Boolean)).toEqual([true, true, true, true, true, true, true, false]);
    expect(q.modules[q.size - 1]![0]).toBe(true);
  });
  it('refuses text that fits in no QR code', () => {
    expect(() => encodeQr('x'.repeat(3000))).toThrow(RangeError);
  });
});
