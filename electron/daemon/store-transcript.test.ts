// The swap transcript codec (store-transcript.ts) without a disk: the genesis and every entry of real
// decider transcripts round-trip at their own record; a wrong record type, swap id or seq, non-JSON or
// schema-invalid payload is refused; checkpoint states round-trip; an entry the fold cannot apply makes
// the swap unreplayable instead of guessing.
import { describe, expect, it } from 'vitest';
import { parseSwapState } from '../../shared/protocol/decider';
import type { Role } from '../../shared/protocol/deal';
import type { SwapId } from '../../shared/ids';
import { fakeDeal, swapIdOf, syntheticTranscript } from '../../rigs/protocol/synthetic';
import type { SwapGenesis } from './daemon-ports';
import { swapDecider } from '../../shared/protocol/swap-decider';
import { storePorts, type StoredEntry } from './store-transcript';
import { simulate, type Behaviour } from '../../rigs/protocol/swap-sim.helpers';
import { EntryBodySchema } from '../../shared/protocol/transcript';

const ports = storePorts(swapDecider(), parseSwapState);
const { codec, fold, stateCodec } = ports;
const genesisOf = (role: Role, swapId: SwapId): SwapGenesis => ({ kind: 'genesis', deal: fakeDeal(role, swapId), offer: null, createdAt: 1_700_000_000_000 });
const bytes = (s: string) => new TextEncoder().encode(s);

describe('swap transcript codec', () => {
  for (const role of ['alice', 'bob'] as const) {
    it(`round-trips the genesis and every entry of a ${role} transcript at its own record`, () => {
      const t = syntheticTranscript(role, 300);
      const g = genesisOf(role, t[0]!.swapId);
      const gr = codec.encode(g);
      expect(gr.type).toBe(1);
      expect(codec.decode(gr.type, gr.payload, { swapId: g.deal.swapId, seq: 1 })).toEqual({ ok: true, value: g });
      const kinds = new Set<string>();
      for (const e of t) {
        const { type, payload } = codec.encode(e);
        expect(type).toBe(2);
        expect(codec.decode(type, payload, { swapId: e.swapId, seq: e.seq + 2 })).toEqual({ ok: true, value: e });
        kinds.add(e.kind);
      }
      expect(kinds.size).toBeGreaterThan(3);
    });
  }

  it('refuses a mismatched type, swap id or seq, non-JSON and schema-invalid payloads', () => {
    const e = syntheticTranscript('bob', 5)[2]!;
    const { type, payload } = codec.encode(e);
    const at = { swapId: e.swapId, seq: e.seq + 2 };
    expect(codec.decode(type, payload, at).ok).toBe(true);
    expect(codec.decode(1, payload, at).ok).toBe(false);
    expect(codec.decode(3, payload, at).ok).toBe(false);
    expect(codec.decode(type, payload, { ...at, swapId: swapIdOf(99) }).ok).toBe(false);
    expect(codec.decode(type, payload, { ...at, seq: at.seq + 1 }).ok).toBe(false);
    expect(codec.decode(type, bytes('{"kind":'), at).ok).toBe(false);
    expect(codec.decode(type, Uint8Array.of(0xff, 0xfe), at).ok).toBe(false);
    expect(codec.decode(type, bytes(JSON.stringify({ ...e, sneaky: 1 })), at).ok).toBe(false);
  });

  it('reads non-ASCII text as UTF-8 and still refuses invalid UTF-8 inside a JSON string (ASCII takes a faster decode)', () => {
    const t = syntheticTranscript('bob', 40);
    const e = t.find((x) => x.kind === 'btc-event')!;
    const at = { swapId: e.swapId, seq: e.seq + 2 };
    const g = genesisOf('bob', e.swapId);
    const withText = { ...g, offer: 'caf\u00e9 \u2713' };
    const enc = codec.encode(withText);
    expect(codec.decode(enc.type, enc.payload, { swapId: g.deal.swapId, seq: 1 })).toEqual({ ok: true, value: withText });
    // 0xe9 alone is Latin-1 for an accented e but not UTF-8: it must not read as text
    const json = JSON.stringify({ ...g, offer: 'cafX' });
    const raw = bytes(json);
    raw[json.indexOf('cafX') + 3] = 0xe9;
    expect(codec.decode(1, raw, { swapId: g.deal.swapId, seq: 1 }).ok).toBe(false);
    const ok = codec.encode(e);
    expect(codec.decode(ok.type, Buffer.from(ok.payload), at)).toEqual({ ok: true, value: e });
  });

  it('refuses a genesis of another swap, or one stored anywhere but record 1', () => {
    const g = genesisOf('alice', swapIdOf(3));
    const { type, payload } = codec.encode(g);
    expect(codec.decode(type, payload, { swapId: swapIdOf(3), seq: 1 }).ok).toBe(true);
    expect(codec.decode(type, payload, { swapId: swapIdOf(4), seq: 1 }).ok).toBe(false);
    expect(codec.decode(type, payload, { swapId: swapIdOf(3), seq: 2 }).ok).toBe(false);
    expect(codec.decode(type, bytes(JSON.stringify({ ...g, sneaky: 1 })), { swapId: swapIdOf(3), seq: 1 }).ok).toBe(false);
  });

  it('state codec round-trips a folded state and refuses a foreign shape', () => {
    const t = syntheticTranscript('alice', 200);
    const entries: StoredEntry[] = [genesisOf('alice', t[0]!.swapId), ...t];
    const s = entries.reduce(fold.apply, fold.initial);
    expect(s.kind).toBe('ok');
    expect(stateCodec.decode(stateCodec.encode(s))).toEqual({ ok: true, value: s });
    expect(stateCodec.decode(bytes('{"kind":"ok","record":{"v":2}}')).ok).toBe(false);
    expect(stateCodec.decode(bytes('[]')).ok).toBe(false);
  });

  it('an entry before the genesis, a second genesis or a gap makes the fold unreplayable instead of guessing', () => {
    const t = syntheticTranscript('bob', 10);
    const g = genesisOf('bob', t[0]!.swapId);
    const replay = (es: StoredEntry[]) => es.reduce(fold.apply, fold.initial);
    expect(replay([t[0]!]).kind).toBe('unreplayable');
    expect(replay([g, t[0]!, g]).kind).toBe('unreplayable');
    expect(replay([g, t[0]!, t[2]!]).kind).toBe('unreplayable'); // seq 2 right after seq 0
    expect(ports.summarize(replay([g, t[0]!, t[2]!])).outcome).toMatch(/^unreplayable/);
  });

  it('summarize: an end with nothing standing is settled; Alice refunded before her sweep keeps the sweep for the index', () => {
    const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };
    const folded = (run: ReturnType<typeof simulate>['bob'], cut?: number) => {
      const t = cut === undefined ? run.transcript : run.transcript.slice(0, cut);
      return [genesisOf(run.role, t[0]!.swapId), ...t].reduce(fold.apply, fold.initial);
    };
    const swapped = simulate(12, calm).bob;
    expect(ports.summarize(folded(swapped))).toEqual({ role: 'bob', outcome: 'swapped', settled: true, afterEnd: null });
    expect(ports.summarize(folded(swapped, 5))).toEqual({ role: 'bob', outcome: null, settled: false, afterEnd: null });
    const refunded = ports.summarize(folded(simulate(13, { ...calm, aliceXmr: 'never' }).alice));
    expect(refunded).toMatchObject({ role: 'alice', outcome: 'refunded', settled: false });
    expect(refunded.afterEnd).toHaveLength(1);
    const sweep = EntryBodySchema.safeParse(refunded.afterEnd![0]);
    expect(sweep.success && sweep.data.kind === 'xmr-task' && sweep.data.task.kind).toBe('sweep');
  });
});
