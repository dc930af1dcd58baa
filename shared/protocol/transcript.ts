// Transcript entries: the RFC-09 sources (syncer events, client datum, peer messages in and out,
// loopback timers, tasks to each syncer) plus checkpoint markers and runtime control, each with
// direction, per-swap sequence number and timestamp. Guards the fold: only these shapes are applied.
import { z } from 'zod';
import { SwapIdSchema } from '../ids';
import { appError, err, ok, type AppError, type Result } from '../result';
import { BtcTaskSchema, SyncerEventSchema, XmrTaskSchema } from '../syncer/messages';
import { ClientDatumSchema, DatumRequestSchema } from './datum';
import { fastEntry } from './entry-fast-path';
import { PeerMessageSchema, PEER_MESSAGE_TYPES } from './peer-messages';

/** Why an output was emitted: a net transition (the entry with `last` fires it), or maintenance. */
export const CauseSchema = z
  .object({ by: z.string().regex(/^[a-z][a-z0-9_:-]{0,60}$/), last: z.boolean() })
  .strict();
export type Cause = z.infer<typeof CauseSchema>;

export const CheckpointNameSchema = z.enum(['after-reveal', 'pre-lock', 'post-refund-sigs', 'post-buy-sig']);
export type CheckpointName = z.infer<typeof CheckpointNameSchema>;

export const TimerSchema = z
  .object({ kind: z.enum(['retry', 'recheck', 'reconnect']), at: z.number().int().min(0) })
  .strict();

/** Local verdicts and runtime facts; the decider never performs crypto or I/O itself. */
export const ControlSchema = z.discriminatedUnion('kind', [
  /** The swap record was created: the first input, it lets the first actions run. */
  z.object({ kind: z.literal('start') }).strict(),
  /** Process restarted: gate every action until the chains are caught up (pitfall 11.2 #3). */
  z.object({ kind: z.literal('restored') }).strict(),
  /** Each syncer reported its tip and the status of every re-watched tx. */
  z.object({ kind: z.literal('synced') }).strict(),
]);
export type Control = z.infer<typeof ControlSchema>;

/** The runtime could not verify a peer message (commit mismatch, bad DLEQ, bad signature, template, fee). */
export const PeerVerdictSchema = z
  .object({ kind: z.literal('peer-invalid'), msgType: z.enum(PEER_MESSAGE_TYPES as [string, ...string[]]), reason: z.string().max(500) })
  .strict();

const v = <K extends string, D extends 'in' | 'out', S extends z.ZodRawShape>(kind: K, dir: D, shape: S) =>
  z.object({ kind: z.literal(kind), dir: z.literal(dir), ...shape }).strict();

/** Body of an entry; `kind` names the variant, `dir` is fixed per variant. */
export const EntryBodySchema = z.discriminatedUnion('kind', [
  v('btc-event', 'in', { event: SyncerEventSchema }), // RFC-09 source 2 (arbitrating syncer)
  v('xmr-event', 'in', { event: SyncerEventSchema }), // source 1 (accordant syncer)
  v('client-datum', 'in', { datum: ClientDatumSchema }), // source 3
  v('peer-in', 'in', { msg: PeerMessageSchema }), // source 4 (already verified by the runtime)
  v('peer-verdict', 'in', { verdict: PeerVerdictSchema }), // source 4, a message that failed verification
  v('timer-fired', 'in', { timer: TimerSchema }), // source 6
  v('control', 'in', { control: ControlSchema }), // local
  v('peer-out', 'out', { msg: PeerMessageSchema, cause: CauseSchema }), // source 5
  v('client-request', 'out', { request: DatumRequestSchema, cause: CauseSchema }), // RFC-06 daemon -> client
  v('timer-set', 'out', { timer: TimerSchema, cause: CauseSchema }), // source 6
  v('btc-task', 'out', { task: BtcTaskSchema, cause: CauseSchema }), // source 8
  v('xmr-task', 'out', { task: XmrTaskSchema, cause: CauseSchema }), // source 7
  v('checkpoint', 'out', { name: CheckpointNameSchema, cause: CauseSchema }), // marker: write state before later outputs
]);
export type EntryBody = z.infer<typeof EntryBodySchema>;
export type EntryKind = EntryBody['kind'];
export type InputBody = Extract<EntryBody, { dir: 'in' }>;
export type OutputBody = Extract<EntryBody, { dir: 'out' }>;
/** An output as a net action produces it, before its cause is attached. */
export type Emit = OutputBody extends infer T ? (T extends unknown ? Omit<T, 'cause'> : never) : never;

/** RFC-09 source number of each kind (0 = local, not one of the eight). */
export const RFC09_SOURCE: Readonly<Record<EntryKind, number>> = {
  'xmr-event': 1,
  'btc-event': 2,
  'client-datum': 3,
  'client-request': 3,
  'peer-in': 4,
  'peer-verdict': 4,
  'peer-out': 5,
  'timer-fired': 6,
  'timer-set': 6,
  'xmr-task': 7,
  'btc-task': 8,
  checkpoint: 0,
  control: 0,
};

const header = {
  swapId: SwapIdSchema,
  /** Dense per swap, from 0: entry n is applied to the fold of entries 0..n-1. */
  seq: z.number().int().min(0),
  /** Milliseconds since the epoch, supplied by the runtime (the decider has no clock). */
  ts: z.number().int().min(0),
};
const headed = EntryBodySchema.options.map((o) => o.extend(header));
export const TranscriptEntrySchema = z.discriminatedUnion('kind', headed as unknown as [typeof headed[number], ...typeof headed]);
export type TranscriptEntry = EntryBody & { readonly swapId: z.infer<typeof SwapIdSchema>; readonly seq: number; readonly ts: number };
export type InputEntry = Extract<TranscriptEntry, { dir: 'in' }>;
export type OutputEntry = Extract<TranscriptEntry, { dir: 'out' }>;

export type EntryError = AppError<'entry-malformed'>;

/** Parse an untrusted entry (from disk or IPC); never throws. */
export function parseEntry(raw: unknown): Result<TranscriptEntry, EntryError> {
  // The bulk of a long transcript (block heights, confirmations) is checked by hand, as zod would;
  // every other shape, and every rejection, is zod's (entry-fast-path.ts, proven equal by its test).
  const fast = fastEntry(raw);
  if (fast !== undefined) return ok(fast);
  const r = TranscriptEntrySchema.safeParse(raw);
  if (r.success) return ok(r.data as TranscriptEntry);
  const first = r.error.issues[0];
  return err(appError('entry-malformed', `transcript entry rejected: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}`));
}
