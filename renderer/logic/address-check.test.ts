// The wizard's address fields, checked as typed: real addresses (built by the shared encoders) pass,
// one wrong character is caught, and messages name the swap's own network.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { encodeMoneroAddress, type MoneroNetwork } from '../../shared/crypto/monero-address';
import { encodeSegwitAddress } from '../../shared/crypto/segwit-address';
import { btcAddressNote, checkBtcAddress, checkXmrAddress } from './address-check';

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const program = Uint8Array.from({ length: 20 }, (_, i) => i * 7 + 1);
const btc = (hrp: string, version = 0, bytes = program) => must(encodeSegwitAddress(hrp, version, bytes));
const point = (k: bigint) => ed25519.Point.BASE.multiply(k).toBytes();
const xmr = (network: MoneroNetwork, kind: 'standard' | 'subaddress' | 'integrated' = 'standard') =>
  must(encodeMoneroAddress({ network, kind, publicSpend: point(3n), publicView: point(5n), ...(kind === 'integrated' ? { paymentId: new Uint8Array(8).fill(1) } : {}) }));
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const changeAt = (s: string, at: number, alphabet: string) => s.slice(0, at) + alphabet[(alphabet.indexOf(s[at]!) + 1) % alphabet.length] + s.slice(at + 1);

describe('Bitcoin address, as typed', () => {
  it('accepts real segwit addresses of the network (v0 and taproot), spaces around ignored', () => {
    expect(checkBtcAddress(btc('rltc'), 'regtest')).toBeNull();
    expect(checkBtcAddress(`  ${btc('bcrt')} `, 'regtest')).toBeNull();
    expect(checkBtcAddress(btc('bc'), 'mainnet')).toBeNull();
    expect(checkBtcAddress(btc('bc', 1, new Uint8Array(32).fill(9)), 'mainnet')).toBeNull();
    expect(checkBtcAddress(btc('tb'), 'signet')).toBeNull();
    expect(checkBtcAddress(btc('tb').toUpperCase(), 'stagenet')).toBeNull();
  });
  it('one wrong character: its position, from the checksum', () => {
    const good = btc('rltc');
    for (const at of [6, 20, good.length - 1]) expect(checkBtcAddress(changeAt(good, at, B32), 'regtest')).toBe(`Character ${at + 1} looks wrong: the address's checksum does not match. Check it against your wallet, or copy it again.`);
    expect(checkBtcAddress(`${good.slice(0, 10)}b${good.slice(11)}`, 'regtest')).toMatch(/^Character 11 \("b"\) is not used/);
  });
  it("names what the address is and what the swap's network takes", () => {
    expect(checkBtcAddress('', 'regtest')).toMatch(/Enter a Bitcoin address/);
    expect(checkBtcAddress(btc('bc'), 'regtest')).toBe('This is a mainnet Bitcoin address. A regtest Bitcoin address starts with bcrt1 or rltc1.');
    expect(checkBtcAddress(btc('bcrt'), 'stagenet')).toBe('This is a Bitcoin Core regtest Bitcoin address. A stagenet Bitcoin address starts with tb1.');
    expect(checkBtcAddress('rltc1q', 'regtest')).toMatch(/length/);
    // The host takes segwit payouts only: a base58 address is caught here already.
    expect(checkBtcAddress('mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ', 'testnet')).toMatch(/starts with tb1: only segwit addresses are taken/);
    expect(checkBtcAddress('rltc1q w508d6qejxtdg4y5r3zarvary0c5xw7kygt080', 'regtest')).toMatch(/no spaces/);
  });
  it('on regtest, a note says why the sandbox addresses start with rltc1; none elsewhere', () => {
    expect(btcAddressNote('regtest')).toMatch(/sandbox runs litecoind in regtest mode .* start with rltc1; a Bitcoin Core regtest node's start with bcrt1/);
    expect(btcAddressNote('mainnet')).toBeNull();
  });
});

describe('Monero address, as typed', () => {
  it('accepts standard addresses and subaddresses of the network (regtest: mainnet format)', () => {
    expect(checkXmrAddress(xmr('mainnet'), 'mainnet')).toBeNull();
    expect(checkXmrAddress(xmr('mainnet'), 'regtest')).toBeNull();
    expect(checkXmrAddress(xmr('mainnet', 'subaddress'), 'regtest')).toBeNull();
    expect(checkXmrAddress(xmr('stagenet'), 'stagenet')).toBeNull();
    expect(checkXmrAddress(xmr('stagenet', 'subaddress'), 'signet')).toBeNull();
    expect(checkXmrAddress(xmr('testnet'), 'testnet')).toBeNull();
  });
  it('every single wrong character is caught (checksum, keys or base58)', () => {
    const good = xmr('mainnet');
    expect(checkXmrAddress(changeAt(good, 0, B58), 'regtest')).toBe('A character is wrong: the address does not check out (it starts like a Monero stagenet address). A regtest Monero address starts with 4 or 8 (a regtest Monero node uses mainnet addresses).');
    for (let at = 1; at < good.length; at++) {
      const problem = checkXmrAddress(changeAt(good, at, B58), 'regtest');
      expect(problem, `position ${at + 1}`).toMatch(/^A character is wrong/);
    }
  });
  it('a testnet address on a regtest swap says regtest, and why mainnet-format', () => {
    expect(checkXmrAddress(xmr('testnet'), 'regtest')).toBe('This is a Monero testnet address. A regtest Monero address starts with 4 or 8 (a regtest Monero node uses mainnet addresses).');
    expect(checkXmrAddress(xmr('mainnet'), 'stagenet')).toBe('This is a Monero mainnet address. A stagenet Monero address starts with 5 or 7.');
    expect(checkXmrAddress(xmr('stagenet'), 'testnet')).toMatch(/starts with 9, A or B\.$/);
  });
  it('says what else is wrong', () => {
    expect(checkXmrAddress('', 'mainnet')).toMatch(/Enter a Monero address/);
    expect(checkXmrAddress(xmr('mainnet').slice(0, -1), 'mainnet')).toMatch(/95 characters; this one has 94/);
    const zero = `${xmr('mainnet').slice(0, 9)}0${xmr('mainnet').slice(10)}`;
    expect(checkXmrAddress(zero, 'mainnet')).toBe('Character 10 ("0") is not used in Monero addresses (base58: no 0, O, I or l, no spaces).');
    expect(checkXmrAddress(xmr('mainnet', 'integrated'), 'regtest')).toMatch(/Integrated Monero addresses are not accepted/);
  });
});
