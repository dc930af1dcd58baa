// Opens everything a host (Electron main or the browser host) needs behind the channel table:
// the data dir, the settings file, the app info. One function so both hosts behave the same.
import type { HostContext } from './api-handlers';
import { SettingsFile } from './settings-file';
import { APP_VERSION } from './version';
import { walletUnavailable } from './wallet-unavailable';

export async function openHostContext(opts: { host: 'electron' | 'browser-host'; dataDir: string }): Promise<HostContext> {
  const settings = await SettingsFile.open(opts.dataDir);
  return {
    info: { version: APP_VERSION, host: opts.host, dataDir: opts.dataDir },
    settings,
    wallet: walletUnavailable('the swap daemon is not started in this host'),
  };
}
