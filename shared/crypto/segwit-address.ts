// Bech32/bech32m strings and segwit addresses per BIP173 and BIP350, on @scure/base.
// Invariant: v0 programs only in bech32 (20 or 32 bytes), v1+ only in bech32m, the HRP must match.
import { bech32, bech32m } from '@scure/base';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';

export type Bech32Encoding = 'bech32' | 'bech32m';

function decodeAny(text: string): CryptoResult<{ hrp: string; words: number[]; encoding: Bech32Encoding }> {
  if (text.length > 90) return fail('bad-length', 'bech32: longer than 90 characters');
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return fail('bad-encoding', 'bech32: mixed case');
  for (const [encoding, codec] of [['bech32', bech32], ['bech32m', bech32m]] as const) {
    try {
      const d = codec.decode(text as `${string}1${string}`, 90);
      return ok({ hrp: d.prefix, words: Array.from(d.words), encoding });
    } catch {
      // try the other checksum constant
    }
  }
  return fail('bad-checksum', 'bech32: invalid string or checksum');
}

export function decodeBech32(text: string): CryptoResult<{ hrp: string; encoding: Bech32Encoding }> {
  const d = decodeAny(text);
  if (!d.ok) return d;
  return ok({ hrp: d.value.hrp, encoding: d.value.encoding });
}

export function decodeSegwitAddress(address: string, hrp: string): CryptoResult<{ version: number; program: Uint8Array }> {
  const d = decodeAny(address);
  if (!d.ok) return d;
  if (d.value.hrp !== hrp.toLowerCase()) return fail('bad-encoding', `segwit address: HRP ${d.value.hrp}, expected ${hrp}`);
  const [version, ...rest] = d.value.words;
  if (version === undefined || version > 16) return fail('bad-encoding', 'segwit address: bad witness version');
  let program: Uint8Array;
  try {
    program = bech32.fromWords(rest);
  } catch {
    return fail('bad-encoding', 'segwit address: bad padding');
  }
  if (program.length < 2 || program.length > 40) return fail('bad-length', `segwit address: program of ${program.length} bytes`);
  if (version === 0 && program.length !== 20 && program.length !== 32) return fail('bad-length', 'segwit address: v0 program must be 20 or 32 bytes');
  if ((version === 0) !== (d.value.encoding === 'bech32')) return fail('bad-checksum', `segwit address: v${version} must use ${version === 0 ? 'bech32' : 'bech32m'}`);
  return ok({ version, program });
}

export function encodeSegwitAddress(hrp: string, version: number, program: Uint8Array): CryptoResult<string> {
  if (!Number.isInteger(version) || version < 0 || version > 16) return fail('bad-encoding', 'witness version must be 0..16');
  if (program.length < 2 || program.length > 40) return fail('bad-length', 'witness program must be 2..40 bytes');
  if (version === 0 && program.length !== 20 && program.length !== 32) return fail('bad-length', 'v0 program must be 20 or 32 bytes');
  if (!/^[\x21-\x7e]{1,83}$/.test(hrp) || hrp !== hrp.toLowerCase()) return fail('bad-encoding', 'bad HRP');
  const words = [version, ...bech32.toWords(program)];
  try {
    return ok((version === 0 ? bech32 : bech32m).encode(hrp, words, 90));
  } catch (e) {
    return fail('bad-length', `segwit address: ${(e as Error).message}`);
  }
}
