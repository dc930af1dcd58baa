// A pasted offer as the person's clipboard delivers it: chat clients wrap long strings (spaces, line
// breaks, tabs, zero-width joiners), so the text is compacted before decoding; and when it still does
// not decode, the message says where and how it is damaged. Guards: a message never repeats the offer
// (it may be long-lived in logs and screenshots); positions are 1-based, counted in the compacted text
// from the "f" of "fcswap1" (spaces and line breaks not counted), and the message says so.
import { BECH32_CHARSET, locateBech32Damage } from '../crypto/bech32-damage';
import { SIGNATURE_BYTES, payloadLengthOf } from './offer-codec';

/** Whitespace and the invisible characters chat clients insert when wrapping (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen). */
const IGNORED = /[\s\u200b-\u200d\u2060\ufeff\u00ad]+/g;

/** The offer text with every space, line break, tab and invisible wrap character removed. */
export const compactOfferText = (text: string): string => text.replace(IGNORED, '');

const CHECKSUM_CHARS = 6;

/** Offer chars for a payload of this many bytes: "fcswap1" + data (5 bits a char) + checksum. */
const offerChars = (prefixLen: number, payloadBytes: number): number => prefixLen + 1 + Math.ceil(((payloadBytes + SIGNATURE_BYTES) * 8) / 5) + CHECKSUM_CHARS;

/** The data characters of a damaged offer read without the checksum, to learn the length its head announces. */
function announcedChars(compact: string, sep: number): number | undefined {
  const data = compact.slice(sep + 1).toLowerCase();
  // Whole bytes only, big-endian 5-bit groups (the text may be cut anywhere, the checksum is ignored).
  const head: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of data) {
    const v = BECH32_CHARSET.indexOf(c);
    if (v < 0) return undefined;
    acc = ((acc << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      head.push((acc >> bits) & 0xff);
    }
  }
  const len = payloadLengthOf(Uint8Array.from(head));
  return len === undefined ? undefined : offerChars(sep, len);
}

/**
 * What is wrong with a compacted offer text that failed to decode, in words for the person; null when
 * it is not damaged at the encoding level. `compacted`: whitespace was removed from what was pasted.
 */
export function describeOfferDamage(compact: string, compacted: boolean): string | null {
  const where = (n: number) => `character ${n} of ${compact.length}${compacted ? ' (spaces and line breaks not counted)' : ''}`;
  const again = 'Copy the whole offer again from where it was given.';
  const d = locateBech32Damage(compact, 'bech32m');
  if (d === null) return null;
  const sep = compact.lastIndexOf('1');
  switch (d.kind) {
    case 'mixed-case':
      return `The offer mixes capital and small letters; an offer is all one case. ${again}`;
    case 'no-separator':
    case 'too-short':
      return `The offer is cut short. ${again}`;
    case 'bad-char':
      return `The offer is damaged at ${where(d.position)}: ${JSON.stringify(d.char)} is not a letter an offer uses (never b, i, o or 1 after "fcswap1"). ${again}`;
    case 'changed':
      return `The offer is damaged at ${where(d.position)}: that character was changed (the checksum shows it). Check it against the original, or copy the offer again.`;
    case 'checksum': {
      const want = announcedChars(compact, sep);
      if (want !== undefined && compact.length < want) return `The offer is cut short: it has ${compact.length} characters, and one with these terms has ${want}${compacted ? ' (spaces and line breaks not counted)' : ''}. ${again}`;
      if (want !== undefined && compact.length > want) return `The offer has ${compact.length - want} character${compact.length - want === 1 ? '' : 's'} too many: it has ${compact.length}, one with these terms has ${want}${compacted ? ' (spaces and line breaks not counted)' : ''}. ${again}`;
      return `The offer is damaged: its checksum does not match, more than one character was changed. ${again}`;
    }
  }
}
