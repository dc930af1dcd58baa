import { describe, expect, it } from 'vitest';
import { checkBtcAddress, checkXmrAddress } from './address-check';

const xmr = '4' + 'A'.repeat(94);

describe('address plausibility', () => {
  it('accepts plausible addresses for the network', () => {
    expect(checkBtcAddress('rltc1q' + 'a'.repeat(38), 'regtest')).toBeNull();
    expect(checkBtcAddress('  bcrt1q' + 'a'.repeat(38) + ' ', 'regtest')).toBeNull();
    expect(checkBtcAddress('bc1q' + 'a'.repeat(38), 'mainnet')).toBeNull();
    expect(checkXmrAddress(xmr, 'mainnet')).toBeNull();
    expect(checkXmrAddress(xmr, 'regtest')).toBeNull();
  });
  it('says what is wrong', () => {
    expect(checkBtcAddress('', 'regtest')).toMatch(/Enter a Bitcoin address/);
    expect(checkBtcAddress('bc1q' + 'a'.repeat(38), 'regtest')).toMatch(/starts with bcrt1/);
    expect(checkBtcAddress('rltc1q', 'regtest')).toMatch(/length/);
    expect(checkXmrAddress('', 'mainnet')).toMatch(/Enter a Monero address/);
    expect(checkXmrAddress(xmr.slice(1), 'mainnet')).toMatch(/95 characters/);
    expect(checkXmrAddress('9' + 'A'.repeat(94), 'mainnet')).toMatch(/starts with 4, 8/);
    expect(checkXmrAddress('4' + '0'.repeat(94), 'mainnet')).toMatch(/base58/);
  });
  it('reads the network table: stagenet and signet pair with Monero stagenet (5, 7), testnet with 9, A, B; signet is tb1', () => {
    expect(checkXmrAddress('5' + 'A'.repeat(94), 'stagenet')).toBeNull();
    expect(checkXmrAddress('7' + 'A'.repeat(94), 'signet')).toBeNull();
    expect(checkXmrAddress('4' + 'A'.repeat(94), 'stagenet')).toMatch(/A stagenet Monero address starts with 5, 7/);
    expect(checkXmrAddress('5' + 'A'.repeat(94), 'testnet')).toMatch(/starts with 9, A, B/);
    expect(checkXmrAddress('9' + 'A'.repeat(94), 'regtest')).toMatch(/A regtest Monero address starts with 4, 8/);
    expect(checkBtcAddress('tb1q' + 'a'.repeat(38), 'signet')).toBeNull();
    expect(checkBtcAddress('tb1q' + 'a'.repeat(38), 'stagenet')).toBeNull();
    expect(checkBtcAddress('bcrt1q' + 'a'.repeat(38), 'stagenet')).toMatch(/starts with tb1/);
    // The host takes segwit payouts only: a base58 address is caught here already.
    expect(checkBtcAddress('mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ', 'testnet')).toMatch(/starts with tb1/);
  });
});
