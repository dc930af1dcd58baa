// The network tables' invariants (wire bytes, eigenwallet minimums on mainnet, temporal safety of every
// network's defaults, ports) and the monero-wallet-rpc command line per network and per node trust.
import { describe, expect, it } from 'vitest';
import { temporalSafetyProblem } from '../protocol/temporal-safety';
import { BTC_NETWORKS } from './bitcoin-chains';
import { MONERO_CHAIN_NAMES, MONERO_CHAINS, MONERO_PREFIXES, moneroLeadingChars } from './monero-chains';
import { SWAP_NETWORK_NAMES, SWAP_NETWORKS, swapNetworkByWire } from './swap-networks';
import { walletRpcArgs, walletRpcNetworkArgs } from './wallet-rpc-args';

describe('swap network table', () => {
  it('wire bytes are unique and the first three keep their meaning (0 mainnet, 1 testnet, 2 regtest); stagenet 3, signet 4', () => {
    const wires = SWAP_NETWORK_NAMES.map((n) => SWAP_NETWORKS[n].wire);
    expect(new Set(wires).size).toBe(wires.length);
    expect(Object.fromEntries(SWAP_NETWORK_NAMES.map((n) => [n, SWAP_NETWORKS[n].wire]))).toEqual({ mainnet: 0, testnet: 1, regtest: 2, stagenet: 3, signet: 4 });
    for (const n of SWAP_NETWORK_NAMES) expect(swapNetworkByWire(SWAP_NETWORKS[n].wire)).toBe(n);
    expect(swapNetworkByWire(5)).toBeUndefined();
  });

  it('pairings: stagenet = BTC testnet + XMR stagenet, signet = BTC signet + XMR stagenet; only regtest has a sandbox chain', () => {
    expect(SWAP_NETWORKS.mainnet).toMatchObject({ btc: 'mainnet', xmr: 'mainnet' });
    expect(SWAP_NETWORKS.testnet).toMatchObject({ btc: 'testnet', xmr: 'testnet' });
    expect(SWAP_NETWORKS.regtest).toMatchObject({ btc: 'regtest', xmr: 'regtest', sandboxBtc: 'litecoin-regtest' });
    expect(SWAP_NETWORKS.stagenet).toMatchObject({ btc: 'testnet', xmr: 'stagenet' });
    expect(SWAP_NETWORKS.signet).toMatchObject({ btc: 'signet', xmr: 'stagenet' });
    for (const n of SWAP_NETWORK_NAMES) if (n !== 'regtest') expect('sandboxBtc' in SWAP_NETWORKS[n]).toBe(false);
  });

  it("mainnet defaults are at least eigenwallet's: cancel >= 72 blocks, punish >= 144, XMR finality >= 10", () => {
    const m = SWAP_NETWORKS.mainnet;
    expect(m.cancelTimelock).toBeGreaterThanOrEqual(72);
    expect(m.punishTimelock).toBeGreaterThanOrEqual(144);
    expect(m.xmrFinality).toBeGreaterThanOrEqual(10);
    expect(m.btcFinality).toBeGreaterThanOrEqual(1);
  });

  it.each(SWAP_NETWORK_NAMES)('%s: its default timelocks pass temporal safety with its own finality and margin', (n) => {
    const s = SWAP_NETWORKS[n];
    expect(temporalSafetyProblem({ finality: s.btcFinality, safety: s.btcSafety, cancel: s.cancelTimelock, punish: s.punishTimelock })).toBeNull();
  });

  it.each(SWAP_NETWORK_NAMES)('%s: amount bounds and fee floor/cap are ordered and the floor is the relay minimum', (n) => {
    const s = SWAP_NETWORKS[n];
    expect(s.minBtcSats).toBeLessThan(s.maxBtcSats);
    expect(s.maxBtcSats).toBe(21_000_000n * 100_000_000n);
    expect(s.minXmrPiconero).toBeGreaterThan(0n);
    expect(s.maxXmrPiconero).toBe((1n << 64n) - 1n);
    expect(s.minFeeSatPerKvB).toBeGreaterThanOrEqual(BTC_NETWORKS[s.btc].minRelayFeeSatPerKvB);
    expect(s.minFeeSatPerKvB).toBeLessThan(s.maxFeeSatPerKvB);
  });
});

describe('chain tables', () => {
  it('default RPC ports: bitcoind 8332/18332/38332/18443, monerod 18081/28081/38081 (regtest where mainnet listens)', () => {
    expect([BTC_NETWORKS.mainnet.rpcPort, BTC_NETWORKS.testnet.rpcPort, BTC_NETWORKS.signet.rpcPort, BTC_NETWORKS.regtest.rpcPort]).toEqual([8332, 18332, 38332, 18443]);
    expect([MONERO_CHAINS.mainnet.rpcPort, MONERO_CHAINS.testnet.rpcPort, MONERO_CHAINS.stagenet.rpcPort, MONERO_CHAINS.regtest.rpcPort]).toEqual([18081, 28081, 38081, 18081]);
  });

  it('block pace: 600 s Bitcoin, 120 s Monero, 0 (on demand) on regtest', () => {
    expect(BTC_NETWORKS.mainnet.blockSeconds).toBe(600);
    expect(BTC_NETWORKS.signet.blockSeconds).toBe(600);
    expect(BTC_NETWORKS.regtest.blockSeconds).toBe(0);
    expect(MONERO_CHAINS.stagenet.blockSeconds).toBe(120);
    expect(MONERO_CHAINS.regtest.blockSeconds).toBe(0);
  });

  it('the first characters of each Monero prefix (what the renderer pre-checks)', () => {
    const leads = (n: keyof typeof MONERO_PREFIXES) => [MONERO_PREFIXES[n].standard, MONERO_PREFIXES[n].integrated, MONERO_PREFIXES[n].subaddress].map((p) => moneroLeadingChars(p).join(''));
    expect(leads('mainnet')).toEqual(['4', '4', '8']);
    // Testnet's standard prefix 53 straddles two characters: its addresses start with 9 or A.
    expect(leads('testnet')).toEqual(['9A', 'A', 'B']);
    expect(leads('stagenet')).toEqual(['5', '5', '7']);
    expect(() => moneroLeadingChars(200)).toThrow(RangeError);
  });
});

describe('monero-wallet-rpc command line', () => {
  it('network flag per Monero chain and trust flag per node', () => {
    expect(walletRpcNetworkArgs('mainnet', true)).toEqual(['--trusted-daemon']);
    expect(walletRpcNetworkArgs('mainnet', false)).toEqual(['--untrusted-daemon']);
    expect(walletRpcNetworkArgs('testnet', true)).toEqual(['--testnet', '--trusted-daemon']);
    expect(walletRpcNetworkArgs('testnet', false)).toEqual(['--testnet', '--untrusted-daemon']);
    expect(walletRpcNetworkArgs('stagenet', true)).toEqual(['--stagenet', '--trusted-daemon']);
    expect(walletRpcNetworkArgs('stagenet', false)).toEqual(['--stagenet', '--untrusted-daemon']);
    // FAKECHAIN: monerod --regtest; the wallet takes mainnet's (no) flag.
    expect(walletRpcNetworkArgs('regtest', true)).toEqual(['--trusted-daemon']);
    expect(walletRpcNetworkArgs('regtest', false)).toEqual(['--untrusted-daemon']);
  });

  it.each(MONERO_CHAIN_NAMES.flatMap((n) => [[n, true], [n, false]] as const))('%s, trusted %s: exactly one network flag at most, exactly one trust flag, loopback RPC', (network, trusted) => {
    const argv = walletRpcArgs({ network, trustedDaemon: trusted, daemonAddress: 'node.example:18089', daemonSsl: true, rpcPort: 40123, configFile: '/w/x.conf', walletDir: '/w', ringdbDir: '/w/ringdb', logFile: '/w/x.log' });
    const flags = argv.filter((a) => a === '--testnet' || a === '--stagenet');
    expect(flags).toEqual(MONERO_CHAINS[network].walletRpcFlag ? [MONERO_CHAINS[network].walletRpcFlag] : []);
    expect(argv.filter((a) => /^--(un)?trusted-daemon$/.test(a))).toEqual([trusted ? '--trusted-daemon' : '--untrusted-daemon']);
    const at = (k: string) => argv[argv.indexOf(k) + 1];
    expect(at('--daemon-address')).toBe('node.example:18089');
    expect(at('--daemon-ssl')).toBe('enabled');
    expect(at('--rpc-bind-ip')).toBe('127.0.0.1');
    expect(at('--rpc-bind-port')).toBe('40123');
    expect(at('--config-file')).toBe('/w/x.conf');
    expect(argv.join(' ')).not.toMatch(/password|rpc-login/);
  });
});
