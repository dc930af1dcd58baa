// The protocol adapter's codec without a disk: every entry of real decider transcripts round-trips;
// a wrong record type, swap id or seq, non-JSON or schema-invalid payload is refused; states round-trip.
import { describe, expect, it } from 'vitest';
import { aliceDecider, bobDecider } from '../../shared/protocol/decider';
import { fakeDeal, swapIdOf, syntheticTranscript } from '../../rigs/protocol/synthetic';
import { ENTRY_TYPE, protocolEntryCodec, protocolFold, protocolStateCodec } from './protocol-codec';

const codec = protocolEntryCodec();

describe('protocol entry codec', () => {
  for (const role of ['alice', 'bob'] as const) {
    it(`round-trips every entry of a ${role} transcript at its own position`, () => {
      const t = syntheticTranscript(role, 300);
      const kinds = new Set<string>();
      for (const e of t) {
        const { type, payload } = codec.encode(e);
        expect(type).toBe(ENTRY_TYPE[e.kind]);
        const back = codec.decode(type, payload, { swapId: e.swapId, seq: e.seq + 1 });
        expect(back).toEqual({ ok: true, value: e });
        kinds.add(e.kind);
      }
      expect(kinds.size).toBeGreaterThan(3);
    });
  }

  it('refuses a mismatched type, swap id or seq, non-JSON and schema-invalid payloads', () => {
    const e = syntheticTranscript('bob', 5)[2]!;
    const { type, payload } = codec.encode(e);
    const at = { swapId: e.swapId, seq: e.seq + 1 };
    expect(codec.decode(type === 1 ? 2 : 1, payload, at).ok).toBe(false);
    expect(codec.decode(type, payload, { ...at, swapId: swapIdOf(99) }).ok).toBe(false);
    expect(codec.decode(type, payload, { ...at, seq: at.seq + 1 }).ok).toBe(false);
    expect(codec.decode(type, new TextEncoder().encode('{"kind":'), at).ok).toBe(false);
    expect(codec.decode(type, Uint8Array.of(0xff, 0xfe), at).ok).toBe(false);
    const extra = new TextEncoder().encode(JSON.stringify({ ...e, sneaky: 1 }));
    expect(codec.decode(type, extra, at).ok).toBe(false);
  });

  it('state codec round-trips a folded state and refuses a foreign shape', () => {
    const t = syntheticTranscript('alice', 200);
    const fold = protocolFold(aliceDecider, fakeDeal('alice', t[0]!.swapId));
    const s = t.reduce(fold.apply, fold.initial);
    expect(s.kind).toBe('ok');
    expect(protocolStateCodec.decode(protocolStateCodec.encode(s))).toEqual({ ok: true, value: s });
    expect(protocolStateCodec.decode(new TextEncoder().encode('{"kind":"ok","state":{"v":2}}')).ok).toBe(false);
    expect(protocolStateCodec.decode(new TextEncoder().encode('[]')).ok).toBe(false);
  });

  it('an entry the decider refuses makes the fold unreplayable instead of guessing', () => {
    const t = syntheticTranscript('bob', 10);
    const fold = protocolFold(bobDecider, fakeDeal('bob', t[0]!.swapId));
    const skipped = [t[0]!, t[2]!]; // seq 2 right after seq 0
    const s = skipped.reduce(fold.apply, fold.initial);
    expect(s.kind).toBe('unreplayable');
  });
});
