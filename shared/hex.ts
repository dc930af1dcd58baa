// Hex <-> bytes for every wire format in the wallet; one place so every boundary checks the same way.
// Lowercase, no 0x, even length: anything else is rejected rather than guessed at.
import { hex } from '@scure/base';

export const HEX_RE = /^(?:[0-9a-f]{2})*$/;

export const toHex = (b: Uint8Array): string => hex.encode(b);

export function fromHex(s: string): Uint8Array {
  if (!HEX_RE.test(s)) throw new TypeError('expected lowercase even-length hex');
  return hex.decode(s);
}
