// Tasks to the syncers and the events they send back (Farcaster RFC 05), as zod tables.
// Every message that crosses a process boundary is parsed with these schemas first; a task id is
// echoed in each event so the daemon can route it, and re-sending a task is always harmless.
import { z } from 'zod';
import { AmountSchema, HexSchema, TaskIdSchema, TxidSchema } from '../ids';

export const ChainSchema = z.enum(['btc', 'xmr']);
export type Chain = z.infer<typeof ChainSchema>;

const watchHeight = z.object({ kind: z.literal('watch-height'), id: TaskIdSchema });
const watchTx = z.object({
  kind: z.literal('watch-tx'),
  id: TaskIdSchema,
  txid: TxidSchema,
  /** Stop reporting once this many confirmations are reached (reorgs below it are still reported). */
  confirmationBound: z.number().int().min(1).max(100_000),
  /**
   * BTC: the lowest height the tx can be mined at (the swap's height when it made the watch), so the
   * syncer scans blocks from there (no tx index needed); without it, a bounded look-back from the tip.
   */
  fromHeight: z.number().int().min(0).optional(),
});
const broadcast = z.object({ kind: z.literal('broadcast'), id: TaskIdSchema, txHex: HexSchema.min(2) });
const abort = z.object({ kind: z.literal('abort'), id: TaskIdSchema, target: z.union([TaskIdSchema, z.literal('all')]) });

export const BtcTaskSchema = z.discriminatedUnion('kind', [
  watchHeight,
  watchTx,
  z.object({
    kind: z.literal('watch-address'),
    id: TaskIdSchema,
    address: z.string().min(1).max(100),
    fromHeight: z.number().int().min(0),
    /** address-tx events repeat on every confirmation change until this many (default 20); reorgs below it still report. */
    confirmationBound: z.number().int().min(1).max(100_000).optional(),
  }),
  broadcast,
  z.object({ kind: z.literal('estimate-fee'), id: TaskIdSchema, floorSatPerKvB: z.number().int().min(0) }),
  abort,
]);
export type BtcTask = z.infer<typeof BtcTaskSchema>;

export const XmrTaskSchema = z.discriminatedUnion('kind', [
  watchHeight,
  watchTx,
  z.object({
    kind: z.literal('watch-address'),
    id: TaskIdSchema,
    /** Standard address of the joint lock (public spend + public view). */
    address: z.string().min(90).max(110),
    /** Private view key (joint k_v): both parties know it; it only lets a wallet see incoming funds. */
    viewKey: HexSchema.length(64),
    fromHeight: z.number().int().min(0),
    /** address-tx events repeat on every confirmation change until this many (default 20). */
    confirmationBound: z.number().int().min(1).max(100_000).optional(),
  }),
  z.object({
    kind: z.literal('sweep'),
    id: TaskIdSchema,
    address: z.string().min(90).max(110),
    spendKey: HexSchema.length(64),
    viewKey: HexSchema.length(64),
    destination: z.string().min(90).max(110),
    fromHeight: z.number().int().min(0),
    /** Sweep only once at least this much (piconero) is unlocked. */
    minAmount: AmountSchema,
  }),
  abort,
]);
export type XmrTask = z.infer<typeof XmrTaskSchema>;

const ev = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.object({ kind: z.literal(kind), ...shape });

export const SyncerEventSchema = z.discriminatedUnion('kind', [
  ev('height', { taskId: TaskIdSchema, height: z.number().int().min(0), blockHash: HexSchema.length(64) }),
  ev('tx-confirmations', {
    taskId: TaskIdSchema,
    txid: TxidSchema,
    /** null: unknown to the node (never seen, or dropped by a reorg); 0: in the mempool. */
    confirmations: z.number().int().min(0).nullable(),
    blockHash: HexSchema.length(64).nullable(),
    /** Raw tx when known: needed to read witnesses (secret recovery from buy/refund). */
    txHex: HexSchema.nullable(),
  }),
  ev('address-tx', {
    taskId: TaskIdSchema,
    txid: TxidSchema,
    amount: AmountSchema,
    confirmations: z.number().int().min(0),
    incoming: z.boolean(),
    txHex: HexSchema.nullable(),
  }),
  ev('broadcast-result', { taskId: TaskIdSchema, txid: TxidSchema.nullable(), ok: z.boolean(), error: z.string().nullable() }),
  ev('sweep-result', { taskId: TaskIdSchema, txids: z.array(TxidSchema), ok: z.boolean(), error: z.string().nullable() }),
  ev('fee-estimate', { taskId: TaskIdSchema, satPerKvB: z.number().int().min(0) }),
  ev('task-aborted', { taskId: TaskIdSchema }),
  ev('task-error', { taskId: TaskIdSchema, error: z.string() }),
  ev('backend-unreachable', { error: z.string() }),
  ev('backend-recovered', {}),
  ev('tip-stalled', { height: z.number().int().min(0), sinceMs: z.number().int().min(0) }),
  /** The worker moved to another of the person's endpoints (hosts only, never credentials): every failover is announced. */
  ev('endpoint-switched', { from: z.string().max(300), to: z.string().max(300), reason: z.string().max(500) }),
]);
export type SyncerEvent = z.infer<typeof SyncerEventSchema>;

/** Default for watch-address tasks without a confirmationBound. */
export const DEFAULT_ADDRESS_CONFIRMATION_BOUND = 20;
