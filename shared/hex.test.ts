import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './hex';

describe('hex', () => {
  it('round-trips bytes', () => {
    const b = new Uint8Array([0, 1, 0xab, 0xff]);
    expect(toHex(b)).toBe('0001abff');
    expect(fromHex('0001abff')).toEqual(b);
  });
  it('rejects odd length, uppercase and prefixes', () => {
    for (const bad of ['abc', 'AB', '0x00', 'zz']) expect(() => fromHex(bad)).toThrow(TypeError);
  });
});
