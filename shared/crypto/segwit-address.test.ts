// BIP350 vectors for bech32m strings and v0..v16 segwit addresses, plus a round-trip property.
// Invariant checked: valid vectors decode to their scriptPubKey, every invalid one is refused.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../hex';
import v from './vectors/bip350.json';
import { decodeBech32, decodeSegwitAddress, encodeSegwitAddress } from './segwit-address';

const spk = (version: number, program: Uint8Array): string => toHex(Uint8Array.of(version === 0 ? 0 : 0x50 + version, program.length, ...program));

describe('BIP350 vectors', () => {
  it.each(v.validBech32m)('valid bech32m %s', (s) => expect(decodeBech32(s)).toMatchObject({ ok: true, value: { encoding: 'bech32m' } }));
  it.each(v.invalidBech32m)('invalid bech32m %j', (s) => {
    const d = decodeBech32(s);
    expect(d.ok && d.value.encoding === 'bech32m').toBe(false);
  });
  it.each(v.validAddresses)('valid address %s', (addr, script) => {
    const hrp = addr!.toLowerCase().startsWith('bc') ? 'bc' : 'tb';
    const d = decodeSegwitAddress(addr!, hrp);
    if (!d.ok) throw new Error(d.error.message);
    expect(spk(d.value.version, d.value.program)).toBe(script);
    expect(encodeSegwitAddress(hrp, d.value.version, d.value.program)).toEqual({ ok: true, value: addr!.toLowerCase() });
  });
  it.each(v.invalidAddresses)('invalid address %s', (addr) => {
    expect(decodeSegwitAddress(addr, 'bc').ok).toBe(false);
    expect(decodeSegwitAddress(addr, 'tb').ok).toBe(false);
  });
});

describe('segwit address round-trip', () => {
  it('decode(encode(v, program)) === (v, program) for valid shapes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.uint8Array({ minLength: 2, maxLength: 40 }), fc.constantFrom('bc', 'tb', 'rltc', 'bcrt'), (ver, prog, hrp) => {
        fc.pre(ver !== 0 || prog.length === 20 || prog.length === 32);
        const a = encodeSegwitAddress(hrp, ver, prog);
        if (!a.ok) throw new Error(a.error.message);
        const d = decodeSegwitAddress(a.value, hrp);
        expect(d.ok && [d.value.version, toHex(d.value.program)]).toEqual([ver, toHex(prog)]);
      }),
      { numRuns: 50 },
    );
  });
});
