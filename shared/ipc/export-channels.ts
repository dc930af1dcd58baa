// The schemas of a swap's two exports (swap:export-support, swap:export-recovery), kept beside
// channels.ts, which lists them in its table. Each answers a file: its name and its JSON text, which
// the swap page saves through a download link. The support file is redacted (shared/protocol/
// support-export.ts); the recovery file holds signed transactions and, once the person owns the XMR,
// a Monero private key (shared/protocol/support-export-recovery.ts): it stays with the person.
import { z } from 'zod';

const SwapIdText = z.string().regex(/^[0-9a-f]{32}$/);

export const ExportFileSchema = z.object({
  fileName: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  /** 40 MB: the log lines of a long swap stay far under it. */
  json: z.string().max(40_000_000),
});
export type ExportFileView = z.infer<typeof ExportFileSchema>;

export const EXPORT_CHANNELS = {
  /** The swap's transcript and wallet log lines for support, with no key, signature or raw transaction. */
  'swap:export-support': { request: z.object({ swapId: SwapIdText }).strict(), response: ExportFileSchema },
  /** The signed cancel/refund (Bob) or cancel/punish/buy (Alice), and the Monero keys once owned. */
  'swap:export-recovery': { request: z.object({ swapId: SwapIdText }).strict(), response: ExportFileSchema },
} as const;
