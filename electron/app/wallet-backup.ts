// The wallet's encrypted backup writer, as the opened wallet runs it: on when Settings name a folder
// (`backupDir`), sealed by the signer process, asked for after each checkpoint and each outcome (the
// service's notes) and once as the wallet opens. Guards: without a folder nothing is written, and on a
// real network the log says the swaps then depend on this machine's data folder; the key stays in the
// signer (only `backup-seal` is asked).
import type { Settings } from '../../shared/ipc/channels';
import type { SignerClient } from '../signer/signer-client';
import { backupSealerOver, createBackupWriter, type BackupWriter } from './backup-writer';
import type { KeyValueStore } from './client-backup';

export function walletBackupWriter(
  o: { readonly dataDir: string; readonly settings: Settings; readonly backupStore: KeyValueStore },
  signer: SignerClient,
  log: (line: string) => void,
): BackupWriter | null {
  const dir = o.settings.backupDir?.trim();
  if (!dir) {
    if (o.settings.network !== 'regtest') {
      log('backup: no backup folder in Settings, so no encrypted backup is written; a lost data folder in the middle of a swap cannot be restored from the seed alone. Choose a folder (another disk) in Settings.');
    }
    return null;
  }
  const w = createBackupWriter({ dataDir: o.dataDir, dir, kv: o.backupStore, sealer: backupSealerOver((body) => signer.request(body)), log });
  w.request('wallet opened');
  return w;
}
