// Branded identifiers: a swap id, a syncer task id and a txid are all strings on the wire, but the
// type system must never let one stand in for another.
import { z } from 'zod';

export const SwapIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'swap id: 16 bytes as lowercase hex').brand<'SwapId'>();
export type SwapId = z.infer<typeof SwapIdSchema>;

/** Deterministic per purpose (e.g. `<swapId>:btc:watch-lock`) so re-sending a task is idempotent. */
export const TaskIdSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9:._-]+$/).brand<'TaskId'>();
export type TaskId = z.infer<typeof TaskIdSchema>;

export const TxidSchema = z.string().regex(/^[0-9a-f]{64}$/, 'txid: 32 bytes as lowercase hex').brand<'Txid'>();
export type Txid = z.infer<typeof TxidSchema>;

export const HexSchema = z.string().regex(/^(?:[0-9a-f]{2})*$/, 'lowercase even-length hex');
/** Amounts travel as decimal strings: satoshis and piconero exceed 2^53 in the worst case. */
export const AmountSchema = z.string().regex(/^(0|[1-9][0-9]{0,30})$/, 'amount: decimal integer string');
