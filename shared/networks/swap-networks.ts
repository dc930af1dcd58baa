// The networks a swap runs on (what Settings and offers name), each a pairing of a Bitcoin chain and a
// Monero chain with the swap defaults for it: wire byte, amount bounds, fee floor and cap, finality,
// safety margin and default timelocks. Guards: an offer for a network not in this table never parses;
// wire bytes are never reused; mainnet defaults are at least as safe as eigenwallet's (xmr-btc-swap
// `env.rs` Mainnet: cancel 72 blocks, punish 144 blocks, 10 XMR confirmations).
import type { BtcNetworkName } from './bitcoin-chains';
import type { MoneroChainName } from './monero-chains';

export interface SwapNetwork {
  /** Byte on the offer wire; never reuse a retired value (0..2 are the original three). */
  readonly wire: number;
  readonly btc: BtcNetworkName;
  readonly xmr: MoneroChainName;
  /** The Bitcoin chain the local sandbox runs instead (litecoind regtest), when this network has a sandbox. */
  readonly sandboxBtc?: BtcNetworkName;
  /** Smallest BTC amount (sats): standard dust limit (546, the P2PKH one, the strictest of the output types). */
  readonly minBtcSats: bigint;
  /** Largest BTC amount (sats): the 21 million coin supply; more is a typo, never a trade. */
  readonly maxBtcSats: bigint;
  /** Monero has no dust rule; an amount still has to be positive. */
  readonly minXmrPiconero: bigint;
  /** The offer's 64-bit amount field (Monero amounts are uint64 on chain too). */
  readonly maxXmrPiconero: bigint;
  /** Bitcoin Core's default minimum relay fee; a lower fixed fee would never confirm. */
  readonly minFeeSatPerKvB: number;
  /** A fee above this is a typo (1000 sat/vB), not a strategy. */
  readonly maxFeeSatPerKvB: number;
  /** Taker's default BTC finality (confirmations) and race safety margin (blocks), protocol.md section 12. */
  readonly btcFinality: number;
  readonly btcSafety: number;
  /** Default XMR finality (confirmations) for the deal a taker derives from the offer. */
  readonly xmrFinality: number;
  /** Default timelocks (blocks) a maker offers on this network; both pass temporal-safety.ts with the defaults above. */
  readonly cancelTimelock: number;
  readonly punishTimelock: number;
}

const U64_MAX = (1n << 64n) - 1n;
const amounts = { minBtcSats: 546n, maxBtcSats: 21_000_000n * 100_000_000n, minXmrPiconero: 1n, maxXmrPiconero: U64_MAX } as const;
const fees = { minFeeSatPerKvB: 1000, maxFeeSatPerKvB: 1_000_000 } as const;
/** Public test chains: coins without value, so one confirmation is final enough and swaps stay short. */
const publicTest = { ...amounts, ...fees, btcFinality: 1, btcSafety: 3, xmrFinality: 1, cancelTimelock: 12, punishTimelock: 24 } as const;

export const SWAP_NETWORKS = {
  // Cancel after 72 blocks (~12 h) and punish 144 blocks after it, as eigenwallet; finality 6 and a
  // 7-block margin leave Alice a buy window of 65 blocks.
  mainnet: { wire: 0, btc: 'mainnet', xmr: 'mainnet', ...amounts, ...fees, btcFinality: 6, btcSafety: 7, xmrFinality: 10, cancelTimelock: 72, punishTimelock: 144 },
  testnet: { wire: 1, btc: 'testnet', xmr: 'testnet', ...publicTest },
  regtest: { wire: 2, btc: 'regtest', xmr: 'regtest', sandboxBtc: 'litecoin-regtest', ...amounts, ...fees, btcFinality: 1, btcSafety: 3, xmrFinality: 1, cancelTimelock: 60, punishTimelock: 80 },
  // The pairing farcaster-node and xmr-btc-swap use for public testing: Bitcoin testnet with Monero stagenet.
  stagenet: { wire: 3, btc: 'testnet', xmr: 'stagenet', ...publicTest },
  signet: { wire: 4, btc: 'signet', xmr: 'stagenet', ...publicTest },
} as const satisfies Record<string, SwapNetwork>;

export type SwapNetworkName = keyof typeof SWAP_NETWORKS;
export const SWAP_NETWORK_NAMES = Object.keys(SWAP_NETWORKS) as [SwapNetworkName, ...SwapNetworkName[]];

export const swapNetworkByWire = (wire: number): SwapNetworkName | undefined => SWAP_NETWORK_NAMES.find((n) => SWAP_NETWORKS[n].wire === wire);

/** The Monero chain of a swap network (the lock address's prefix and the wallet-rpc flag follow from it). */
export const moneroChainOf = (network: SwapNetworkName): MoneroChainName => SWAP_NETWORKS[network].xmr;
