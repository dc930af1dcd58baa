// The daemon-side implementation of every channel in shared/ipc/channels.ts, shared by the Electron
// main process and the browser host, so both expose exactly the same API.
import type { AppInfo, Settings, SettingsPatch } from '../../shared/ipc/channels';
import type { AppError, Result } from '../../shared/result';
import type { Handlers } from '../../shared/ipc/validate';
import type { WalletApi } from '../../shared/ipc/wallet-api';
import type { SettingsFile } from './settings-file';

export interface HostContext {
  info: AppInfo;
  settings: SettingsFile;
  wallet: WalletApi;
  /** Checked and applied settings changes (settings-change.ts); without it a change is only saved. */
  changeSettings?: (patch: SettingsPatch) => Promise<Result<Settings, AppError>>;
}

export function createHandlers(ctx: HostContext): Handlers {
  const w = ctx.wallet;
  return {
    'app:info': async () => ({ ok: true, value: ctx.info }),
    'app:status': async () => ({ ok: true, value: await w.status() }),
    'swaps:list': async () => ({ ok: true, value: await w.listSwaps() }),
    'settings:get': async () => ({ ok: true, value: ctx.settings.get() }),
    'settings:set': async (patch) => (ctx.changeSettings ? ctx.changeSettings(patch) : { ok: true, value: await ctx.settings.update(patch) }),
    'sandbox:offer': (r) => w.sandboxOffer(r),
    'sandbox:addresses': () => w.sandboxAddresses(),
    'offer:review': (r) => w.reviewOffer(r.offer),
    'swap:start': (r) => w.startSwap(r),
    'swap:get': (r) => w.getSwap(r.swapId),
    'swap:action': (r) => w.act(r.swapId, r.action),
    'offers:make': (r) => w.makeOffer(r),
    'offers:list': () => w.listOffers(),
    'offers:revoke': (r) => w.revokeOffer(r.offerId),
    'book:list': () => w.browseOffers(),
    'seed:status': () => w.seedStatus(),
    'seed:words': (r) => w.seedWords(r),
    'seed:confirm-backup': (r) => w.confirmSeedBackup(r),
    'seed:restore': (r) => w.restoreSeed(r),
    'swap:export-support': (r) => w.exportSupport(r.swapId, ctx.info.version),
    'swap:export-recovery': (r) => w.exportRecovery(r.swapId),
    'swap:manual': (r) => w.manualAction(r.swapId, r.action),
    'restore:run': (r) => w.restoreWallet(r),
    'restore:report': () => w.restoreReport(),
    'restore:dismiss': () => w.dismissRestoreReport(),
  };
}
