// Bitcoin network parameters: a view of the chain table in shared/networks/bitcoin-chains.ts, kept so
// the crypto code and its callers name them where they always did.
export { BTC_NETWORKS, type BtcNetwork, type BtcNetworkName } from '../networks/bitcoin-chains';
