// Opens everything a host (Electron main or the browser host) needs behind the channel table:
// the data dir, the settings file, the app info and the wallet (daemon, signer, sandbox). One
// function so both hosts behave the same; the host passes what differs (signer spawn, backup store).
import { openWallet, type OpenedWallet, type OpenWalletOptions } from '../app/open-wallet';
import type { HostContext } from './api-handlers';
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
  const opened = opts.wallet ? openWallet({ ...opts.wallet, dataDir: opts.dataDir, settings: settings.get() }) : null;
  return {
    info: { version: APP_VERSION, host: opts.host, dataDir: opts.dataDir },
    settings,
    wallet: opened ? opened.api : walletUnavailable('the swap daemon is not started in this host'),
    opened,
  };
}
