// The "backed up" mark of the wallet seed: <data>/seed-backup.json {confirmedAt, fingerprint}, written
// when the person picked the right words. Guards: the mark names the seed's fingerprint, so a restored
// or other seed is not taken as backed up; a missing or damaged file is "not backed up", never an
// error; the file holds no word and no byte of the seed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-file';

export const SEED_BACKUP_FILE = 'seed-backup.json';

const MarkSchema = z.object({ confirmedAt: z.number().int().min(0), fingerprint: z.string().regex(/^[0-9a-f]{8}$/) }).strict();
export type SeedBackupMark = z.infer<typeof MarkSchema>;

export function readSeedBackupMark(dataDir: string): SeedBackupMark | null {
  try {
    const m = MarkSchema.safeParse(JSON.parse(readFileSync(path.join(dataDir, SEED_BACKUP_FILE), 'utf8')));
    return m.success ? m.data : null;
  } catch {
    return null;
  }
}

export function writeSeedBackupMark(dataDir: string, mark: SeedBackupMark): void {
  writeFileAtomic(path.join(dataDir, SEED_BACKUP_FILE), JSON.stringify(mark) + '\n', 0o600);
}

/** The seed of this fingerprint was confirmed by the person. */
export const isBackedUp = (mark: SeedBackupMark | null, fingerprint: string): boolean => mark?.fingerprint === fingerprint;
