// The tray icon's pixels, made in code: the app ships no image files, and a tray needs a bitmap
// (Electron's nativeImage reads no SVG). A 32x32 BGRA disc in Monero orange: at tray size a plain
// disc reads better than a drawing.
// Invariant: width * height * 4 bytes, premultiplied alpha, transparent outside the disc.

export const TRAY_ICON_SIZE = 32;

/** BGRA bytes for nativeImage.createFromBitmap(buf, { width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE, scaleFactor: 2 }). */
export function trayIconBitmap(size = TRAY_ICON_SIZE): Buffer {
  const buf = Buffer.alloc(size * size * 4);
  const c = (size - 1) / 2;
  const r = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // One pixel of soft edge: coverage from the distance to the rim.
      const a = Math.max(0, Math.min(1, r - Math.hypot(x - c, y - c) + 0.5));
      const i = (y * size + x) * 4;
      // #f26822 (Monero orange), premultiplied by coverage.
      buf[i] = Math.round(0x22 * a);
      buf[i + 1] = Math.round(0x68 * a);
      buf[i + 2] = Math.round(0xf2 * a);
      buf[i + 3] = Math.round(255 * a);
    }
  }
  return buf;
}
