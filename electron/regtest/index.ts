// Public entry of the regtest harness: real litecoind (Bitcoin stand-in) and monerod/monero-wallet-rpc for tests, sandbox and demo.
// Invariant: callers get only start functions whose instances clean themselves up (stop(), or process exit/SIGINT/SIGTERM);
// a caller-given data dir (the sandbox's) is stopped cleanly and kept, never removed.
export { startBtcRegtest, satsToBtcString, type BtcRegtest, type BtcRegtestOptions } from './btc-regtest';
export {
  startXmrRegtest,
  openOrCreateWallet,
  BURN_ADDRESS,
  type XmrRegtest,
  type XmrRegtestOptions,
  type WalletRpc,
  type FundedWallet,
} from './xmr-regtest';
export { freePort, portIsFree, reservePort } from './free-port';
