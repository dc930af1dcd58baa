import { describe, expect, it } from 'vitest';
import { TRAY_ICON_SIZE, trayIconBitmap } from './tray-icon';

describe('tray icon bitmap', () => {
  it('is a BGRA disc: opaque in the middle, transparent in the corners', () => {
    const b = trayIconBitmap();
    expect(b).toHaveLength(TRAY_ICON_SIZE * TRAY_ICON_SIZE * 4);
    const px = (x: number, y: number) => [...b.subarray((y * TRAY_ICON_SIZE + x) * 4, (y * TRAY_ICON_SIZE + x) * 4 + 4)];
    expect(px(16, 16)).toEqual([0x22, 0x68, 0xf2, 255]);
    expect(px(0, 0)).toEqual([0, 0, 0, 0]);
    expect(px(TRAY_ICON_SIZE - 1, TRAY_ICON_SIZE - 1)).toEqual([0, 0, 0, 0]);
  });
});
