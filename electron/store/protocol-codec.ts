// Adapter from the swap core's transcript entries (shared/protocol) to the store's ports: a record
// type per entry kind (a table), JSON payloads parsed by TranscriptEntrySchema, the decider's apply
// as the fold. Invariant: an entry is accepted only if its schema passes and the swap id and seq it
// carries match the checked record it sits in; an entry the decider refuses makes the state unreplayable.
import type { Deal } from '../../shared/protocol/deal';
import type { Decider } from '../../shared/protocol/decider';
import { parseSwapState } from '../../shared/protocol/decider';
import type { SwapState } from '../../shared/protocol/state';
import { parseEntry, type EntryKind, type TranscriptEntry } from '../../shared/protocol/transcript';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { EntryCodec, Fold, StateCodec, StorePorts } from './store-ports';

/** Record type byte of each entry kind. Append-only: a number, once used, keeps its meaning on disk. */
export const ENTRY_TYPE: Readonly<Record<EntryKind, number>> = {
  'btc-event': 1,
  'xmr-event': 2,
  'client-datum': 3,
  'peer-in': 4,
  'peer-verdict': 5,
  'timer-fired': 6,
  control: 7,
  'peer-out': 8,
  'client-request': 9,
  'timer-set': 10,
  'btc-task': 11,
  'xmr-task': 12,
  checkpoint: 13,
};

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/**
 * `seqOffset`: store seq of protocol entry 0 (the protocol counts from 0, the store from 1; a store
 * that keeps a genesis record first would pass 2).
 */
export function protocolEntryCodec(seqOffset = 1): EntryCodec<TranscriptEntry> {
  return {
    encode: (e) => ({ type: ENTRY_TYPE[e.kind], payload: enc.encode(JSON.stringify(e)) }),
    decode(type, payload, at): Result<TranscriptEntry, AppError> {
      let raw: unknown;
      try {
        raw = JSON.parse(dec.decode(payload));
      } catch (e) {
        return err(appError('decode-failed', `entry is not JSON: ${e instanceof Error ? e.message : String(e)}`));
      }
      const p = parseEntry(raw);
      if (!p.ok) return p;
      const e = p.value;
      if (ENTRY_TYPE[e.kind] !== type) return err(appError('decode-failed', `record type ${type} holds a ${e.kind} entry`));
      if (at && e.swapId !== at.swapId) return err(appError('decode-failed', `entry of swap ${e.swapId} in the transcript of ${at.swapId}`));
      if (at && e.seq + seqOffset !== at.seq) return err(appError('decode-failed', `entry seq ${e.seq} stored as record ${at.seq}`));
      return ok(e);
    },
  };
}

/** The fold's state: the swap state, or why replay had to stop (never a guessed state). */
export type ProtocolFoldState =
  | { readonly kind: 'ok'; readonly state: SwapState }
  | { readonly kind: 'unreplayable'; readonly seq: number; readonly reason: string };

export function protocolFold(decider: Decider, deal: Deal): Fold<TranscriptEntry, ProtocolFoldState> {
  const init = decider.initialState(deal);
  if (!init.ok) throw new Error(`bug: protocolFold given an invalid deal: ${init.error.message}`);
  return {
    initial: { kind: 'ok', state: init.value },
    apply(s, e) {
      if (s.kind !== 'ok') return s;
      const r = decider.apply(s.state, e);
      return r.ok ? { kind: 'ok', state: r.value } : { kind: 'unreplayable', seq: e.seq, reason: r.error.message };
    },
  };
}

export const protocolStateCodec: StateCodec<ProtocolFoldState> = {
  encode: (s) => enc.encode(JSON.stringify(s)),
  decode(bytes) {
    let raw: unknown;
    try {
      raw = JSON.parse(dec.decode(bytes));
    } catch (e) {
      return err(appError('decode-failed', `checkpoint is not JSON: ${String(e)}`));
    }
    if (typeof raw !== 'object' || raw === null) return err(appError('decode-failed', 'checkpoint is not an object'));
    const o = raw as Record<string, unknown>;
    if (o.kind === 'unreplayable' && typeof o.seq === 'number' && typeof o.reason === 'string') {
      return ok({ kind: 'unreplayable', seq: o.seq, reason: o.reason });
    }
    if (o.kind !== 'ok' || Object.keys(o).length !== 2) return err(appError('decode-failed', 'checkpoint has an unknown shape'));
    const st = parseSwapState(o.state);
    return st.ok ? ok({ kind: 'ok', state: st.value }) : err(appError('decode-failed', st.error.message));
  },
};

/** Ports for a store whose swaps all share one deal shape per decider (tests, tools); the daemon adds a genesis record instead. */
export function protocolPorts(decider: Decider, deal: Deal): StorePorts<TranscriptEntry, ProtocolFoldState> {
  return {
    codec: protocolEntryCodec(),
    fold: protocolFold(decider, deal),
    stateCodec: protocolStateCodec,
    summarize: (s) => ({ role: decider.role, outcome: s.kind === 'ok' ? decider.outcome(s.state) : `unreplayable at seq ${s.seq}` }),
  };
}
