// The wallet API when no daemon runs (still starting, or it failed): every swap call answers with a
// typed error that says why; the history stays readable through `listSwaps`.
import type { AppStatus, SwapSummary } from '../../shared/ipc/channels';
import { appError, err } from '../../shared/result';
import type { WalletApi } from '../../shared/ipc/wallet-api';

export function walletUnavailable(message: string, listSwaps: () => Promise<SwapSummary[]> = async () => []): WalletApi {
  const no = async () => err(appError('daemon-unavailable', message));
  const status: AppStatus = {
    daemon: { state: 'unavailable', message },
    chains: [],
    sandbox: { state: 'off', message: 'the sandbox is not running' },
    notices: [],
  };
  return { status: async () => status, listSwaps, sandboxOffer: no, sandboxAddresses: no, reviewOffer: no, startSwap: no, getSwap: no, act: no, makeOffer: no, listOffers: no, revokeOffer: no, browseOffers: no, seedStatus: no, seedWords: no, confirmSeedBackup: no, restoreSeed: no, exportSupport: no, exportRecovery: no, manualAction: no, restoreWallet: no, restoreReport: no, dismissRestoreReport: no };
}
