// The host's payout check (checkPayoutAddresses, at "Start the swap" and for a maker's payout) speaks
// the same sentences as the wizard, for the one Bitcoin chain its node runs.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { BTC_NETWORKS } from '../crypto/btc-network';
import { encodeMoneroAddress, encodeStandardAddress } from '../crypto/monero-address';
import { encodeSegwitAddress } from '../crypto/segwit-address';
import { checkPayoutAddresses } from './offer-review';

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const point = (k: bigint) => ed25519.Point.BASE.multiply(k).toBytes();
const program = Uint8Array.from({ length: 20 }, (_, i) => 200 - i);
const sandbox = { btc: BTC_NETWORKS['litecoin-regtest'], network: 'regtest' as const };
const XMR = must(encodeStandardAddress('mainnet', point(7n), point(9n)));
const RLTC = must(encodeSegwitAddress('rltc', 0, program));

describe('checkPayoutAddresses (the host)', () => {
  it('takes the node chain addresses, trimmed', () => {
    expect(must(checkPayoutAddresses({ btcAddress: ` ${RLTC}\n`, xmrAddress: ` ${XMR} ` }, sandbox))).toEqual({ btcAddress: RLTC, xmrAddress: XMR });
  });
  it("refuses a Bitcoin Core regtest address on the sandbox's litecoind, saying why", () => {
    const r = checkPayoutAddresses({ btcAddress: must(encodeSegwitAddress('bcrt', 0, program)), xmrAddress: XMR }, sandbox);
    expect(!r.ok && r.error).toEqual({ kind: 'address-invalid', field: 'btcAddress', message: 'Bitcoin address: This is a Bitcoin Core regtest Bitcoin address. A regtest Bitcoin address starts with rltc1 (the sandbox runs litecoind regtest in place of bitcoind).' });
  });
  it('a Monero testnet address on regtest: says regtest, not "this swap runs on mainnet"', () => {
    const r = checkPayoutAddresses({ btcAddress: RLTC, xmrAddress: must(encodeStandardAddress('testnet', point(7n), point(9n))) }, sandbox);
    expect(!r.ok && r.error.message).toBe('Monero address: This is a Monero testnet address. A regtest Monero address starts with 4 or 8 (a regtest Monero node uses mainnet addresses).');
    expect(!r.ok && r.error.message).not.toMatch(/Bitcoin/); // wallet-offers.ts names the field by this word
  });
  it('refuses integrated addresses and one wrong character', () => {
    const integrated = must(encodeMoneroAddress({ network: 'mainnet', kind: 'integrated', publicSpend: point(7n), publicView: point(9n), paymentId: new Uint8Array(8) }));
    expect(checkPayoutAddresses({ btcAddress: RLTC, xmrAddress: integrated }, sandbox)).toMatchObject({ ok: false, error: { message: /Integrated Monero addresses are not accepted/ } });
    const typo = `${XMR.slice(0, 50)}${XMR[50] === 'a' ? 'b' : 'a'}${XMR.slice(51)}`;
    expect(checkPayoutAddresses({ btcAddress: RLTC, xmrAddress: typo }, sandbox)).toMatchObject({ ok: false, error: { message: /^Monero address: A character is wrong/ } });
  });
});
