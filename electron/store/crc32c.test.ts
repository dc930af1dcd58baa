// Known-answer tests for CRC32C: the "123456789" check value and the RFC 3720 (iSCSI) B.4 vectors.
// Invariant guarded: our checksum is the standard one, so files stay readable by any other tool.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32c, maskCrc, unmaskCrc } from './crc32c';

describe('crc32c', () => {
  it('matches the standard check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('matches the RFC 3720 B.4 vectors', () => {
    const inc = Uint8Array.from({ length: 32 }, (_, i) => i);
    const dec = Uint8Array.from({ length: 32 }, (_, i) => 31 - i);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(inc)).toBe(0x46dd794e);
    expect(crc32c(dec)).toBe(0x113fdb5c);
    // iSCSI SCSI Read (10) command PDU
    const pdu = Uint8Array.from(
      ('01c00000000000000000000000000000' + '14000000000004000000001400000018' + '28000000000000000200000000000000')
        .match(/../g)!
        .map((h) => parseInt(h, 16)),
    );
    expect(crc32c(pdu)).toBe(0xd9963a56);
  });

  it('chains: crc of a whole equals crc continued over its parts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const k = Math.min(cut, bytes.length);
        const chained = crc32c(bytes, crc32c(bytes, 0, 0, k), k, bytes.length);
        expect(chained).toBe(crc32c(bytes));
      }),
    );
  });

  it('mask is invertible and changes the value', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (c) => {
        expect(unmaskCrc(maskCrc(c))).toBe(c);
      }),
    );
    expect(maskCrc(0x12345678)).not.toBe(0x12345678);
  });
});
