// Every public vector file (vectors/*.json) through the conformance op table, with the counts fixed
// so a vector list that shrinks (or a case that stops being generated) fails here too.
// The same cases go through the spawned CLI in electron/crypto/conformance-cli.itest.ts.
import { describe, expect, it } from 'vitest';
import adaptorDoc from '../../shared/crypto/vectors/ecdsa-adaptor.dlcspecs.json';
import bip143 from '../../shared/crypto/vectors/bip143.json';
import bip173 from '../../shared/crypto/vectors/bip173.json';
import bip350 from '../../shared/crypto/vectors/bip350.json';
import monero from '../../shared/crypto/vectors/monero.json';
import { handleConformanceLine } from './conformance-ops';
import { checkVectorAnswers, conformanceVectorCases, EXPECTED_PASSED } from './conformance-ops.fixture';

describe('conformance door on the public vectors (op table)', () => {
  it('the vector files hold every listed case of their sources', () => {
    expect(adaptorDoc.vectors.length).toBe(11); // dlcspecs test/ecdsa_adaptor.json: 3 verification, 3 recovery, 5 serialization
    expect(bip143.vectors.length).toBe(14); // every sigHash printed in BIP143's Example section
    expect([bip173.validBech32.length, bip173.invalidBech32.length, bip173.validAddresses.length, bip173.invalidAddresses.length]).toEqual([7, 12, 6, 10]);
    expect([bip350.validBech32m.length, bip350.invalidBech32m.length, bip350.validAddresses.length, bip350.invalidAddresses.length]).toEqual([7, 14, 8, 15]);
    expect([monero.base58Encode.length, monero.base58DecodeValid.length, monero.base58DecodeInvalid.length]).toEqual([17, 17, 56]);
    expect([monero.base58EncodeBlock.length, monero.base58DecodeBlockValid.length, monero.base58DecodeBlockInvalid.length]).toEqual([29, 16, 29]);
    expect([monero.base58Addr.length, monero.base58AddrInvalid.length, monero.addressFromStrInvalid.length]).toEqual([21, 17, 5]);
    expect([monero.validAddresses.length, monero.invalidAddresses.length, monero.integrated.length]).toEqual([20, 7, 2]);
  });

  it('answers every case as its source says', () => {
    const cases = conformanceVectorCases();
    const answers = cases.map((c) => handleConformanceLine(JSON.stringify(c.request)));
    const run = checkVectorAnswers(cases, answers);
    expect(run.failures).toEqual([]);
    expect(run.passed).toEqual(EXPECTED_PASSED);
    expect(cases.length).toBe(Object.values(EXPECTED_PASSED).reduce((a, b) => a + b, 0));
  });

  it('a wrong answer is caught by the checks (the checks are not vacuous)', () => {
    const cases = conformanceVectorCases();
    const answers = cases.map((c) => handleConformanceLine(JSON.stringify(c.request)));
    // Flip every answer to its opposite shape: each case must then report a failure.
    const flipped = answers.map((a) =>
      a.ok ? { id: a.id, ok: false as const, error: { code: 'invalid' as const, message: 'x' } } : { id: a.id, ok: true as const, result: {} },
    );
    expect(checkVectorAnswers(cases, flipped).failures.length).toBeGreaterThanOrEqual(cases.length);
  });
});
