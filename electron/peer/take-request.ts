// A taker's take of a standing offer, asked before the taker creates anything: one TLS connection to
// the offer's maker (its key pinned), one hello naming the derived swap id and carrying the take, and
// the maker's answer: its hello (the take is accepted, the maker's swap and link exist) or a reject
// frame with a typed reason. Guards: a refused take leaves nothing behind on either side; the answer
// is read from a frame that parses completely, anything else is an error, never an acceptance.
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import type { SwapId } from '../../shared/ids';
import { TakeRefusalSchema, type TakeRefusal, type TakeRequest } from '../../shared/offer/standing-offer';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { DEFAULT_MAX_FRAME_BYTES, FrameDecoder } from './link-frame-codec';
import { decodeEnvelope, encodeEnvelope, envelopeSchema, LINK_VERSION } from './link-envelope';
import type { PeerIdentity } from './peer-identity';
import { dialTls, type DialTarget } from './tls-dial';

/** Refused: the maker's typed reason; the other kinds say the maker could not be asked. */
export type TakeAnswerError = AppError<TakeRefusal | 'take-unanswered'>;

const answerSchema = envelopeSchema(z.unknown());
const REFUSALS = new Set<string>(TakeRefusalSchema.options);

export async function requestTake(maker: DialTarget, identity: PeerIdentity, swapId: SwapId, take: TakeRequest, timeoutMs = 15_000): Promise<Result<void, TakeAnswerError>> {
  const dialed = await dialTls(maker, identity, timeoutMs);
  if (!dialed.ok) return err(appError('take-unanswered', `cannot ask the maker: ${dialed.error.message}`));
  const socket = dialed.value;
  try {
    const hello = encodeEnvelope({ type: 'hello', swapId, seq: 0, ack: 0, body: { version: LINK_VERSION, firstUnacked: 1, take } }, 4096);
    if (!hello.ok) return err(appError('take-unanswered', hello.error.message));
    socket.write(hello.value);
    return await firstAnswer(socket, timeoutMs);
  } finally {
    socket.destroy();
  }
}

function firstAnswer(socket: TLSSocket, timeoutMs: number): Promise<Result<void, TakeAnswerError>> {
  return new Promise((resolve) => {
    // The maker's own first messages may follow its hello in the same read: allow a link-sized frame.
    const decoder = new FrameDecoder(DEFAULT_MAX_FRAME_BYTES);
    const unanswered = (why: string) => resolve(err(appError('take-unanswered', `the maker did not answer the take: ${why}`)));
    const timer = setTimeout(() => unanswered(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      unanswered('it closed the connection');
    });
    socket.on('data', (chunk: Buffer) => {
      const frames = decoder.push(chunk);
      const first = frames.ok ? frames.value[0] : undefined;
      if (frames.ok && first === undefined) return;
      clearTimeout(timer);
      const env = first === undefined ? null : decodeEnvelope(first, answerSchema);
      if (!env?.ok) return unanswered('its first frame does not parse');
      if (env.value.type === 'hello') return resolve(ok(undefined));
      if (env.value.type === 'reject' && REFUSALS.has(env.value.body.reason)) {
        return resolve(err(appError(env.value.body.reason as TakeRefusal, env.value.body.message)));
      }
      unanswered(env.value.type === 'reject' ? `${env.value.body.reason}: ${env.value.body.message}` : `its first frame is ${env.value.type}`);
    });
  });
}
