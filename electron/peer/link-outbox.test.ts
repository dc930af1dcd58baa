// Seq bookkeeping: numbering without gaps, cumulative acks, duplicate/gap classification, and
// restore from a transcript.
import { describe, expect, it } from 'vitest';
import { LinkOutbox } from './link-outbox';

describe('link outbox', () => {
  it('numbers own messages 1, 2, 3 and drops them only when acked', () => {
    const o = new LinkOutbox<string>();
    expect([o.enqueue('a', '"a"').seq, o.enqueue('b', '"b"').seq, o.enqueue('c', '"c"').seq]).toEqual([1, 2, 3]);
    const r = o.applyPeerAck(2);
    expect(r.ok && r.value).toBe(2);
    expect(o.pending.map((e) => e.seq)).toEqual([3]);
    const again = o.applyPeerAck(1);
    expect(again.ok && again.value).toBeUndefined();
    expect(o.pending.map((e) => e.seq)).toEqual([3]);
  });

  it('an ack for a seq never sent is a bad frame and changes nothing', () => {
    const o = new LinkOutbox<string>();
    o.enqueue('a', '"a"');
    const r = o.applyPeerAck(2);
    expect(!r.ok && r.error.kind).toBe('bad-frame');
    expect(o.peerAckedSeq).toBe(0);
    expect(o.pending.length).toBe(1);
  });

  it('classifies peer seqs: next = accept, old = duplicate, ahead = gap', () => {
    const o = new LinkOutbox<string>();
    expect(o.accept(2)).toBe('gap');
    expect(o.accept(1)).toBe('accept');
    expect(o.accept(1)).toBe('duplicate');
    expect(o.accept(2)).toBe('accept');
    expect(o.lastDeliveredSeq).toBe(0);
    o.markDelivered(1);
    expect(() => o.markDelivered(3)).toThrow();
    o.markDelivered(2);
    expect(o.lastDeliveredSeq).toBe(2);
  });

  it('restores from the transcript: numbering continues, old peer seqs are duplicates', () => {
    const o = new LinkOutbox<string>({ lastSentSeq: 5, unacked: [{ seq: 4, body: 'd' }, { seq: 5, body: 'e' }], lastReceivedSeq: 7 });
    expect(o.nextSeq).toBe(6);
    expect(o.peerAckedSeq).toBe(3);
    expect(o.pending.map((e) => e.bodyJson)).toEqual(['"d"', '"e"']);
    expect(o.accept(7)).toBe('duplicate');
    expect(o.accept(8)).toBe('accept');
  });

  it('an inconsistent restore is a bug and throws', () => {
    expect(() => new LinkOutbox<string>({ lastSentSeq: 5, unacked: [{ seq: 3, body: 'c' }], lastReceivedSeq: 0 })).toThrow(RangeError);
    expect(() => new LinkOutbox<string>({ lastSentSeq: 2, unacked: [{ seq: 1, body: 'a' }, { seq: 3, body: 'c' }], lastReceivedSeq: 0 })).toThrow(RangeError);
    expect(() => new LinkOutbox<string>({ lastSentSeq: -1, unacked: [], lastReceivedSeq: 0 })).toThrow(RangeError);
  });
});
