// The demo's taker-Alice paying from the swap's XMR funding wallet, as the app's person selling XMR
// does: her client gets the funding port (a wallet-rpc of its own, keys from her signer), and the
// harness plays the person, paying the funding address from her wallet ('full': the funding amount
// the page shows; 'short': half of it, so the lock never happens and the XMR must come back).
import type { SwapId } from '../../shared/ids';
import { moneroNetworkFor } from '../../shared/crypto/monero-address';
import { xmrFundingAddressOf } from '../../shared/crypto/xmr-funding-keys';
import { xmrFundingAmount } from '../../shared/protocol/xmr-funding';
import { inProcessSigner } from '../../electron/client/swap-signer';
import { xmrFundingPort, type XmrFundingPort } from '../../electron/client/xmr-funding-lock';
import type { Keychain } from '../../electron/keychain/keychain-port';
import type { FundedWallet, WalletRpc, XmrRegtest } from '../../electron/regtest';

export type AliceFundingMode = 'full' | 'short';

export interface AliceFundingPaid {
  readonly address: string;
  /** The funding amount (lock + fee reserve) and what the person paid. */
  readonly need: bigint;
  readonly paid: bigint;
}

export interface AliceFunding {
  readonly port: XmrFundingPort;
  /** The person pays the swap's funding address from `payer`. */
  pay(swapId: SwapId, lockPiconero: bigint, payer: FundedWallet): Promise<AliceFundingPaid>;
  stop(): Promise<void>;
}

export function aliceXmrFunding(xmr: XmrRegtest, keychain: Keychain, mode: AliceFundingMode): AliceFunding {
  const signer = inProcessSigner(keychain);
  const network = moneroNetworkFor('regtest');
  let rpc: Promise<WalletRpc> | undefined;
  const rpcFor = () => (rpc ??= xmr.startWalletRpc());
  const port = xmrFundingPort({ signer, network, rpcFor });
  return {
    port,
    async pay(swapId, lockPiconero, payer) {
      const keys = await signer.xmrFundingKeys({ swapId, role: 'alice' });
      if (!keys.ok) throw new Error(keys.error.message);
      const address = xmrFundingAddressOf(keys.value, network);
      if (!address.ok) throw new Error(address.error.message);
      const est = await xmr.daemonRpc<{ fee: number; quantization_mask: number }>('get_fee_estimate', {});
      const need = xmrFundingAmount(lockPiconero, { perByte: BigInt(est.fee), quantizationMask: BigInt(est.quantization_mask) });
      const paid = mode === 'full' ? need : need / 2n;
      await payer.wallet.rpc('transfer', { destinations: [{ amount: Number(paid), address: address.value }] });
      return { address: address.value, need, paid };
    },
    async stop() {
      if (rpc) await (await rpc.catch(() => null))?.stop();
    },
  };
}
