// The person's own wallets as the headless client sees them: where funds come from and go to.
import type { AppError, Result } from '../../shared/result';
import type { FundingUtxo } from './funding-sweep';

/** The person's own wallets, outside the swap: where funds come from and go to. */
export interface ClientWallet {
  /** Alice's BTC payout / Bob's BTC refund address (on the swap's network). */
  btcAddress(role: 'alice' | 'bob'): Promise<string>;
  /** Where swept XMR goes. */
  xmrDestination(): Promise<string>;
  /** Current XMR height: the restore lower bound of the joint wallet (pitfall 11.2 #4). */
  xmrHeight(): Promise<number>;
  /** Output index paying `address` in `txid` (Bob's funding). */
  fundingVout(txid: string, address: string): Promise<Result<number, AppError>>;
  /**
   * Confirmed unspent outputs at `address` (Bob's funding address after an abort). With `broadcast`,
   * the client sweeps them back to `btcAddress('bob')`; without, it only logs (a person sweeps with the seed).
   */
  fundingUtxos?(address: string): Promise<Result<FundingUtxo[], AppError>>;
  /** Broadcast a signed transaction; a transaction the node already has is a success. Returns its txid. */
  broadcast?(hex: string): Promise<Result<string, AppError>>;
  /** Only when the person agreed (the demo's taker does): pay exactly this. */
  payBtc?(address: string, sats: bigint): Promise<Result<string, AppError>>;
  payXmr?(address: string, piconero: bigint): Promise<Result<string, AppError>>;
}
