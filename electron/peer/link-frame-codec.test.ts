// Framing over a byte stream: frames survive any chunking, oversized and empty frames are refused
// from the header alone, and a failed decoder stays failed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from './link-frame-codec';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`link-frame-codec.test fast-check seed=${SEED}`);

const frameOf = (p: Uint8Array, max?: number) => {
  const r = encodeFrame(p, max);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('frame codec', () => {
  it('property: any payloads, concatenated and cut at any points, decode to the same payloads in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (payloads, cutsRaw) => {
          const stream = Buffer.concat(payloads.map((p) => frameOf(p)));
          const cuts = [...new Set(cutsRaw.map((c) => c % stream.length))].sort((a, b) => a - b);
          const d = new FrameDecoder();
          const out: Buffer[] = [];
          let prev = 0;
          for (const c of [...cuts, stream.length]) {
            const r = d.push(stream.subarray(prev, c));
            if (!r.ok) throw new Error(r.error.message);
            out.push(...r.value);
            prev = c;
          }
          expect(out.map((b) => Buffer.from(b).toString('hex'))).toEqual(payloads.map((p) => Buffer.from(p).toString('hex')));
          expect(d.pendingBytes).toBe(0);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('byte-by-byte delivery of two frames yields them only when complete', () => {
    const stream = Buffer.concat([frameOf(Buffer.from('hello')), frameOf(Buffer.from('world!'))]);
    const d = new FrameDecoder();
    const seen: string[] = [];
    const completedAt: number[] = [];
    for (let i = 0; i < stream.length; i++) {
      const r = d.push(stream.subarray(i, i + 1));
      if (!r.ok) throw new Error(r.error.message);
      for (const f of r.value) {
        seen.push(f.toString());
        completedAt.push(i);
      }
    }
    expect(seen).toEqual(['hello', 'world!']);
    expect(completedAt).toEqual([4 + 5 - 1, stream.length - 1]);
  });

  it('an oversized frame is refused from its 4-byte header, before any body arrives', () => {
    const d = new FrameDecoder(1024);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(1025);
    const r = d.push(head);
    expect(!r.ok && r.error.kind).toBe('frame-too-large');
    expect(d.pendingBytes).toBe(0);
    // A frame of exactly the limit is fine.
    const d2 = new FrameDecoder(1024);
    const r2 = d2.push(frameOf(new Uint8Array(1024), 1024));
    expect(r2.ok && r2.value[0]?.length).toBe(1024);
  });

  it('encodeFrame refuses a payload over the limit', () => {
    const r = encodeFrame(new Uint8Array(11), 10);
    expect(!r.ok && r.error.kind).toBe('frame-too-large');
  });

  it('an empty frame is a bad frame, and the decoder stays failed afterwards', () => {
    const d = new FrameDecoder();
    const r = d.push(Buffer.from([0, 0, 0, 0]));
    expect(!r.ok && r.error.kind).toBe('bad-frame');
    const again = d.push(frameOf(Buffer.from('valid')));
    expect(!again.ok && again.error.kind).toBe('bad-frame');
    expect(d.failed?.kind).toBe('bad-frame');
  });

  it('garbage (an HTTP request) reads as a huge length and is refused', () => {
    const d = new FrameDecoder();
    const r = d.push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(!r.ok && r.error.kind).toBe('frame-too-large');
  });

  it('frames and a partial next frame in one chunk: the partial one waits', () => {
    const a = frameOf(Buffer.from('one'));
    const b = frameOf(Buffer.from('two'));
    const d = new FrameDecoder();
    const r = d.push(Buffer.concat([a, b.subarray(0, 5)]));
    expect(r.ok && r.value.map(String)).toEqual(['one']);
    expect(d.pendingBytes).toBe(5);
    const r2 = d.push(b.subarray(5));
    expect(r2.ok && r2.value.map(String)).toEqual(['two']);
  });
});
