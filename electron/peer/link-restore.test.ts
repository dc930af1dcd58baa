import { describe, expect, it } from 'vitest';
import { LinkOutbox } from './link-outbox';
import { canonicalJson, restoreFromTranscript, SentMessages } from './link-restore';

describe('link restore from the transcript', () => {
  it('numbers own messages 1..n, offers all of them again and starts the receive cursor at 0', () => {
    const r = restoreFromTranscript([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(r).toEqual({ lastSentSeq: 3, unacked: [{ seq: 1, body: { a: 1 } }, { seq: 2, body: { a: 2 } }, { seq: 3, body: { a: 3 } }], lastReceivedSeq: 0 });
    const o = new LinkOutbox(r);
    expect(o.nextSeq).toBe(4);
    expect(o.pending.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('a message equal up to key order and undefined fields is one message; a changed value is another', () => {
    expect(canonicalJson({ b: [1, { y: 2, x: 1 }], a: 'x', c: undefined })).toBe(canonicalJson({ a: 'x', b: [1, { x: 1, y: 2 }] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
    const s = new SentMessages([{ type: 'commit', n: 1 }]);
    expect(s.add({ n: 1, type: 'commit' })).toBe(false);
    expect(s.add({ type: 'reveal', n: 1 })).toBe(true);
    expect(s.add({ type: 'reveal', n: 1 })).toBe(false);
  });
});
