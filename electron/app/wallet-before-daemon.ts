// The channels' answers before and after the daemon runs: with the wallet service up, its answers;
// until then the history from the index file, a status saying what starts (or why it did not), and
// `daemon-starting` for every swap call. The Nostr offer book answers at once: it needs no daemon.
import type { AppStatus } from '../../shared/ipc/channels';
import type { RestoreApi, SeedApi, WalletApi } from '../../shared/ipc/wallet-api';
import { appError, err } from '../../shared/result';
import type { HistoryIndex } from './history-index';
import type { WalletBook } from './wallet-book';
import type { WalletService } from './wallet-service';

/** What the host knows while the wallet opens; read at each call. */
export interface OpeningState {
  service: WalletService | null;
  daemon: AppStatus['daemon'];
  sandbox: AppStatus['sandbox'];
  /** Which wallet and where its seed lives: known once the signer answered (Settings shows it). */
  wallet: AppStatus['wallet'];
  /** The offer book on the wallet's relays, open from the start (null: none in this wallet). */
  book: WalletBook | null;
}

export function walletApiWhileOpening(s: OpeningState, index: HistoryIndex): Omit<WalletApi, keyof SeedApi | keyof RestoreApi> {
  const notYet = async () => err(appError('daemon-starting', s.daemon.state === 'unavailable' ? `The swap daemon is not running: ${s.daemon.message}` : 'The swap daemon is still starting; try again in a few seconds.'));
  return {
    async status() {
      const st = s.service ? await s.service.status() : statusBeforeDaemon(s);
      return s.wallet ? { ...st, wallet: s.wallet } : st;
    },
    listSwaps: async () => (s.service ? s.service.listSwaps() : index.list()),
    sandboxOffer: (...a) => (s.service ? s.service.sandboxOffer(...a) : notYet()),
    sandboxAddresses: (...a) => (s.service ? s.service.sandboxAddresses(...a) : notYet()),
    reviewOffer: (...a) => (s.service ? s.service.reviewOffer(...a) : notYet()),
    startSwap: (...a) => (s.service ? s.service.startSwap(...a) : notYet()),
    getSwap: (...a) => (s.service ? s.service.getSwap(...a) : notYet()),
    act: (...a) => (s.service ? s.service.act(...a) : notYet()),
    makeOffer: (...a) => (s.service ? s.service.makeOffer(...a) : notYet()),
    listOffers: (...a) => (s.service ? s.service.listOffers(...a) : notYet()),
    revokeOffer: (...a) => (s.service ? s.service.revokeOffer(...a) : notYet()),
    exportSupport: (...a) => (s.service ? s.service.exportSupport(...a) : notYet()),
    exportRecovery: (...a) => (s.service ? s.service.exportRecovery(...a) : notYet()),
    manualAction: (...a) => (s.service ? s.service.manualAction(...a) : notYet()),
    browseOffers: (...a) => (s.book ? s.book.browseOffers(...a) : s.service ? s.service.browseOffers(...a) : notYet()),
  };
}

function statusBeforeDaemon(s: OpeningState): AppStatus {
  // The sandbox is usable only through the daemon: until it runs, say "starting", never "ready".
  const sandbox = s.sandbox.state === 'ready' ? { state: 'starting' as const, message: 'sandbox ready; starting the swap daemon' } : s.sandbox;
  return { daemon: s.daemon, chains: [], sandbox, notices: [] };
}
