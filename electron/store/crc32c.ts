// CRC32C (Castagnoli), table-driven, plus LevelDB's mask so a CRC stored inside checked bytes stays strong.
// Invariant: the same bytes always give the same checksum as every other CRC32C (RFC 3720 vectors).

const POLY = 0x82f63b78; // reflected Castagnoli polynomial

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Continue a CRC32C over `bytes[start, end)`; pass the previous result as `crc` to chain pieces. */
export function crc32c(bytes: Uint8Array, crc = 0, start = 0, end = bytes.length): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

// LevelDB util/crc32c.h: rotate and add a constant, because a CRC over data that embeds CRCs is weak.
const MASK_DELTA = 0xa282ead8;

export const maskCrc = (crc: number): number => ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;

export function unmaskCrc(masked: number): number {
  const rot = (masked - MASK_DELTA) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}
