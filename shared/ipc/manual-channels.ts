// The swap page's manual commands (swap:manual), kept beside channels.ts, which lists them in its table:
// cancel, refund (Bob) or punish (Alice) now, behind the page's confirmation. The wallet feeds the
// command to the swap's daemon like any client datum (electron/app/manual-command.ts); refused, the
// answer is the error with the reason (e.g. the timelock opens in about K blocks), and nothing is recorded.
import { z } from 'zod';

const SwapIdText = z.string().regex(/^[0-9a-f]{32}$/);

export const ManualActionSchema = z.enum(['cancel', 'refund', 'punish']);

export const ManualResultSchema = z.object({
  action: ManualActionSchema,
  txid: z.string().regex(/^[0-9a-f]{64}$/),
  /** The recorded command's place in the swap's transcript (its broadcast follows it). */
  seq: z.number().int().min(0),
  /** Allowed, but the person should know (Bob's refund late in its window). */
  warning: z.string().max(500).nullable(),
  /** The node had the transaction already: it only waits for a block. */
  inMempool: z.boolean(),
  /** What happens next, in the person's words. */
  next: z.string().max(500),
});
export type ManualResultView = z.infer<typeof ManualResultSchema>;

export const MANUAL_CHANNELS = {
  'swap:manual': { request: z.object({ swapId: SwapIdText, action: ManualActionSchema }).strict(), response: ManualResultSchema },
} as const;
