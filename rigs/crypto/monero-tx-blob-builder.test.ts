// The blob builder agrees with the parser on every real regtest tx's fields, and its txids are checked.
import { describe, expect, it } from 'vitest';
import regtest from '../../shared/crypto/vectors/monero-scan-regtest.json';
import { scanOwnedOutputs } from '../../shared/crypto/monero-output-scan';
import { parseMoneroTxBlob } from '../../shared/crypto/monero-tx-blob';
import { fromHex } from '../../shared/hex';
import { encodeMoneroTxBlob } from './monero-tx-blob-builder';

describe('encodeMoneroTxBlob', () => {
  it.each(regtest.txs.map((t) => [t.what, t] as const))('%s: rebuilt from its fields, parses back to them with a checked txid', (_what, t) => {
    const real = parseMoneroTxBlob(t.txid, t.asHex);
    if (!real.ok) throw new Error(real.error.message);
    const { txid, ...fields } = real.value;
    const built = encodeMoneroTxBlob(fields);
    expect(built.txid).not.toBe(txid); // another input, another tx
    const back = parseMoneroTxBlob(built.txid, built.asHex);
    expect(back).toEqual({ ok: true, value: { ...fields, txid: built.txid } });
    const keys = { viewSecret: fromHex(regtest.keysets.receiver.viewSecret), spendPublic: fromHex(regtest.keysets.receiver.spendPublic) };
    if (back.ok) expect(scanOwnedOutputs(back.value, keys)).toEqual(scanOwnedOutputs(real.value, keys));
    expect(parseMoneroTxBlob(txid, built.asHex)).toMatchObject({ ok: false, error: { kind: 'monero-tx-txid-mismatch' } });
  });
});
