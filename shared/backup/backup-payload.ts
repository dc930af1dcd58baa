// What the encrypted backup holds (the plaintext: this JSON, gzipped by the writer): the client backup (client id, daemon id, each
// swap's parameters, the archived list) and the data directory's files the seed cannot rebuild (each
// swap's transcript and checkpoints, the client memos and XMR funding jobs, the peer identity and the
// taker keys a maker bound), as paths relative to the data directory. Guards: every path is one of
// these shapes (no `..`, no absolute path, nothing else), so restoring a file can never write outside
// the data directory or over anything but those files; the schema is checked before anything is written.
import { z } from 'zod';

export const BACKUP_PAYLOAD_FORMAT = 1;

const SWAP_HEX = '[0-9a-f]{32}';
/** The files a backup may carry, relative to the data dir (the app's layout: client/, daemon/). */
const BACKUP_PATH = new RegExp(
  [
    `daemon/transcripts/${SWAP_HEX}\\.fct`,
    `daemon/checkpoints/${SWAP_HEX}\\.[0-9]{1,12}\\.ckpt`,
    'daemon/peer/identity\\.key',
    `daemon/peer/takers/${SWAP_HEX}\\.key`,
    `client/${SWAP_HEX}\\.json`,
    `client/xmr-funding/${SWAP_HEX}\\.json`,
  ]
    .map((p) => `(?:${p})`)
    .join('|')
    .replace(/^/, '^(?:')
    .concat(')$'),
);

export const isBackupPath = (p: string): boolean => BACKUP_PATH.test(p);

export const BackupFileEntrySchema = z
  .object({
    path: z.string().max(200).refine(isBackupPath, 'not a file a backup carries'),
    /** The file's bytes, base64. */
    base64: z.string().max(64 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/),
  })
  .strict();

export const BackupPayloadSchema = z
  .object({
    format: z.literal(BACKUP_PAYLOAD_FORMAT),
    writtenAt: z.number().int().min(0),
    /** The client backup (electron-store / conf `client-backup.json`); swaps as stored, checked again on read. */
    client: z
      .object({
        clientId: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
        daemonId: z.string().max(4096).nullable(),
        swaps: z.record(z.string().regex(new RegExp(`^${SWAP_HEX}$`)), z.unknown()),
        archived: z.array(z.string().regex(new RegExp(`^${SWAP_HEX}$`))).max(100_000),
      })
      .strict(),
    files: z.array(BackupFileEntrySchema).max(100_000),
  })
  .strict();
export type BackupPayload = z.infer<typeof BackupPayloadSchema>;

/** The swaps a backup knows of: those with a client backup entry or a transcript. */
export function backupSwapIds(p: BackupPayload): string[] {
  const fromFiles = p.files.flatMap((f) => /^daemon\/transcripts\/([0-9a-f]{32})\.fct$/.exec(f.path)?.[1] ?? []);
  return [...new Set([...Object.keys(p.client.swaps), ...fromFiles])].sort();
}
