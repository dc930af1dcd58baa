// Bitcoin chain parameters as data: address encodings, relay policy, the node's default RPC port and
// the block pace, per chain. Invariant: every address, dust and port decision names its chain;
// litecoin-regtest (the Bitcoin Core 0.21 stand-in on test machines) exists for tests and the sandbox only.
export type BtcNetworkName = 'mainnet' | 'testnet' | 'signet' | 'regtest' | 'litecoin-regtest';

export interface BtcNetwork {
  readonly name: BtcNetworkName;
  /** @scure/btc-signer network shape: bech32 HRP and base58 version bytes (Bitcoin Core `chainparams.cpp`). */
  readonly bech32: string;
  readonly pubKeyHash: number;
  readonly scriptHash: number;
  readonly wif: number;
  /** -dustrelayfee in sat/kvB (Bitcoin Core 3000; litecoind 0.21 30000, `litecoind -help`). */
  readonly dustRelayFeeSatPerKvB: number;
  /** -minrelaytxfee in sat/kvB. */
  readonly minRelayFeeSatPerKvB: number;
  /** The node's default -rpcport, what Settings proposes for a node on this computer. */
  readonly rpcPort: number;
  /** Target seconds between blocks; 0 where blocks come only when someone mines them (regtest). */
  readonly blockSeconds: number;
  /** `getblockchaininfo.chain` of a node on this chain: the worker and the node check refuse another one. */
  readonly coreChain: 'main' | 'test' | 'signet' | 'regtest';
}

const relay = { dustRelayFeeSatPerKvB: 3000, minRelayFeeSatPerKvB: 1000 } as const;
const testnetBase58 = { pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef } as const;

export const BTC_NETWORKS: Readonly<Record<BtcNetworkName, BtcNetwork>> = {
  mainnet: { name: 'mainnet', bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, wif: 0x80, ...relay, rpcPort: 8332, blockSeconds: 600, coreChain: 'main' },
  testnet: { name: 'testnet', bech32: 'tb', ...testnetBase58, ...relay, rpcPort: 18332, blockSeconds: 600, coreChain: 'test' },
  // Signet shares testnet's encodings (BIP325): only the node tells the two apart.
  signet: { name: 'signet', bech32: 'tb', ...testnetBase58, ...relay, rpcPort: 38332, blockSeconds: 600, coreChain: 'signet' },
  regtest: { name: 'regtest', bech32: 'bcrt', ...testnetBase58, ...relay, rpcPort: 18443, blockSeconds: 0, coreChain: 'regtest' },
  // litecoin `src/chainparams.cpp` regtest: the Bitcoin stand-in of our integration tests and the sandbox.
  'litecoin-regtest': { name: 'litecoin-regtest', bech32: 'rltc', pubKeyHash: 111, scriptHash: 58, wif: 239, dustRelayFeeSatPerKvB: 30000, minRelayFeeSatPerKvB: 1000, rpcPort: 19443, blockSeconds: 0, coreChain: 'regtest' },
};
