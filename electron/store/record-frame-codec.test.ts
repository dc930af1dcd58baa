// Frame codec properties: round-trip, and every truncation or single-byte flip of a transcript image
// is either reported (torn/damaged/bad header) or leaves a valid prefix; nothing altered is returned.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FILE_HEADER_SIZE, FILE_VERSION, encodeFileHeader, encodeFrame, frameSize, scanTranscript, type FileHeader, type FrameInput } from './record-frame-codec';

const header: FileHeader = { version: FILE_VERSION, salt: 0xdeadbeef, swapId: Uint8Array.from({ length: 16 }, (_, i) => i + 1) };

function image(frames: FrameInput[], h = header, slack = 64): Uint8Array {
  const size = FILE_HEADER_SIZE + frames.reduce((n, f) => n + frameSize(f.payload.length), 0) + slack;
  const b = new Uint8Array(size);
  b.set(encodeFileHeader(h), 0);
  let at = FILE_HEADER_SIZE;
  for (const f of frames) at = encodeFrame(b, at, h, f);
  return b;
}

const steps = (payloads: Uint8Array[], stepEvery = 1): FrameInput[] =>
  payloads.map((payload, i) => ({ seq: i + 1, type: (i % 5) + 1, stepEnd: (i + 1) % stepEvery === 0 || i === payloads.length - 1, payload }));

const frameArb = fc.array(fc.uint8Array({ maxLength: 60 }), { minLength: 1, maxLength: 12 });

describe('frame codec', () => {
  it('round-trips every record of a clean image (invariant: encode then scan is identity)', () => {
    fc.assert(
      fc.property(frameArb, fc.integer({ min: 1, max: 4 }), (payloads, every) => {
        const frames = steps(payloads, every);
        const s = scanTranscript(image(frames));
        expect(s.ok).toBe(true);
        if (!s.ok) return;
        expect(s.value.end).toEqual({ kind: 'clean' });
        expect(s.value.records.map((r) => [r.seq, r.type, r.stepEnd, [...r.payload]])).toEqual(frames.map((f) => [f.seq, f.type, f.stepEnd, [...f.payload]]));
      }),
    );
  });

  it('rejects a header with the wrong magic, version or checksum', () => {
    const b = image([]);
    for (let i = 0; i < FILE_HEADER_SIZE; i++) {
      const c = b.slice();
      c[i] = c[i]! ^ 0x01;
      const s = scanTranscript(c);
      expect(s.ok, `flip at header byte ${i}`).toBe(false);
    }
    expect(scanTranscript(new Uint8Array(10)).ok).toBe(false);
  });

  it('treats every truncation of the last record as a torn tail and keeps the records before it', () => {
    const frames = steps([new Uint8Array(20).fill(1), new Uint8Array(20).fill(2), new Uint8Array(33).fill(3)]);
    const full = image(frames, header, 0);
    const lastStart = full.length - frameSize(33);
    for (let cut = lastStart + 1; cut < full.length; cut++) {
      const s = scanTranscript(full.subarray(0, cut));
      expect(s.ok).toBe(true);
      if (!s.ok) continue;
      expect(s.value.records.map((r) => r.seq)).toEqual([1, 2]);
      const end = s.value.end;
      expect(end.kind).toBe('torn');
      // the torn region runs to the last non-zero byte: trailing zeros are indistinguishable from preallocation
      if (end.kind === 'torn') expect([end.offset, end.end <= cut, end.end > end.offset]).toEqual([lastStart, true, true]);
      expect(s.value.dataEnd).toBe(lastStart);
    }
  });

  it('detects every single-byte flip: never returns an altered record', () => {
    const payloads = [new Uint8Array([1, 2, 3]), new Uint8Array(10).fill(9), new Uint8Array([4]), new Uint8Array(7).fill(5)];
    const frames = steps(payloads);
    const clean = image(frames);
    const dataEnd = FILE_HEADER_SIZE + payloads.reduce((n, p) => n + frameSize(p.length), 0);
    for (let i = 0; i < clean.length; i++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const c = clean.slice();
        c[i] = c[i]! ^ mask;
        const s = scanTranscript(c);
        if (!s.ok) {
          expect(i).toBeLessThan(FILE_HEADER_SIZE);
          continue;
        }
        // whatever is returned is an unaltered prefix, and the flip is reported
        const got = s.value.records;
        got.forEach((r, k) => expect([...r.payload]).toEqual([...payloads[k]!]));
        expect(s.value.end.kind, `flip ${mask} at ${i}`).not.toBe('clean');
        if (i < dataEnd) expect(got.length).toBeLessThan(frames.length);
        // a flip before the last record leaves valid records after it: that is damage, not a torn tail
        const lastStart = dataEnd - frameSize(payloads[3]!.length);
        if (i >= FILE_HEADER_SIZE && i < lastStart) expect(s.value.end.kind).toBe('damaged');
      }
    }
  });

  it('applies only whole steps: a trailing record without the step-end flag joins the torn tail', () => {
    const frames: FrameInput[] = [
      { seq: 1, type: 1, stepEnd: true, payload: new Uint8Array([1]) },
      { seq: 2, type: 1, stepEnd: false, payload: new Uint8Array([2]) },
      { seq: 3, type: 1, stepEnd: false, payload: new Uint8Array([3]) },
    ];
    const s = scanTranscript(image(frames));
    expect(s.ok && s.value.records.map((r) => r.seq)).toEqual([1]);
    expect(s.ok && s.value.end.kind).toBe('torn');
  });

  it('reports a sequence gap or repeat as damage', () => {
    const gap = image([
      { seq: 1, type: 1, stepEnd: true, payload: new Uint8Array([1]) },
      { seq: 3, type: 1, stepEnd: true, payload: new Uint8Array([1]) },
    ]);
    const s = scanTranscript(gap);
    expect(s.ok && s.value.end.kind).toBe('damaged');
    expect(s.ok && s.value.records.length).toBe(1);
  });

  it('does not accept records written under another salt or swap id (a stale or foreign file)', () => {
    const other: FileHeader = { ...header, salt: 1 };
    const b = image(steps([new Uint8Array([7])]), other);
    b.set(encodeFileHeader(header), 0);
    const s = scanTranscript(b);
    expect(s.ok && s.value.records.length).toBe(0);
    expect(s.ok && s.value.end.kind).toBe('torn');
  });
});
