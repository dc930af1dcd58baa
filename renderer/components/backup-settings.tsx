// The encrypted backup's folder in Settings (Settings.backupDir): after each checkpoint the wallet
// replaces `fcswap-backup.enc` there, sealed with a key from the seed. Restoring takes the seed's words
// plus that file. Empty: no backup is written (on a real network a lost data folder mid-swap is then
// lost). The folder is used from the next start of the wallet.
import { useEffect, useState } from 'react';
import type { Settings } from '../../shared/ipc/channels';
import { useApp } from '../store';

export function BackupSettings({ settings }: { settings: Settings }) {
  const save = useApp((s) => s.saveSettings);
  const [dir, setDir] = useState(settings.backupDir ?? '');
  const [busy, setBusy] = useState(false);
  useEffect(() => setDir(settings.backupDir ?? ''), [settings]);
  const changed = dir.trim() !== (settings.backupDir ?? '');
  return (
    <section className="card form" aria-labelledby="backup-title" data-testid="backup-settings">
      <h2 id="backup-title">Encrypted backup</h2>
      <p className="hint" id="backup-hint">
        After each step that matters, the wallet writes <span className="mono">fcswap-backup.enc</span> into this folder: your swaps&apos; records, encrypted with a key
        from your seed. With your seed words and this file, a new computer carries on every unfinished swap. Choose a folder on another disk or a synced drive. Used from
        the next start of the wallet.
      </p>
      {!settings.backupDir && settings.network !== 'regtest' && (
        <p className="why" role="note" data-testid="backup-none">
          No backup folder: if this computer&apos;s data folder is lost during a swap, your seed alone cannot finish it.
        </p>
      )}
      <label htmlFor="backup-dir">Backup folder</label>
      <input id="backup-dir" className="mono" value={dir} placeholder="/path/to/another/disk/swap-backup" spellCheck={false} autoComplete="off" aria-describedby="backup-hint" data-testid="backup-dir" onChange={(e) => setDir(e.target.value)} />
      <div className="actions">
        <button
          type="button"
          data-testid="backup-dir-save"
          disabled={!changed || busy}
          onClick={() => {
            setBusy(true);
            void save({ backupDir: dir.trim() }).finally(() => setBusy(false));
          }}
        >
          {dir.trim() === '' && settings.backupDir ? 'Stop writing backups' : 'Save'}
        </button>
      </div>
    </section>
  );
}
