// Schema tests for transcript entries and peer messages: valid shapes parse, anything else is a typed error.
// Guards the boundary contract other modules (store, peer link, runtime) build on.
import { describe, expect, it } from 'vitest';
import { parseEntry, TranscriptEntrySchema } from './transcript';
import { parsePeerMessage } from './peer-messages';

const swapId = 'ab'.repeat(16);
const h = (n: number, c = 'a') => c.repeat(n * 2);

describe('transcript entry schema', () => {
  it('accepts a height event and a broadcast task', () => {
    const a = parseEntry({ swapId, seq: 0, ts: 1, kind: 'btc-event', dir: 'in', event: { kind: 'height', taskId: 'x:h', height: 5, blockHash: h(32) } });
    expect(a.ok).toBe(true);
    const b = parseEntry({ swapId, seq: 1, ts: 1, kind: 'btc-task', dir: 'out', task: { kind: 'broadcast', id: 'x:b', txHex: h(100) }, cause: { by: 'publish_lock', last: true } });
    expect(b.ok).toBe(true);
  });
  it('rejects a wrong direction, an unknown kind, a negative seq and extra fields with entry-malformed', () => {
    const bad = [
      { swapId, seq: 0, ts: 1, kind: 'btc-event', dir: 'out', event: { kind: 'height', taskId: 'x:h', height: 5, blockHash: h(32) } },
      { swapId, seq: 0, ts: 1, kind: 'gossip', dir: 'in' },
      { swapId, seq: -1, ts: 1, kind: 'control', dir: 'in', control: { kind: 'synced' } },
      { swapId, seq: 0, ts: 1, kind: 'control', dir: 'in', control: { kind: 'synced' }, extra: 1 },
    ];
    for (const raw of bad) {
      const r = parseEntry(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe('entry-malformed');
    }
    expect(TranscriptEntrySchema.safeParse(bad[0]).success).toBe(false);
  });
});

describe('peer messages', () => {
  it('accepts RefundProcedureSignatures with exact sizes and rejects a short adaptor signature', () => {
    const good = { type: 'refund-procedure-signatures', swapId, cancelSig: h(64), refundAdaptorSig: h(162) };
    expect(parsePeerMessage(good).ok).toBe(true);
    const r = parsePeerMessage({ ...good, refundAdaptorSig: h(161) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('peer-malformed');
  });
  it('rejects uppercase hex and a non-compressed point in a reveal', () => {
    const reveal = {
      type: 'reveal-bob', swapId, buy: '02' + h(32), cancel: '03' + h(32), refund: '02' + h(32), adaptor: '02' + h(32),
      address: 'rltc1qxyzxyzxyzxyzxyz', view: h(32), spend: h(32), proof: h(64_898),
    };
    expect(parsePeerMessage(reveal).ok).toBe(true);
    expect(parsePeerMessage({ ...reveal, buy: '04' + h(32) }).ok).toBe(false);
    expect(parsePeerMessage({ ...reveal, view: h(32, 'A') }).ok).toBe(false);
  });
});
