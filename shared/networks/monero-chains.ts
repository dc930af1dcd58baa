// Monero chain parameters as data: address prefixes, the monero-wallet-rpc network flag, monerod's
// default RPC port and the block pace, per chain. Invariant: regtest is monerod's FAKECHAIN, which
// uses mainnet prefixes and takes no wallet network flag; every other chain has its own prefixes.
export type MoneroChainName = 'mainnet' | 'testnet' | 'stagenet' | 'regtest';
/** The networks a Monero address can name (regtest addresses are mainnet-format). */
export type MoneroAddressNetwork = 'mainnet' | 'testnet' | 'stagenet';
export type MoneroAddressKind = 'standard' | 'integrated' | 'subaddress';

/** Prefixes from Monero `src/cryptonote_config.h`. */
export const MONERO_PREFIXES: Readonly<Record<MoneroAddressNetwork, Readonly<Record<MoneroAddressKind, number>>>> = {
  mainnet: { standard: 18, integrated: 19, subaddress: 42 },
  testnet: { standard: 53, integrated: 54, subaddress: 63 },
  stagenet: { standard: 24, integrated: 25, subaddress: 36 },
};

export interface MoneroChain {
  readonly name: MoneroChainName;
  readonly addressNetwork: MoneroAddressNetwork;
  /** monero-wallet-rpc's network flag; it must match monerod's (`--testnet`, `--stagenet`), none for mainnet and FAKECHAIN. */
  readonly walletRpcFlag: '--testnet' | '--stagenet' | null;
  /** monerod's default --rpc-bind-port (cryptonote_config.h); regtest listens where mainnet does. */
  readonly rpcPort: number;
  /** Target seconds between blocks (DIFFICULTY_TARGET_V2); 0 where blocks come only when mined. */
  readonly blockSeconds: number;
  /** monerod `get_info.nettype` of a node on this chain (regtest is FAKECHAIN). */
  readonly nettype: 'mainnet' | 'testnet' | 'stagenet' | 'fakechain';
}

export const MONERO_CHAINS: Readonly<Record<MoneroChainName, MoneroChain>> = {
  mainnet: { name: 'mainnet', addressNetwork: 'mainnet', walletRpcFlag: null, rpcPort: 18081, blockSeconds: 120, nettype: 'mainnet' },
  testnet: { name: 'testnet', addressNetwork: 'testnet', walletRpcFlag: '--testnet', rpcPort: 28081, blockSeconds: 120, nettype: 'testnet' },
  stagenet: { name: 'stagenet', addressNetwork: 'stagenet', walletRpcFlag: '--stagenet', rpcPort: 38081, blockSeconds: 120, nettype: 'stagenet' },
  regtest: { name: 'regtest', addressNetwork: 'mainnet', walletRpcFlag: null, rpcPort: 18081, blockSeconds: 0, nettype: 'fakechain' },
};

export const MONERO_CHAIN_NAMES = Object.keys(MONERO_CHAINS) as [MoneroChainName, ...MoneroChainName[]];

/** The address network a chain's addresses carry (the lock address, payouts, sweep destinations). */
export const moneroAddressNetworkOf = (chain: MoneroChainName): MoneroAddressNetwork => MONERO_CHAINS[chain].addressNetwork;

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * The first character of every address with this one-byte prefix. Monero base58 encodes 8-byte blocks
 * as 11 characters, so the first character is the prefix byte's 2^56 range divided by 58^10.
 */
export function moneroLeadingChars(prefix: number): string[] {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 0x7f) throw new RangeError('one-byte varint prefixes only');
  const block = 58n ** 10n;
  const lo = Number((BigInt(prefix) << 56n) / block);
  const hi = Number(((BigInt(prefix + 1) << 56n) - 1n) / block);
  return Array.from({ length: hi - lo + 1 }, (_, i) => BASE58[lo + i]!);
}
