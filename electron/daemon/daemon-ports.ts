// The narrow ports a swap actor talks through: the decider, the durable transcript, the syncers,
// the peer link and the client. Invariant: every port call that has an effect happens only after
// the entry that caused it is durable; the actor never reaches past these interfaces.
import type { SwapId, TaskId } from '../../shared/ids';
import type { Deal, Role } from '../../shared/protocol/deal';
import type { ClientDatum, DatumRequest } from '../../shared/protocol/datum';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import type { OutputBody, TranscriptEntry } from '../../shared/protocol/transcript';
import type { AppError, Result } from '../../shared/result';
import type { BtcTask, XmrTask } from '../../shared/syncer/messages';

// The decider port is defined beside the swap core (shared/protocol/swap-decider.ts): the one
// interface the runtime meets; re-exported here so the actor's ports read in one place.
export type { Outcome, Stepped, SwapDecider } from '../../shared/protocol/swap-decider';
import type { Outcome } from '../../shared/protocol/swap-decider';

/** First record of every transcript: what the swap is, so the fold can start without an index. */
export interface SwapGenesis {
  readonly kind: 'genesis';
  readonly deal: Deal;
  /** Offer string this swap came from (maker: the one it published; taker: the one it took). */
  readonly offer: string | null;
  readonly createdAt: number;
}

export type AppendResult = { readonly status: 'durable' } | { readonly status: 'failed'; readonly error: AppError };

/** The durable transcript of every swap (electron/store behind an adapter). */
export interface TranscriptPort<S> {
  create(genesis: SwapGenesis): Promise<Result<void, AppError>>;
  /** One step (input + its outputs): resolves durable only after fdatasync. */
  append(swapId: SwapId, entries: readonly TranscriptEntry[]): Promise<AppendResult>;
  /** Full state as of entry `seq` (inclusive), written atomically; resolves once durable. */
  checkpoint(swapId: SwapId, state: SwapRecord<S>, seq: number): Promise<Result<void, AppError>>;
  recover(swapId: SwapId): Promise<Result<RecoveredSwap<S>, AppError>>;
  list(): Promise<Result<readonly SwapListing[], AppError>>;
  /**
   * Notes in the index how a finished swap ended: settled (a start skips its transcript) or the tasks
   * standing after its end (a start re-sends them and folds the swap only when an event for it comes).
   */
  markEnded?(swapId: SwapId, record: SwapRecord<S>): Promise<Result<void, AppError>>;
}

export interface SwapListing {
  readonly swapId: SwapId;
  readonly finished: boolean;
  /** From the index (no fold): what a finished swap ended as, and whose side it was. */
  readonly outcome: Outcome | null;
  readonly role: Role | null;
  /** Why the transcript cannot be trusted; such a swap is never auto-resumed. */
  readonly damaged: string | null;
  /** Finished with nothing left standing (no after-end task): a start neither folds nor resumes it. */
  readonly settled?: boolean;
  /** Finished, not settled: the outputs standing after its end, from the index (re-sent without a fold). */
  readonly afterEnd?: readonly OutputBody[] | null;
}

export interface RecoveredSwap<S> {
  readonly record: SwapRecord<S>;
}

/** What the store folds: the genesis, the decider state, and what the input filter must remember. */
export interface SwapRecord<S> {
  readonly genesis: SwapGenesis;
  readonly core: S;
  /** Next entry sequence number (= number of entries applied). */
  readonly nextSeq: number;
  readonly evidence: import('../../shared/protocol/checks/peer-evidence').PeerEvidence;
}

export type SyncerTask = { readonly chain: 'btc'; readonly task: BtcTask } | { readonly chain: 'xmr'; readonly task: XmrTask };

/** Syncer supervisor side of the daemon: tasks are idempotent, so re-sending is always harmless. */
export interface SyncerPort {
  send(t: SyncerTask): void;
}

export interface PeerPort {
  /** The message is already durable in the transcript; the link resends it until acked. */
  send(swapId: SwapId, msg: PeerMessage): void;
}

export interface ClientPort {
  request(swapId: SwapId, req: DatumRequest): void;
  /** Progress for the person: the swap's outcome once reached, or why the swap stopped. */
  notify(swapId: SwapId, note: ClientNote): void;
}

export type ClientNote =
  | { readonly kind: 'outcome'; readonly outcome: Outcome }
  | { readonly kind: 'halted'; readonly error: AppError }
  | { readonly kind: 'progress'; readonly seq: number; readonly entry: TranscriptEntry };

/** Verdict of the input filter on an untrusted input, before anything is appended. */
export interface LogLine {
  readonly component: string;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly event: string;
  readonly swapId?: SwapId;
  readonly seq?: number;
  readonly detail?: string;
}
export type Logger = (l: LogLine) => void;


export type { ClientDatum, Deal, Role, TaskId };
export type { FilterVerdict, RawInput } from '../../shared/protocol/checks/input-gate';
