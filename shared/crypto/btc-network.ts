// Bitcoin network parameters as data: address prefixes and relay policy per network.
// Invariant: every address and dust decision names its network; litecoin-regtest exists for tests only.
export type BtcNetworkName = 'mainnet' | 'testnet' | 'regtest' | 'litecoin-regtest';

export interface BtcNetwork {
  readonly name: BtcNetworkName;
  /** @scure/btc-signer network shape */
  readonly bech32: string;
  readonly pubKeyHash: number;
  readonly scriptHash: number;
  readonly wif: number;
  /** -dustrelayfee in sat/kvB (Bitcoin Core 3000; litecoind 0.21 30000, `litecoind -help`). */
  readonly dustRelayFeeSatPerKvB: number;
  /** -minrelaytxfee in sat/kvB. */
  readonly minRelayFeeSatPerKvB: number;
}

export const BTC_NETWORKS: Readonly<Record<BtcNetworkName, BtcNetwork>> = {
  mainnet: { name: 'mainnet', bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, wif: 0x80, dustRelayFeeSatPerKvB: 3000, minRelayFeeSatPerKvB: 1000 },
  testnet: { name: 'testnet', bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef, dustRelayFeeSatPerKvB: 3000, minRelayFeeSatPerKvB: 1000 },
  regtest: { name: 'regtest', bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef, dustRelayFeeSatPerKvB: 3000, minRelayFeeSatPerKvB: 1000 },
  // litecoin `src/chainparams.cpp` regtest: the Bitcoin stand-in of our integration tests.
  'litecoin-regtest': { name: 'litecoin-regtest', bech32: 'rltc', pubKeyHash: 111, scriptHash: 58, wif: 239, dustRelayFeeSatPerKvB: 30000, minRelayFeeSatPerKvB: 1000 },
};
