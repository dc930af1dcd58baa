// The one codec of swap transcripts: adapter from the generic transcript store (electron/store) to the
// actor's TranscriptPort. Record 1 of each file is the swap's genesis (deal, offer), records 2.. are
// protocol entries (seq = store seq - 2), JSON payloads checked with the protocol's zod schemas on every
// read. Invariants: a record is accepted only if its schema passes and the swap id and seq it carries
// match the checked record it sits in; an entry the fold cannot apply makes the swap unreplayable
// (reported like damage), never a guessed state.
import { Buffer, isAscii } from 'node:buffer';
import { z } from 'zod';
import type { SwapId } from '../../shared/ids';
import { OUTCOMES, type Outcome } from '../../shared/petri/net';
import { DealSchema } from '../../shared/protocol/deal';
import { EntryBodySchema, parseEntry, type OutputBody, type TranscriptEntry } from '../../shared/protocol/transcript';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { EntryCodec, Fold, StateCodec, StorePorts, SwapSummary } from '../store/store-ports';
import { openTranscriptStore, type TranscriptStore } from '../store/transcript-store';
import type { AppendResult, RecoveredSwap, SwapDecider, SwapGenesis, SwapListing, SwapRecord, TranscriptPort } from './daemon-ports';
import { applyRecord, initialRecord } from './swap-record';
import { isSettled } from './swap-settled';

const TYPE_GENESIS = 1;
const TYPE_ENTRY = 2;
/** Store seq of protocol entry 0 (the genesis is store seq 1). */
const SEQ_OFFSET = 2;

export const GenesisSchema = z
  .object({ kind: z.literal('genesis'), deal: DealSchema, offer: z.string().max(4000).nullable(), createdAt: z.number().int().min(0) })
  .strict();

export type StoredEntry = SwapGenesis | TranscriptEntry;
export type StoredState<S> =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ok'; readonly record: SwapRecord<S> }
  | { readonly kind: 'unreplayable'; readonly reason: string };

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 text of a payload. Payloads are nearly always ASCII (hex, ids, numbers): for those the bytes
 * read the same as Latin-1, which Node decodes far faster than a TextDecoder call per record; the
 * rest go through the strict decoder (invalid UTF-8 still fails).
 */
function utf8Text(bytes: Uint8Array): string {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isAscii(b) ? b.toString('latin1') : dec.decode(b);
}

function parseJson(bytes: Uint8Array): Result<unknown, AppError> {
  try {
    return ok(JSON.parse(utf8Text(bytes)));
  } catch (e) {
    return err(appError('decode-failed', `not JSON: ${e instanceof Error ? e.message : String(e)}`));
  }
}

export function storePorts<S>(decider: SwapDecider<S>, parseCore: (raw: unknown) => Result<S, AppError>): StorePorts<StoredEntry, StoredState<S>> {
  const codec: EntryCodec<StoredEntry> = {
    encode: (e) => ({ type: e.kind === 'genesis' ? TYPE_GENESIS : TYPE_ENTRY, payload: enc.encode(JSON.stringify(e)) }),
    decode(type, payload, at) {
      const j = parseJson(payload);
      if (!j.ok) return j;
      if (type === TYPE_GENESIS) {
        const g = GenesisSchema.safeParse(j.value);
        if (!g.success) return err(appError('decode-failed', `genesis: ${g.error.issues[0]?.message ?? 'invalid'}`));
        if (at && (g.data.deal.swapId !== at.swapId || at.seq !== SEQ_OFFSET - 1)) {
          return err(appError('decode-failed', `genesis of swap ${g.data.deal.swapId} stored as record ${at.seq} of ${at.swapId}`));
        }
        return ok(g.data as SwapGenesis);
      }
      if (type !== TYPE_ENTRY) return err(appError('decode-failed', `unknown record type ${type}`));
      const p = parseEntry(j.value);
      if (!p.ok || !at) return p;
      if (p.value.swapId !== at.swapId) return err(appError('decode-failed', `entry of swap ${p.value.swapId} in the transcript of ${at.swapId}`));
      if (p.value.seq + SEQ_OFFSET !== at.seq) return err(appError('decode-failed', `entry seq ${p.value.seq} stored as record ${at.seq}`));
      return p;
    },
  };
  const fold: Fold<StoredEntry, StoredState<S>> = {
    initial: { kind: 'empty' },
    apply(st, e) {
      if (st.kind === 'unreplayable') return st;
      if (e.kind === 'genesis') return st.kind === 'empty' ? { kind: 'ok', record: initialRecord(decider, e) } : { kind: 'unreplayable', reason: 'a second genesis record' };
      if (st.kind === 'empty') return { kind: 'unreplayable', reason: 'an entry before the genesis record' };
      try {
        return { kind: 'ok', record: applyRecord(decider, st.record, e) };
      } catch (x) {
        return { kind: 'unreplayable', reason: x instanceof Error ? x.message : String(x) };
      }
    },
  };
  const stateCodec: StateCodec<StoredState<S>> = {
    encode: (st) => enc.encode(JSON.stringify(st)),
    decode(bytes) {
      const j = parseJson(bytes);
      if (!j.ok) return j;
      const shape = z
        .object({ kind: z.literal('ok'), record: z.object({ genesis: GenesisSchema, core: z.unknown(), nextSeq: z.number().int().min(0), evidence: z.record(z.string(), z.unknown()) }).strict() })
        .strict()
        .safeParse(j.value);
      if (!shape.success) return err(appError('decode-failed', `checkpoint: ${shape.error.issues[0]?.message ?? 'invalid'}`));
      const core = parseCore(shape.data.record.core);
      if (!core.ok) return core;
      const r = shape.data.record;
      return ok({ kind: 'ok', record: { genesis: r.genesis as SwapGenesis, core: core.value, nextSeq: r.nextSeq, evidence: r.evidence as never } });
    },
  };
  return {
    codec,
    fold,
    stateCodec,
    summarize: (st) =>
      st.kind === 'ok'
        ? endSummary(decider, st.record)
        : { role: null, outcome: st.kind === 'unreplayable' ? `unreplayable: ${st.reason}`.slice(0, 200) : null, settled: false, afterEnd: null },
  };
}

/** Role and outcome; once ended, settled or the outputs standing after the end (for the index). */
function endSummary<S>(decider: SwapDecider<S>, record: SwapRecord<S>): SwapSummary {
  const outcome = decider.outcome(record.core);
  const settled = isSettled(decider, record);
  const afterEnd = outcome !== null && !settled ? decider.afterEnd(record.core) : null;
  return { role: record.genesis.deal.role, outcome, settled, afterEnd: afterEnd && afterEnd.length > 0 ? afterEnd : null };
}

/** The index's after-end outputs, checked like any record (it is a file on disk); null when any fails. */
function parseAfterEnd(raw: readonly unknown[] | null): readonly OutputBody[] | null {
  if (raw === null) return null;
  const out: OutputBody[] = [];
  for (const r of raw) {
    const p = EntryBodySchema.safeParse(r);
    if (!p.success || p.data.dir !== 'out') return null;
    out.push(p.data as OutputBody);
  }
  return out;
}

export class StoreTranscript<S> implements TranscriptPort<S> {
  private constructor(readonly store: TranscriptStore<StoredEntry, StoredState<S>>) {}

  static async open<S>(dir: string, decider: SwapDecider<S>, parseCore: (raw: unknown) => Result<S, AppError>): Promise<Result<StoreTranscript<S>, AppError>> {
    const s = await openTranscriptStore({ dir, ...storePorts(decider, parseCore) });
    return s.ok ? ok(new StoreTranscript(s.value)) : s;
  }

  async create(genesis: SwapGenesis): Promise<Result<void, AppError>> {
    const c = await this.store.create(genesis.deal.swapId);
    if (!c.ok) return c;
    const a = await this.store.append(genesis.deal.swapId, [genesis]);
    return a.status === 'durable' ? ok(undefined) : err(a.error);
  }

  async append(swapId: SwapId, entries: readonly TranscriptEntry[]): Promise<AppendResult> {
    const a = await this.store.append(swapId, entries);
    return a.status === 'durable' ? { status: 'durable' } : { status: 'failed', error: a.error };
  }

  async checkpoint(swapId: SwapId, record: SwapRecord<S>, seq: number): Promise<Result<void, AppError>> {
    const c = await this.store.checkpoint(swapId, { kind: 'ok', record }, seq + SEQ_OFFSET);
    return c.ok ? ok(undefined) : c;
  }

  async recover(swapId: SwapId): Promise<Result<RecoveredSwap<S>, AppError>> {
    const r = await this.store.recover(swapId);
    if (!r.ok) return r;
    const st = r.value.state;
    if (st.kind === 'ok') return ok({ record: st.record });
    if (st.kind === 'empty') return err(appError('swap-never-started', `swap ${swapId} has no genesis record: it never acted`));
    return err(appError('transcript-damaged', `swap ${swapId} cannot be replayed (${st.reason}); it will not be resumed automatically`));
  }

  async markEnded(swapId: SwapId, record: SwapRecord<S>): Promise<Result<void, AppError>> {
    const m = await this.store.markEnded(swapId, { kind: 'ok', record });
    return m.ok ? ok(undefined) : m;
  }

  async list(): Promise<Result<readonly SwapListing[], AppError>> {
    const l = await this.store.listSwaps();
    if (!l.ok) return l;
    return ok(
      l.value.map((s) => {
        const unreplayable = s.outcome?.startsWith('unreplayable') ? s.outcome : null;
        const finished = !unreplayable && s.outcome !== null;
        return {
          swapId: s.swapId as SwapId,
          finished,
          outcome: finished && OUTCOMES.includes(s.outcome as Outcome) ? (s.outcome as Outcome) : null,
          role: s.role === 'alice' || s.role === 'bob' ? s.role : null,
          damaged: s.damaged ?? unreplayable,
          settled: finished && s.settled,
          afterEnd: finished ? parseAfterEnd(s.afterEnd) : null,
        };
      }),
    );
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
