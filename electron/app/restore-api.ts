// The restore channels as the host answers them (restore:run, restore:report, restore:dismiss): the
// wallet open now lends its signer (to open the backup with the words' seed) and its seed and swap
// answers; the host lends the reopen (stop the wallet, write, open it again). Guards: without a wallet
// in this host every call says so and changes nothing; the report lives in the data folder until
// dismissed, so it survives a restart of the host.
import type { SwapSummary } from '../../shared/ipc/channels';
import type { RestoreApi, SeedApi } from '../../shared/ipc/wallet-api';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { SignerClient } from '../signer/signer-client';
import type { KeyValueStore } from './client-backup';
import { dismissRestoreReport, readRestoreReport } from './restore-report-file';
import { restoreWallet } from './restore-wallet';

export interface RestoreHost {
  readonly dataDir: string;
  /** The client backup's store; null: no wallet in this host. */
  readonly kv: KeyValueStore | null;
  /** The wallet open now: its signer (once it answers), seed channels and swap list. */
  readonly current: () => { readonly signer: () => SignerClient | null; readonly api: Pick<SeedApi, 'restoreSeed'> & { listSwaps(): Promise<SwapSummary[]> } } | null;
  readonly reopenAfter: <T>(write: () => T) => Promise<T>;
  readonly log?: (line: string) => void;
}

export function restoreApi(h: RestoreHost): RestoreApi {
  const none = () => err(appError('daemon-unavailable', 'No wallet runs in this host, so nothing can be restored here: start it without --no-daemon.'));
  return {
    async restoreWallet(req) {
      const cur = h.current();
      if (!cur || !h.kv) return none();
      return restoreWallet(
        {
          dataDir: h.dataDir,
          kv: h.kv,
          async openWithWords(file, words): Promise<Result<Uint8Array, AppError>> {
            const signer = cur.signer();
            if (!signer) return err(appError('signer-starting', 'The wallet is still opening its keychain; try again in a few seconds.'));
            const r = await signer.request({ kind: 'backup-open', file: Buffer.from(file).toString('base64'), words });
            return r.ok ? ok(new Uint8Array(Buffer.from(r.value.payload, 'base64'))) : err(appError(r.error.kind, r.error.message));
          },
          restoreSeed: (r) => cur.api.restoreSeed(r),
          // After a reopen the wallet open now is another one: ask it, not `cur`.
          listSwaps: async () => (await (h.current()?.api.listSwaps() ?? Promise.resolve([]))) as SwapSummary[],
          reopenAfter: h.reopenAfter,
          ...(h.log ? { log: h.log } : {}),
        },
        req,
      );
    },
    restoreReport: async () => ok(readRestoreReport(h.dataDir)),
    dismissRestoreReport: async () => ok({ dismissed: dismissRestoreReport(h.dataDir) }),
  };
}
