// Where a bech32/bech32m string that failed to decode is damaged, so a message can point at the place
// instead of echoing the string back. BIP173: decoders "SHOULD NOT" correct errors but "MAY point to
// positions of likely errors"; so this only names a position, never the replacement character.
// Guards: a position is named only when exactly one single-character change would make the checksum
// hold (unique by construction), otherwise the damage is reported as unlocated.
export const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3] as const;
const CONST = { bech32: 1, bech32m: 0x2bc830a3 } as const;
const CHECKSUM_CHARS = 6;

export type Bech32Damage =
  | { readonly kind: 'mixed-case' }
  | { readonly kind: 'no-separator' }
  /** A character outside the bech32 alphabet; position 1-based in the text given. */
  | { readonly kind: 'bad-char'; readonly position: number; readonly char: string }
  | { readonly kind: 'too-short' }
  /** Exactly one character, if changed, makes the checksum hold: it is probably the typo. */
  | { readonly kind: 'changed'; readonly position: number }
  /** The checksum fails and no single change repairs it: several typos, or characters added or dropped. */
  | { readonly kind: 'checksum' };

const step = (chk: number, v: number): number => {
  const b = chk >>> 25;
  let c = ((chk & 0x1ffffff) << 5) ^ v;
  for (let i = 0; i < 5; i++) if ((b >>> i) & 1) c ^= GEN[i]!;
  return c >>> 0;
};

/** null: the string decodes (no damage); else what is wrong and, where it can be told, where. */
export function locateBech32Damage(text: string, encoding: 'bech32' | 'bech32m'): Bech32Damage | null {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return { kind: 'mixed-case' };
  const s = text.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1) return { kind: 'no-separator' };
  const values: number[] = [];
  for (let i = sep + 1; i < s.length; i++) {
    const v = BECH32_CHARSET.indexOf(s[i]!);
    if (v < 0) return { kind: 'bad-char', position: i + 1, char: text[i]! };
    values.push(v);
  }
  if (values.length < CHECKSUM_CHARS) return { kind: 'too-short' };
  let head = 1;
  const hrp = s.slice(0, sep);
  for (let i = 0; i < hrp.length; i++) head = step(head, hrp.charCodeAt(i) >> 5);
  head = step(head, 0);
  for (let i = 0; i < hrp.length; i++) head = step(head, hrp.charCodeAt(i) & 31);
  const want = CONST[encoding];
  let chk = head;
  for (const v of values) chk = step(chk, v);
  if (chk === want) return null;
  // The checksum is linear over GF(2): changing value i by XOR d changes the final state by d run
  // through the remaining (n-1-i) steps with zero input. So one backward sweep tries every position
  // and every change (32 states carried), instead of re-running the string 31 times per position.
  const target = (chk ^ want) >>> 0;
  const diffs = Array.from({ length: 32 }, (_, d) => d);
  let found = -1;
  for (let i = values.length - 1; i >= 0; i--) {
    for (let d = 1; d < 32; d++) {
      if (diffs[d] === target) {
        if (found >= 0) return { kind: 'checksum' };
        found = i;
      }
      diffs[d] = step(diffs[d]!, 0);
    }
  }
  return found >= 0 ? { kind: 'changed', position: sep + 2 + found } : { kind: 'checksum' };
}
