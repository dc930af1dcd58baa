// The ports that keep the store generic: how an entry becomes bytes, how entries fold into a state,
// and how a state is saved in a checkpoint. Invariant: the store never interprets entry contents.
import type { AppError, Result } from '../../shared/result';

/** Where a record sits: lets a codec check ids the entry carries itself against the checked frame. */
export interface RecordPosition {
  readonly swapId: string;
  readonly seq: number;
}

/** Entry <-> (record type, payload). `decode` must schema-check: it is the gate to the fold. */
export interface EntryCodec<E> {
  encode(entry: E): { readonly type: number; readonly payload: Uint8Array };
  decode(type: number, payload: Uint8Array, at?: RecordPosition): Result<E, AppError>;
}

/** The decider's evolve side: `apply` never emits, so replaying it is safe. */
export interface Fold<E, S> {
  readonly initial: S;
  apply(state: S, entry: E): S;
}

export interface StateCodec<S> {
  encode(state: S): Uint8Array;
  decode(bytes: Uint8Array): Result<S, AppError>;
}

/** What the swap list shows without folding: kept in the index, always rebuildable. */
export interface SwapSummary {
  readonly role: string | null;
  readonly outcome: string | null;
  /**
   * Nothing of this swap can ever act again (its outcome reached and no task left standing after it):
   * a start trusts the index entry alone and never opens, checks or folds the transcript.
   */
  readonly settled: boolean;
  /**
   * A finished swap that is not settled: the outputs that stand after its outcome (a sweep), kept in
   * the index so a start re-sends them without folding. Opaque to the store (JSON). Null otherwise.
   */
  readonly afterEnd: readonly unknown[] | null;
}

export interface StorePorts<E, S> {
  readonly codec: EntryCodec<E>;
  readonly fold: Fold<E, S>;
  readonly stateCodec: StateCodec<S>;
  readonly summarize: (state: S) => SwapSummary;
}
