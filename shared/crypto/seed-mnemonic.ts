// The wallet seed as the person writes it down: BIP39 English words over the 32-byte seed itself
// (the seed is the mnemonic's entropy, so 24 words give back exactly the seed the keychain holds).
// Guards: a restored phrase must give back bytes, not a guess: whitespace and case are forgiven,
// a word outside the list is named by its position (never echoed), and the checksum must hold.
import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { appError, err, ok, type AppError, type Result } from '../result';

export const SEED_WORDS = 24;
const SEED_BYTES = 32;

export type MnemonicErrorKind = 'mnemonic-length' | 'mnemonic-word' | 'mnemonic-checksum';
export type MnemonicError = AppError<MnemonicErrorKind>;

/** The 24 words of a 32-byte seed, lower case, single spaces. */
export function seedToMnemonic(seed: Uint8Array): string {
  if (seed.length !== SEED_BYTES) throw new Error(`bug: a wallet seed is ${SEED_BYTES} bytes, got ${seed.length}`);
  return entropyToMnemonic(seed, wordlist);
}

/** The words of a pasted or typed phrase: any whitespace (line breaks, tabs, numbering gaps) splits, case is ignored. */
export const mnemonicWords = (text: string): string[] =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);

const WORDS = new Set(wordlist);

/** The seed a phrase stands for, or a typed error that says what to fix without repeating the phrase. */
export function mnemonicToSeed(text: string): Result<Uint8Array, MnemonicError> {
  const words = mnemonicWords(text);
  if (words.length !== SEED_WORDS)
    return err(appError('mnemonic-length', `A wallet seed has ${SEED_WORDS} words; this has ${words.length}. Check for a missing or an extra word.`));
  const bad = words.findIndex((w) => !WORDS.has(w));
  if (bad >= 0)
    return err(appError('mnemonic-word', `Word ${bad + 1} is not a BIP39 English word. Check its spelling against your written copy.`));
  const phrase = words.join(' ');
  if (!validateMnemonic(phrase, wordlist))
    return err(appError('mnemonic-checksum', 'The words do not check out (BIP39 checksum): one of them is wrong or two are swapped. Check each against your written copy.'));
  return ok(mnemonicToEntropy(phrase, wordlist));
}
