// Opens everything a host (Electron main or the browser host) needs behind the channel table:
// the data dir, the settings file, the app info and the wallet (daemon, signer, sandbox). One
// function so both hosts behave the same; the host passes what differs (signer spawn, backup store).
// A settings change that touches the chains in use reopens the wallet on the new ones (settings-change.ts);
// one of the relays only moves the wallet's offer book to them. The host keeps one `opened` whose calls
// always reach the wallet open now.
import { checkSettingsNodes } from '../app/node-check';
import { openWallet, type OpenedWallet, type OpenWalletOptions } from '../app/open-wallet';
import type { RestoreApi, WalletApi } from '../../shared/ipc/wallet-api';
import { restoreApi } from '../app/restore-api';
import type { HostContext } from './api-handlers';
import { changeSettings } from './settings-change';
import { SettingsFile } from './settings-file';
import { APP_VERSION } from './version';
import { walletUnavailable } from './wallet-unavailable';

export interface HostOptions {
  readonly host: 'electron' | 'browser-host';
  readonly dataDir: string;
  /** Unset: no daemon in this host (the history still reads nothing; every swap call says why). */
  readonly wallet?: Omit<OpenWalletOptions, 'dataDir' | 'settings'>;
}

export async function openHostContext(opts: HostOptions): Promise<HostContext & { opened: OpenedWallet | null }> {
  const settings = await SettingsFile.open(opts.dataDir);
  const w = opts.wallet;
  let current: OpenedWallet | null = w ? openWallet({ ...w, dataDir: opts.dataDir, settings: settings.get() }) : null;
  const none = walletUnavailable('the swap daemon is not started in this host');
  // A restore stops the wallet, writes the backup's files and opens it again (restore-api.ts).
  const restore = restoreApi({
    dataDir: opts.dataDir,
    kv: w?.backupStore ?? null,
    current: () => current,
    reopenAfter: async (write) => {
      if (!w || !current) return write();
      await current.stop();
      try {
        return write();
      } finally {
        current = openWallet({ ...w, dataDir: opts.dataDir, settings: settings.get() });
        await current.ready;
      }
    },
    ...(w?.log ? { log: w.log } : {}),
  });
  const wallet: WalletApi = { ...followCurrent(() => current?.api ?? none), ...restore };
  const opened: OpenedWallet | null = current && {
    get api() {
      return wallet;
    },
    get ready() {
      return current!.ready;
    },
    get keychainLine() {
      return current!.keychainLine;
    },
    signer: () => current!.signer(),
    setRelays: (relays) => current!.setRelays(relays),
    stop: () => current!.stop(),
  };
  return {
    info: { version: APP_VERSION, host: opts.host, dataDir: opts.dataDir },
    settings,
    wallet,
    opened,
    changeSettings: (patch) =>
      changeSettings(
        {
          current: () => settings.get(),
          runningSwaps: async () => (await wallet.listSwaps()).filter((s) => s.outcome === 'running').length,
          check: checkSettingsNodes,
          save: (next) => settings.update(next),
          apply: async (next) => {
            if (!w || !current) return;
            // No swap runs (changeSettings refused otherwise): stopping the wallet loses nothing.
            await current.stop();
            current = openWallet({ ...w, dataDir: opts.dataDir, settings: next });
          },
          // Swaps may run: only the book's relay connections and the offers' announcement reopen.
          applyRelays: (next) => current?.setRelays(next.relays),
        },
        patch,
      ),
  };
}

/** A WalletApi whose every call goes to the wallet open at the time of the call. */
function followCurrent(get: () => Omit<WalletApi, keyof RestoreApi>): Omit<WalletApi, keyof RestoreApi> {
  return {
    status: () => get().status(),
    listSwaps: () => get().listSwaps(),
    sandboxOffer: (r) => get().sandboxOffer(r),
    sandboxAddresses: () => get().sandboxAddresses(),
    reviewOffer: (o) => get().reviewOffer(o),
    startSwap: (r) => get().startSwap(r),
    getSwap: (id) => get().getSwap(id),
    act: (id, a) => get().act(id, a),
    makeOffer: (r) => get().makeOffer(r),
    listOffers: () => get().listOffers(),
    revokeOffer: (id) => get().revokeOffer(id),
    browseOffers: () => get().browseOffers(),
    seedStatus: () => get().seedStatus(),
    seedWords: (r) => get().seedWords(r),
    confirmSeedBackup: (r) => get().confirmSeedBackup(r),
    restoreSeed: (r) => get().restoreSeed(r),
    exportSupport: (id, v) => get().exportSupport(id, v),
    exportRecovery: (id) => get().exportRecovery(id),
    manualAction: (id, a) => get().manualAction(id, a),
  };
}
