// The network-switch check's judges: a node on another chain, a Litecoin node off regtest, an old
// version or a node still syncing is refused with the reason; a fit node passes.
import { describe, expect, it } from 'vitest';
import { judgeBtc, judgeXmr } from './node-check';

const core = { version: 270000, subversion: '/Satoshi:27.0.0/' };
const synced = (chain: string) => ({ chain, blocks: 800_000, headers: 800_000, initialblockdownload: false });

describe('judgeBtc', () => {
  it('passes a synced Bitcoin Core 24+ on the network\'s chain', () => {
    expect(judgeBtc('mainnet', synced('main'), core)).toBeNull();
    expect(judgeBtc('testnet', synced('test'), core)).toBeNull();
    expect(judgeBtc('stagenet', synced('test'), core)).toBeNull();
    expect(judgeBtc('signet', synced('signet'), core)).toBeNull();
  });
  it('refuses a node on another chain', () => {
    expect(judgeBtc('mainnet', synced('test'), core)).toBe('is on the "test" chain, not mainnet\'s "main"');
    expect(judgeBtc('mainnet', synced('regtest'), core)).toMatch(/not mainnet/);
  });
  it('refuses a node still syncing, or behind its headers', () => {
    expect(judgeBtc('mainnet', { ...synced('main'), initialblockdownload: true }, core)).toMatch(/still syncing/);
    expect(judgeBtc('mainnet', { ...synced('main'), blocks: 799_000 }, core)).toMatch(/block 799000 of 800000/);
  });
  it('refuses Bitcoin Core older than 24 and Litecoin outside regtest', () => {
    expect(judgeBtc('mainnet', synced('main'), { version: 230000, subversion: '/Satoshi:23.0.0/' })).toMatch(/version 24 or newer/);
    const ltc = { version: 210201, subversion: '/LitecoinCore:0.21.2.1/' };
    expect(judgeBtc('mainnet', synced('main'), ltc)).toMatch(/Litecoin/);
    expect(judgeBtc('regtest', { ...synced('regtest'), initialblockdownload: true }, ltc)).toBeNull();
  });
});

describe('judgeXmr', () => {
  it('passes a synced monerod on the network\'s Monero chain, from nettype or the flags', () => {
    expect(judgeXmr('mainnet', { height: 3_000_000, nettype: 'mainnet', synchronized: true, version: '0.18.3.4' })).toBeNull();
    expect(judgeXmr('stagenet', { height: 1_500_000, stagenet: true, synchronized: true })).toBeNull();
    expect(judgeXmr('signet', { height: 1_500_000, nettype: 'stagenet', synchronized: true })).toBeNull();
    expect(judgeXmr('regtest', { height: 200, nettype: 'fakechain', synchronized: false })).toBeNull();
  });
  it('refuses another chain, an old version, a node still syncing', () => {
    expect(judgeXmr('mainnet', { height: 1, nettype: 'stagenet', synchronized: true })).toBe('is on Monero stagenet, not mainnet');
    expect(judgeXmr('mainnet', { height: 1, mainnet: true, synchronized: true, version: '0.17.3.2' })).toMatch(/0.18 or newer/);
    expect(judgeXmr('mainnet', { height: 10, nettype: 'mainnet', synchronized: false, target_height: 3_000_000 })).toMatch(/height 10 of 3000000/);
  });
});
