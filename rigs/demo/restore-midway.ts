// The demo's `--restore-midway` run (issue #23): Bob's wallet keeps a client backup and writes the
// encrypted backup file after each checkpoint into a folder outside his data dir (as the app does with
// Settings.backupDir); once his BTC lock is on the node he is stopped, his data dir and his keychain
// entry are deleted (a dead laptop), and he comes back on an empty data dir from his 24 words (the
// signer's seed-restore) plus the latest backup file (restoreFromBackup), his deal read back from the
// restored client backup. Invariant: nothing of the old machine but the words and the backup file
// reaches the restored Bob.
import fs from 'node:fs';
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { Deal } from '../../shared/protocol/deal';
import { createBackupWriter, inProcessBackupSealer, type BackupWriter } from '../../electron/app/backup-writer';
import { restoreFromBackup } from '../../electron/app/backup-restore';
import { ClientBackup, fileKeyValueStore, type BackedUpSwap } from '../../electron/app/client-backup';
import type { ClientNote } from '../../electron/daemon/daemon-ports';
import type { SwapNode } from '../../electron/daemon/swap-node';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT, type Keychain } from '../../electron/keychain/keychain-port';
import { createSignerCore } from '../../electron/signer/signer-core';
import { SeedWordsValueSchema } from '../../electron/signer/signer-protocol';

export interface RestoreMidway {
  /** The swap's parameters into Bob's client backup, before the swap starts (as the app does). */
  saveSwap(s: BackedUpSwap): void;
  /** Bob's node notes: a checkpoint or an outcome asks for a backup. */
  note(swapId: SwapId, n: ClientNote): void;
  /**
   * Waits for Bob's lock on the node, stops him, wipes his data dir and keychain entry, restores both
   * and hands the restored deal to `restart` (which starts his node again and recovers).
   */
  run(bob: SwapNode, swapId: SwapId, restart: (deal: Deal) => Promise<void>): Promise<void>;
  readonly writer: BackupWriter;
}

export function restoreMidway(o: { readonly work: string; readonly keychain: Keychain; readonly say: (l: string) => void }): RestoreMidway {
  const dataDir = path.join(o.work, 'bob');
  const backupDir = path.join(o.work, 'bob-backup-folder');
  const kv = fileKeyValueStore(dataDir);
  const client = new ClientBackup(kv);
  const signerCore = () => createSignerCore({ keychain: o.keychain });
  const writer = createBackupWriter({ dataDir, dir: backupDir, kv, sealer: inProcessBackupSealer(signerCore()), log: (l) => o.say(`[bob] ${l}`) });
  return {
    writer,
    saveSwap: (s) => client.saveSwap(s),
    note(swapId, n) {
      if (n.kind === 'outcome' || (n.kind === 'progress' && n.entry.kind === 'checkpoint')) writer.request(`${n.kind === 'outcome' ? 'outcome' : `checkpoint ${n.entry.kind === 'checkpoint' ? n.entry.name : ''}`} of ${swapId.slice(0, 8)}`);
    },
    async run(bob, swapId, restart) {
      // The words, as the person wrote them down on the first day.
      const shown = (await signerCore().handle({ id: 1, body: { kind: 'seed-words', confirm: true } })).result;
      if (!shown.ok) throw new Error(`seed-words: ${shown.error.message}`);
      const words = SeedWordsValueSchema.parse(shown.value).words.join(' ');
      for (;;) {
        const st = bob.daemon.actor(swapId)?.record.core;
        if (st && st.broadcasts['lock'] && (st.txs['lock']?.confs ?? null) !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await writer.idle();
      const last = writer.lastWritten();
      if (!last) throw new Error(`no backup was written before the lock: ${writer.lastError() ?? 'no checkpoint noted'}`);
      o.say(`[bob] his BTC lock is on the node; the latest backup (${last.bytes} bytes) is in ${backupDir}; his machine dies`);
      await bob.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      const del = await o.keychain.delete(KEYCHAIN_SERVICE, SEED_ACCOUNT);
      if (!del.ok) throw new Error(`keychain delete: ${del.error.message}`);
      if ((await o.keychain.get(KEYCHAIN_SERVICE, SEED_ACCOUNT)).ok || fs.existsSync(dataDir)) throw new Error('the old machine is not gone');
      o.say('[bob] data dir and keychain entry deleted; restoring from his 24 words and the backup file');
      const core = signerCore();
      const seeded = (await core.handle({ id: 1, body: { kind: 'seed-restore', words, replace: false } })).result;
      if (!seeded.ok) throw new Error(`seed-restore: ${seeded.error.message}`);
      const r = await restoreFromBackup(dataDir, path.join(backupDir, 'fcswap-backup.enc'), inProcessBackupSealer(core));
      if (!r.ok) throw new Error(`restore: ${r.error.message}`);
      o.say(`[bob] restored ${r.value.files} files of ${r.value.swapIds.length} swap(s) from the backup written ${((Date.now() - r.value.writtenAt) / 1000).toFixed(1)} s ago`);
      const deal = new ClientBackup(fileKeyValueStore(dataDir)).swap(swapId)?.deal;
      if (!deal) throw new Error(`the restored client backup has no swap ${swapId}`);
      await restart(deal);
    },
  };
}
