// The seed channels for the host: whether the seed is backed up, its words (asked on purpose), the
// person's check of them, and a restore from words, all through the signer process (the host never
// loads the seed). Guards: the words pass through and are never logged or stored here; the backed-up
// mark names the seed's fingerprint; a restore over ANOTHER seed happens only while no swap is
// unfinished (the old seed's keys may be needed to finish it); a restore proves the person holds
// the words, so it marks the restored seed backed up.
import type { SeedStatus } from '../../shared/ipc/seed-channels';
import type { SeedApi } from '../../shared/ipc/wallet-api';
import { checkSeedPicks } from '../../shared/crypto/seed-backup-check';
import type { SwapNetworkName } from '../../shared/networks/swap-networks';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { SignerClient } from '../signer/signer-client';
import { isBackedUp, readSeedBackupMark, writeSeedBackupMark } from './seed-backup-mark';

export interface WalletSeedDeps {
  readonly dataDir: string;
  readonly network: SwapNetworkName;
  /** The signer, once it answers (null while the wallet opens or when it could not start). */
  readonly signer: () => SignerClient | null;
  /** Why the wallet did not open (no keychain, signer failed), when it did not; null while it opens. */
  readonly failure?: () => string | null;
  /** Swaps of this wallet not finished yet (from the history index: readable before the daemon runs). */
  readonly unfinishedSwaps: () => Promise<number>;
  /** After a restore wrote another seed: the host shows the new fingerprint. */
  readonly onSeedChanged?: (fingerprint: string) => void;
  readonly log?: (line: string) => void;
  readonly now?: () => number;
}

export interface WalletSeed extends SeedApi {
  /** The seed in use was confirmed by the person (the swap gate asks this). */
  backedUp(): Promise<boolean>;
}

export function walletSeed(d: WalletSeedDeps): WalletSeed {
  const log = d.log ?? (() => undefined);
  const now = d.now ?? Date.now;
  const signer = (): Result<SignerClient, AppError> => {
    const s = d.signer();
    if (s) return ok(s);
    const failed = d.failure?.() ?? null;
    return err(failed ? appError('signer-unavailable', `The wallet seed cannot be reached: ${failed}`) : appError('signer-starting', 'The wallet is still opening its keychain; try again in a few seconds.'));
  };
  const status = async (): Promise<Result<SeedStatus, AppError>> => {
    const s = signer();
    if (!s.ok) return s;
    const st = await s.value.request({ kind: 'status' });
    if (!st.ok) return err(appError(st.error.kind, `The wallet seed cannot be read (${st.error.kind}): ${st.error.message}`));
    const fingerprint = st.value.seedFingerprint;
    return ok({
      backedUp: isBackedUp(readSeedBackupMark(d.dataDir), fingerprint),
      fingerprint,
      createdThisRun: st.value.seedCreated,
      required: d.network !== 'regtest',
      unfinishedSwaps: await d.unfinishedSwaps(),
    });
  };
  const words = async (): Promise<Result<string[], AppError>> => {
    const s = signer();
    if (!s.ok) return s;
    const w = await s.value.request({ kind: 'seed-words', confirm: true });
    return w.ok ? ok(w.value.words) : err(appError(w.error.kind, w.error.message));
  };
  return {
    seedStatus: status,
    async seedWords() {
      const w = await words();
      return w.ok ? ok({ words: w.value }) : w;
    },
    async confirmSeedBackup(req) {
      const w = await words();
      if (!w.ok) return w;
      const checked = checkSeedPicks(w.value, req.picks);
      if (!checked.ok) return checked;
      const st = await status();
      if (!st.ok) return st;
      writeSeedBackupMark(d.dataDir, { confirmedAt: now(), fingerprint: st.value.fingerprint });
      log(`seed ${st.value.fingerprint} backed up (the person checked ${req.picks.length} words)`);
      return ok({ ...st.value, backedUp: true });
    },
    async restoreSeed(req) {
      const s = signer();
      if (!s.ok) return s;
      let r = await s.value.request({ kind: 'seed-restore', words: req.words, replace: false });
      if (!r.ok && r.error.kind === 'seed-exists') {
        // Another seed is stored (on a new machine: the one made at first start). It may be replaced
        // only when no swap of this wallet still needs it.
        const unfinished = await d.unfinishedSwaps();
        if (unfinished > 0) {
          return err(
            appError(
              'seed-exists',
              `This wallet already has another seed, and ${unfinished} unfinished swap${unfinished === 1 ? '' : 's'} may need it: nothing was changed. Let them finish (or restore on a fresh data folder), then restore again.`,
            ),
          );
        }
        r = await s.value.request({ kind: 'seed-restore', words: req.words, replace: true });
      }
      if (!r.ok) return err(appError(r.error.kind, r.error.message));
      const fingerprint = r.value.seedFingerprint;
      writeSeedBackupMark(d.dataDir, { confirmedAt: now(), fingerprint });
      if (r.value.outcome !== 'same') d.onSeedChanged?.(fingerprint);
      log(`seed ${fingerprint} restored from words (${r.value.outcome})`);
      const st = await status();
      return st.ok ? ok({ status: st.value, outcome: r.value.outcome }) : st;
    },
    async backedUp() {
      const st = await status();
      return st.ok && st.value.backedUp;
    },
  };
}
