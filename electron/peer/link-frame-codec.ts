// Length-prefixed frames on a byte stream: 4-byte big-endian length, then that many payload bytes.
// Guards: a frame over the limit is refused from its header alone (never buffered), and a decoder
// that saw bad input stays failed, so no byte after a broken frame is ever read as a message.
import { err, ok, type Result } from '../../shared/result';
import { peerError, type PeerError } from './peer-errors';

export const FRAME_HEADER_BYTES = 4;
/**
 * 256 KiB: a reveal carries the ~65 KB DLEQ proof, which hex inside JSON doubles to ~130 KB, past a
 * 128 KiB limit; 256 KiB keeps that with room while still bounding what a peer can make us buffer.
 */
export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024;

export function encodeFrame(payload: Uint8Array, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): Result<Buffer, PeerError> {
  if (payload.length > maxFrameBytes) {
    return err(peerError('frame-too-large', `frame of ${payload.length} bytes exceeds the ${maxFrameBytes}-byte limit`));
  }
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  out.writeUInt32BE(payload.length, 0);
  out.set(payload, FRAME_HEADER_BYTES);
  return ok(out);
}

/** Incremental decoder: feed it whatever chunks TCP hands over, get whole frames back in order. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: PeerError | undefined;

  /** Adjustable: the listener reads the hello with its own limit, then hands the decoder to a link with the link's. */
  constructor(public limit = DEFAULT_MAX_FRAME_BYTES) {}

  get failed(): PeerError | undefined {
    return this.failure;
  }

  /** Bytes held for a frame that is not complete yet. */
  get pendingBytes(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): Result<Buffer[], PeerError> {
    if (this.failure) return err(this.failure);
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.buffered += chunk.length;
    }
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < FRAME_HEADER_BYTES) break;
      const head = this.peek(FRAME_HEADER_BYTES);
      const len = head.readUInt32BE(0);
      if (len > this.limit) return this.fail(peerError('frame-too-large', `peer announced a ${len}-byte frame; the limit is ${this.limit}`));
      if (len === 0) return this.fail(peerError('bad-frame', 'empty frame'));
      if (this.buffered < FRAME_HEADER_BYTES + len) break;
      const whole = this.take(FRAME_HEADER_BYTES + len);
      frames.push(whole.subarray(FRAME_HEADER_BYTES));
    }
    return ok(frames);
  }

  private fail(e: PeerError): Result<never, PeerError> {
    this.failure = e;
    this.chunks = [];
    this.buffered = 0;
    return err(e);
  }

  /** Joins only as many leading chunks as needed, so a big frame arriving in pieces is copied once. */
  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) return first;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  private take(n: number): Buffer {
    const joined = this.peek(n);
    const out = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.chunks = rest.length > 0 ? [rest, ...this.chunks.slice(1)] : this.chunks.slice(1);
    this.buffered -= n;
    return out;
  }
}
