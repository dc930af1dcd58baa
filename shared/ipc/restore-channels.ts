// The schemas of the restore channels (restore:*): a restore from the 24 words and, when the person
// has it, the encrypted backup file (its bytes read by the page, sent base64), answered with the
// restore report (shared/backup/restore-report.ts); the report again until the person dismisses it.
// Kept beside channels.ts, which lists it in its table. Guards: the file is bounded
// (RESTORE_BACKUP_MAX_BYTES, the same on both hosts); the words are bounded and never answered back;
// the host checks the file opens with the words' seed before it changes anything.
import { z } from 'zod';
import { RestoreReportSchema } from '../backup/restore-report';
import { SeedStatusSchema } from './seed-channels';

/** The largest backup file a restore takes: 64 MiB (a backup of a wallet's swaps stays far below it). */
export const RESTORE_BACKUP_MAX_BYTES = 64 * 1024 * 1024;
/** Its base64 length. */
export const RESTORE_BACKUP_MAX_BASE64 = Math.ceil(RESTORE_BACKUP_MAX_BYTES / 3) * 4;

export const RestoreRequestSchema = z
  .object({
    words: z.string().min(1).max(1000),
    /** The backup file the person chose, as the page read it. */
    backup: z
      .object({
        name: z.string().max(300),
        base64: z
          .string()
          .min(1)
          .max(RESTORE_BACKUP_MAX_BASE64, `a backup file is at most ${RESTORE_BACKUP_MAX_BYTES / 1024 / 1024} MiB`)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;

export const RESTORE_CHANNELS = {
  /** Restore the seed of these words and, with a backup file, the swaps it holds; the wallet reopens on them. */
  'restore:run': {
    request: RestoreRequestSchema,
    response: z.object({ status: SeedStatusSchema, outcome: z.enum(['written', 'same', 'replaced']), report: RestoreReportSchema }).strict(),
  },
  /** The last restore's report, until dismissed (null: none). */
  'restore:report': { request: z.object({}).strict(), response: RestoreReportSchema.nullable() },
  'restore:dismiss': { request: z.object({}).strict(), response: z.object({ dismissed: z.boolean() }).strict() },
} as const;
