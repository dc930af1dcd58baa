// The envelope every frame carries, `{type, swapId, seq, ack, body}`, as zod schemas generic over
// the protocol's message-body schema. Guards: only a frame that parses completely (strict keys,
// per-type seq rules, the caller's body schema) ever reaches the link logic.
import { z } from 'zod';
import { SwapIdSchema, type SwapId } from '../../shared/ids';
import { TakeRefusalSchema, TakeRequestSchema, type TakeRequest } from '../../shared/offer/standing-offer';
import { err, ok, type Result } from '../../shared/result';
import { encodeFrame } from './link-frame-codec';
import { peerError, type PeerError } from './peer-errors';

export const LINK_VERSION = 1;
const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const MsgSeq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const Nonce = z.number().int().min(0).max(0xffffffff);

/** Link-level reasons, and a maker's refusal of a take (the taker shows it in words). */
export const RejectReasonSchema = z.enum(['unknown-swap', 'key-mismatch', 'version', ...TakeRefusalSchema.options]);
export type RejectReason = z.infer<typeof RejectReasonSchema>;

/**
 * `seq` numbers a side's messages 1, 2, 3 ... per swap and direction; control frames carry 0.
 * `ack` is cumulative: the highest peer seq whose handler finished (made it durable).
 */
export function envelopeSchema<B>(body: z.ZodType<B>) {
  const head = { swapId: SwapIdSchema, ack: Seq };
  return z.discriminatedUnion('type', [
    // firstUnacked: the lowest own seq the sender can still resend; everything below it the peer
    // acknowledged once, so a peer that restarted with an older cursor may skip ahead to it.
    z.strictObject({ type: z.literal('hello'), ...head, seq: z.literal(0), body: z.strictObject({ version: z.number().int(), firstUnacked: MsgSeq, take: TakeRequestSchema.optional() }) }),
    z.strictObject({ type: z.literal('msg'), ...head, seq: MsgSeq, body }),
    z.strictObject({ type: z.literal('ack'), ...head, seq: z.literal(0), body: z.null() }),
    z.strictObject({ type: z.literal('ping'), ...head, seq: z.literal(0), body: z.strictObject({ nonce: Nonce }) }),
    z.strictObject({ type: z.literal('pong'), ...head, seq: z.literal(0), body: z.strictObject({ nonce: Nonce }) }),
    z.strictObject({
      type: z.literal('reject'),
      ...head,
      seq: z.literal(0),
      body: z.strictObject({ reason: RejectReasonSchema, message: z.string().max(300) }),
    }),
  ]);
}

export interface HelloBody {
  version: number;
  firstUnacked: number;
  /** A taker's first hello to a standing offer: the swap is created on the maker only if it accepts the take. */
  take?: TakeRequest;
}

export type Envelope<B> =
  | { type: 'hello'; swapId: SwapId; seq: 0; ack: number; body: HelloBody }
  | { type: 'msg'; swapId: SwapId; seq: number; ack: number; body: B }
  | { type: 'ack'; swapId: SwapId; seq: 0; ack: number; body: null }
  | { type: 'ping' | 'pong'; swapId: SwapId; seq: 0; ack: number; body: { nonce: number } }
  | { type: 'reject'; swapId: SwapId; seq: 0; ack: number; body: { reason: RejectReason; message: string } };

export type EnvelopeSchema<B> = ReturnType<typeof envelopeSchema<B>>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeEnvelope<B>(payload: Uint8Array, schema: EnvelopeSchema<B>): Result<Envelope<B>, PeerError> {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payload));
  } catch {
    return err(peerError('bad-frame', 'frame is not UTF-8 JSON'));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err(peerError('bad-frame', `frame rejected at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`));
  }
  return ok(parsed.data as Envelope<B>);
}

export function encodeEnvelope<B>(env: Envelope<B>, maxFrameBytes: number): Result<Buffer, PeerError> {
  return encodeFrame(Buffer.from(JSON.stringify(env), 'utf8'), maxFrameBytes);
}
