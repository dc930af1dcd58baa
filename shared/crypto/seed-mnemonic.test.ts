import { describe, expect, it } from 'vitest';
import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { mnemonicToSeed, mnemonicWords, seedToMnemonic, SEED_WORDS } from './seed-mnemonic';

// BIP39 reference vectors (trezor/python-mnemonic vectors.json), 256-bit entropy.
const VECTORS: Array<[string, string]> = [
  ['0000000000000000000000000000000000000000000000000000000000000000', 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art'],
  ['7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f', 'legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title'],
  ['8080808080808080808080808080808080808080808080808080808080808080', 'letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic bless'],
  ['ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote'],
];

describe('seed mnemonic', () => {
  it.each(VECTORS)('%s <-> its BIP39 words', (hex, words) => {
    expect(seedToMnemonic(hexToBytes(hex))).toBe(words);
    const back = mnemonicToSeed(words);
    expect(back.ok && bytesToHex(back.value)).toBe(hex);
  });

  it('forgives line breaks, numbering gaps and case', () => {
    const words = VECTORS[1]![1].split(' ');
    const messy = words.map((w, i) => (i % 6 === 5 ? `${w.toUpperCase()}\n` : `${w}\t `)).join('');
    expect(mnemonicWords(messy)).toHaveLength(SEED_WORDS);
    const back = mnemonicToSeed(messy);
    expect(back.ok && bytesToHex(back.value)).toBe(VECTORS[1]![0]);
  });

  it('names the position of a word outside the list without echoing it', () => {
    const words = VECTORS[2]![1].split(' ');
    words[6] = 'zzqx';
    const r = mnemonicToSeed(words.join(' '));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('mnemonic-word');
      expect(r.error.message).toContain('Word 7');
      expect(r.error.message).not.toContain('zzqx');
    }
  });

  it('refuses a wrong count and a bad checksum', () => {
    const short = mnemonicToSeed(VECTORS[0]![1].split(' ').slice(0, 23).join(' '));
    expect(!short.ok && short.error.kind).toBe('mnemonic-length');
    const swapped = VECTORS[1]![1].split(' ');
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const bad = mnemonicToSeed(swapped.join(' '));
    expect(!bad.ok && bad.error.kind).toBe('mnemonic-checksum');
  });

  it('refuses a seed of the wrong length as a bug', () => {
    expect(() => seedToMnemonic(new Uint8Array(16))).toThrow(/32 bytes/);
  });
});
